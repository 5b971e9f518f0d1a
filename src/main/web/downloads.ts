/**
 * Browser mode's files (receive to file, log to file, log export) go through the browser: `startFile` answers
 * a one-time address `/files/<id>`, and the file is written into the HTTP response of the page's
 * GET of it. A page never names a path on this computer.
 */
import type { Writable } from 'node:stream';
import { fail } from '../../shared/errors';
import type { FileArrival, FileDestinations, FileRequest } from '../engine/file-destination';
import { fileTypeOf, suggestedFileName } from '../engine/file-name';
import { OneTimeAddresses } from './one-time-addresses';

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

export class Downloads implements FileDestinations {
  private readonly addresses: OneTimeAddresses<WaitingDownload, FileArrival>;

  constructor(waitMs = DOWNLOAD_WAIT_MS) {
    this.addresses = new OneTimeAddresses(waitMs);
  }

  choose(request: FileRequest) {
    const name = suggestedFileName(request, new Date());
    const noArrival = {
      timedOut: fail('FILE_ERROR', { path: name, errno: 'ETIMEDOUT' }),
      cancelled: fail('CANCELLED', {}),
    };
    const { id, arrived, abandon } = this.addresses.open(noArrival, (arrive) => ({
      contentType: fileTypeOf(request).contentType,
      name,
      deliver: (output) => arrive({ ok: true, output }),
    }));
    return Promise.resolve({
      ok: true as const,
      destination: { name, download: `${DOWNLOADS_PATH}${id}`, pending: { arrived, abandon } },
    });
  }

  /** The download at `id`, once: a second fetch of the same address finds nothing. */
  take(id: string): WaitingDownload | undefined {
    return this.addresses.take(id);
  }

  /** Fails every download not fetched yet (the host is stopping). */
  dispose() {
    this.addresses.dispose();
  }
}
