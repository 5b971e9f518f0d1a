/**
 * Browser mode's files (receive to file, log to file, log export) go through the browser: `startFile` answers
 * a one-time address `/files/<id>`, and the file is written into the HTTP response of the page's
 * GET of it. A page never names a path on this computer.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { fail } from '../../shared/errors';
import type { FileArrival, FileDestinations, FileRequest } from '../engine/file-destination';
import { fileTypeOf, suggestedFileName } from '../engine/file-name';

/** The path every download address starts with. */
export const DOWNLOADS_PATH = '/files/';
/** How long a page has to fetch its download before the file fails and is forgotten. */
export const DOWNLOAD_WAIT_MS = 30_000;

/** A download the page has not fetched yet. */
export interface WaitingDownload {
  contentType: string;
  /** The file name the browser saves it under. */
  name: string;
  /** Hands over the response the file is written into. */
  deliver(output: Writable): void;
}

interface Entry extends WaitingDownload {
  /** Forgets the download and says why it never came. */
  cancel(): void;
}

export class Downloads implements FileDestinations {
  private readonly waiting = new Map<string, Entry>();

  constructor(private readonly waitMs = DOWNLOAD_WAIT_MS) {}

  choose(request: FileRequest) {
    // Unguessable: the address is the only thing between a page on this host and the stream.
    const id = randomBytes(18).toString('base64url');
    const name = suggestedFileName(request, new Date());
    let settle!: (arrival: FileArrival) => void;
    const arrived = new Promise<FileArrival>((resolve) => (settle = resolve));
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      settle(fail('FILE_ERROR', { path: name, errno: 'ETIMEDOUT' }));
    }, this.waitMs);
    const forget = () => {
      clearTimeout(timer);
      this.waiting.delete(id);
    };
    const abandon = () => {
      forget();
      settle(fail('CANCELLED', {}));
    };
    this.waiting.set(id, {
      contentType: fileTypeOf(request).contentType,
      name,
      deliver: (output) => {
        forget();
        settle({ ok: true, output });
      },
      cancel: abandon,
    });
    return Promise.resolve({
      ok: true as const,
      destination: { name, download: `${DOWNLOADS_PATH}${id}`, pending: { arrived, abandon } },
    });
  }

  /** The download at `id`, once: a second fetch of the same address finds nothing. */
  take(id: string): WaitingDownload | undefined {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    return entry;
  }

  /** Fails every download not fetched yet (the host is stopping). */
  dispose() {
    for (const entry of [...this.waiting.values()]) entry.cancel();
  }
}
