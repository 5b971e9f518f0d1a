import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { Result } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { CAPTURE_FILE_BUFFER_BYTES } from './constants';
import type { FileDestinations } from './file-destination';
import { errnoOf } from './socket-errors';

/** Opens (creates or empties) the file at `path` for writing: FILE_ERROR if it cannot. */
export async function openFileAt(path: string): Promise<Result<{ output: WriteStream }>> {
  // A buffer larger than one socket read: with the default 16 KiB every read paused the socket.
  const output = createWriteStream(path, { highWaterMark: CAPTURE_FILE_BUFFER_BYTES });
  return new Promise((resolve) => {
    output.once('ready', () => resolve({ ok: true, output }));
    output.once('error', (error) => resolve(fail('FILE_ERROR', { path, errno: errnoOf(error) })));
  });
}

/** Every file goes to `path`: for tests and the bench, which name the file themselves. */
export function fileAt(path: string): FileDestinations {
  return {
    async choose() {
      const opened = await openFileAt(path);
      return opened.ok ? { ok: true, destination: { name: path, output: opened.output } } : opened;
    },
  };
}
