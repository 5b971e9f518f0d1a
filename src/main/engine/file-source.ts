/**
 * Where a file to send comes from. The page never names a path: the host that runs the engine
 * decides (the desktop asks the user with an open dialog, the browser mode hands the page a
 * one-time upload address), through a `FileSources` it gives the Engine.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FileSendStatus, Result } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { errnoOf } from './socket-errors';

export interface FileSourceRequest {
  sessionId: string;
}

/** The file's bytes, as they can be read now. */
export interface SourceInput {
  input: Readable;
  /** The file's size, when known. */
  total?: number;
  /** A better name than the one known when the source was chosen (an upload's file name). */
  name?: string;
  /** Told once the send ended (the browser mode answers the upload with it). */
  ended?(status: FileSendStatus): void;
}

/** The bytes when they come, or why they never will (the page did not upload them in time). */
export type SourceArrival = Result<SourceInput>;

export type FileSource = {
  /** What the user sees: the chosen path, or the upload's name. */
  name: string;
  /** Browser mode: the address the page POSTs the file to. */
  upload?: string;
} & (
  | { ready: SourceInput }
  | {
      pending: {
        arrived: Promise<SourceArrival>;
        /** The send ended before the bytes came: forget it. */
        abandon(): void;
      };
    }
);

export interface FileSources {
  /** A file to send: CANCELLED when the user declines to pick one. */
  choose(request: FileSourceRequest): Promise<Result<{ source: FileSource }>>;
}

/** Closes a source that will not be used (the session went away while the user chose). */
export function discardSource(source: FileSource): void {
  if ('ready' in source) source.ready.input.destroy();
  else source.pending.abandon();
}

/** The errno a file send fails with when its file got shorter than it was when opened. */
export const FILE_TRUNCATED = 'ETRUNCATED';

/**
 * The file's first `size` bytes, failing with FILE_TRUNCATED if it ends sooner. A file cut short
 * while it is sent (truncated, or rewritten by the program that owns it) would otherwise just
 * end early, and the send would report "done" with part of the file missing. Bytes appended
 * after it was opened are left out, so what is sent is the file as chosen, `size` bytes.
 */
async function* exactly(input: Readable, size: number): AsyncGenerator<Uint8Array> {
  let read = 0;
  for await (const chunk of input as AsyncIterable<Uint8Array>) {
    read += chunk.length;
    yield chunk;
  }
  if (read < size) {
    throw Object.assign(new Error(`the file ended after ${read} of ${size} bytes`), {
      code: FILE_TRUNCATED,
    });
  }
}

/** Opens the file at `path` for reading, with its size: FILE_ERROR (action 'read') if it cannot. */
export async function openFileToRead(path: string): Promise<Result<{ source: FileSource }>> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      // Deleting the file while it is sent is harmless: the open handle still reads every byte.
      const file = handle.createReadStream(size > 0 ? { end: size - 1 } : {});
      const input = Readable.from(exactly(file, size), { objectMode: false });
      return { ok: true, source: { name: path, ready: { input, total: size } } };
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    return fail('FILE_ERROR', { path, errno: errnoOf(error), action: 'read' });
  }
}

/** Every send reads `path`: for tests and the bench, which name the file themselves. */
export function fileFrom(path: string): FileSources {
  return { choose: () => openFileToRead(path) };
}
