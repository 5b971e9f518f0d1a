/**
 * A file chosen for Send file is sent as it was when opened: its size then, every byte of it, or
 * a FILE_ERROR when it got shorter — never a quiet "done" with part of it missing.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { appendFile, mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceInput } from '../../src/main/engine/file-source';
import { FILE_TRUNCATED, openFileToRead } from '../../src/main/engine/file-source';
import { until } from '../support/test-resources';

let folder = '';
afterEach(() => rm(folder, { recursive: true, force: true }));

async function opened(bytes: Uint8Array) {
  folder = await mkdtemp(path.join(tmpdir(), 'netassist-file-source-'));
  const file = path.join(folder, 'payload.bin');
  await writeFile(file, bytes);
  const result = await openFileToRead(file);
  if (!result.ok || !('ready' in result.source)) throw new Error('the file did not open');
  return { file, source: result.source.ready };
}

async function readAll(source: SourceInput) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.input as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('openFileToRead', () => {
  const bytes = randomBytes(300 * 1024);

  it('reads every byte, with the size as total', async () => {
    const { source } = await opened(bytes);
    expect(source.total).toBe(bytes.length);
    expect((await readAll(source)).equals(bytes)).toBe(true);
  });

  it('reads the file as opened when it is deleted meanwhile (the handle keeps it)', async () => {
    const { file, source } = await opened(bytes);
    await unlink(file);
    expect((await readAll(source)).equals(bytes)).toBe(true);
  });

  it('leaves out bytes appended after it was opened', async () => {
    const { file, source } = await opened(bytes);
    await appendFile(file, randomBytes(1000));
    expect((await readAll(source)).equals(bytes)).toBe(true);
  });

  it('fails with ETRUNCATED when the file got shorter', async () => {
    const { file, source } = await opened(bytes);
    await truncate(file, 1000);
    await expect(readAll(source)).rejects.toMatchObject({ code: FILE_TRUNCATED });
  });

  it('a send stopped after the first chunk closes the file', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const { source } = await opened(bytes);
    for await (const chunk of source.input as AsyncIterable<Uint8Array>) {
      expect(chunk.length).toBeGreaterThan(0);
      break; // as a cancelled send stops reading
    }
    await until(() => openFiles() <= before, 2000, 'the file to be closed');
  });

  it('an empty file is read as empty', async () => {
    const { source } = await opened(new Uint8Array(0));
    expect(source.total).toBe(0);
    expect(await readAll(source)).toHaveLength(0);
  });

  it('a missing file is FILE_ERROR read ENOENT', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'netassist-file-source-'));
    const missing = path.join(folder, 'missing.bin');
    expect(await openFileToRead(missing)).toMatchObject({
      ok: false,
      code: 'FILE_ERROR',
      message: `${missing} no longer exists.`,
      params: { errno: 'ENOENT', action: 'read' },
    });
  });
});
