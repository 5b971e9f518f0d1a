/**
 * Browser mode's file sends go through the browser: `sendFile` answers a one-time address
 * `/uploads/<id>`, and the file is the body of the page's POST to it, read as it is sent (the
 * socket's backpressure pauses the upload). A page never names a path on this computer.
 */
import type { FileSendStatus } from '../../shared/contract';
import { fail } from '../../shared/errors';
import type { FileSources, SourceArrival, SourceInput } from '../engine/file-source';
import { OneTimeAddresses } from './one-time-addresses';

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
  private readonly addresses: OneTimeAddresses<WaitingUpload, SourceArrival>;

  constructor(waitMs = UPLOAD_WAIT_MS) {
    this.addresses = new OneTimeAddresses(waitMs);
  }

  choose() {
    const noArrival = {
      timedOut: fail('FILE_ERROR', { path: UPLOAD_NAME, errno: 'ETIMEDOUT', action: 'read' }),
      cancelled: fail('CANCELLED', { what: 'send' }),
    };
    const { id, arrived, abandon } = this.addresses.open(noArrival, (arrive) => ({
      deliver: (input) =>
        new Promise<FileSendStatus>((ended) => arrive({ ok: true, ...input, ended })),
    }));
    return Promise.resolve({
      ok: true as const,
      source: { name: UPLOAD_NAME, upload: `${UPLOADS_PATH}${id}`, pending: { arrived, abandon } },
    });
  }

  /** The upload at `id`, once: a second POST to the same address finds nothing. */
  take(id: string): WaitingUpload | undefined {
    return this.addresses.take(id);
  }

  /** Fails every upload not started yet (the host is stopping). */
  dispose() {
    this.addresses.dispose();
  }
}
