/**
 * Browser mode's file sends go through the browser: `sendFile` answers a one-time address
 * `/uploads/<id>`, and the file is the body of the page's POST to it, read as it is sent (the
 * socket's backpressure pauses the upload). A page never names a path on this computer.
 */
import { randomBytes } from 'node:crypto';
import type { FileSendStatus } from '../../shared/contract';
import { fail } from '../../shared/errors';
import type { FileSources, SourceArrival, SourceInput } from '../engine/file-source';

/** The path every upload address starts with. */
export const UPLOADS_PATH = '/uploads/';
/** How long a page has to start its upload before the send fails and is forgotten. */
export const UPLOAD_WAIT_MS = 30_000;
/** The name a send has until the upload says the file's own. */
export const UPLOAD_NAME = 'upload';

/** An upload the page has not started yet. */
export interface WaitingUpload {
  /** Hands over the request body; resolves with how the send ended. */
  deliver(input: Omit<SourceInput, 'ended'>): Promise<FileSendStatus>;
}

export class Uploads implements FileSources {
  private readonly waiting = new Map<string, WaitingUpload & { cancel(): void }>();

  constructor(private readonly waitMs = UPLOAD_WAIT_MS) {}

  choose() {
    // Unguessable: the address is the only thing between a page on this host and the socket.
    const id = randomBytes(18).toString('base64url');
    let settle!: (arrival: SourceArrival) => void;
    const arrived = new Promise<SourceArrival>((resolve) => (settle = resolve));
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      settle(fail('FILE_ERROR', { path: UPLOAD_NAME, errno: 'ETIMEDOUT', action: 'read' }));
    }, this.waitMs);
    const forget = () => {
      clearTimeout(timer);
      this.waiting.delete(id);
    };
    const abandon = () => {
      forget();
      settle(fail('CANCELLED', { what: 'send' }));
    };
    this.waiting.set(id, {
      deliver: (input) => {
        forget();
        return new Promise<FileSendStatus>((ended) => settle({ ok: true, ...input, ended }));
      },
      cancel: abandon,
    });
    return Promise.resolve({
      ok: true as const,
      source: { name: UPLOAD_NAME, upload: `${UPLOADS_PATH}${id}`, pending: { arrived, abandon } },
    });
  }

  /** The upload at `id`, once: a second POST to the same address finds nothing. */
  take(id: string): WaitingUpload | undefined {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    return entry;
  }

  /** Fails every upload not started yet (the host is stopping). */
  dispose() {
    for (const entry of [...this.waiting.values()]) entry.cancel();
  }
}
