/**
 * One JSON file in the app's data folder (`app.getPath('userData')`), written atomically: the
 * new content goes to a temporary file beside it, is flushed to disk, then renamed over the old
 * one, so a crash or a power cut leaves either the old settings or the new ones, never half.
 *
 * Plain Node (no Electron), so it is tested under Node with a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class JsonFileStore {
  /** Saves run one after another, so the last one called is the one left on disk. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly filePath: string) {}

  /** The stored value, or `undefined` when there is none yet or the file is not JSON. */
  async load(): Promise<unknown> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // A file edited by hand or cut short by a full disk: start from the defaults rather
      // than refuse to open the app.
      return undefined;
    }
  }

  /** Rejects, leaving the file as it was, if the value is not JSON data or cannot be written. */
  save(value: unknown): Promise<void> {
    let text: string;
    try {
      // Serialized now, not when its turn comes: the caller may change the object meanwhile.
      text = toJsonText(value);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const write = this.queue.then(() => writeAtomically(this.filePath, text));
    // A failed save must not block the ones after it; the caller still sees its own failure.
    this.queue = write.catch(() => undefined);
    return write;
  }
}

function toJsonText(value: unknown): string {
  const json = JSON.stringify(value, null, 2) as string | undefined;
  if (json === undefined) throw new TypeError(`${typeof value} is not JSON data`);
  return `${json}\n`;
}

async function writeAtomically(filePath: string, text: string): Promise<void> {
  const folder = dirname(filePath);
  await mkdir(folder, { recursive: true });
  // Same folder as the target: a rename across file systems would not be atomic.
  const temporary = join(
    folder,
    `.${basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
