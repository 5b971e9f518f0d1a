import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../src/main/desktop/settings-store';

describe('JsonFileStore (settings in the user-data folder)', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'netassist-settings-'));
    file = join(folder, 'settings.json');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('loads nothing before the first save', async () => {
    expect(await new JsonFileStore(file).load()).toBeUndefined();
  });

  it('keeps what was saved, across store instances (a restart)', async () => {
    const settings = { language: 'zh-CN', quickSends: [{ name: '心跳', data: 'AA 55' }] };
    await new JsonFileStore(file).save(settings);

    expect(await new JsonFileStore(file).load()).toEqual(settings);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(settings);
  });

  it('creates the user-data folder when it does not exist yet', async () => {
    const nested = join(folder, 'NetAssist', 'settings.json');
    await new JsonFileStore(nested).save({ a: 1 });
    expect(await new JsonFileStore(nested).load()).toEqual({ a: 1 });
  });

  it('replaces the file whole: no temporary file is left behind', async () => {
    const store = new JsonFileStore(file);
    await store.save({ version: 1 });
    await store.save({ version: 2 });
    expect(await readdir(folder)).toEqual(['settings.json']);
    expect(await store.load()).toEqual({ version: 2 });
  });

  it('applies overlapping saves in the order they were called', async () => {
    const store = new JsonFileStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save({ i })));
    expect(await store.load()).toEqual({ i: 19 });
    expect(await readdir(folder)).toEqual(['settings.json']);
  });

  it('a load right after a save (not awaited) sees the saved value', async () => {
    const store = new JsonFileStore(file);
    void store.save({ fresh: true });
    expect(await store.load()).toEqual({ fresh: true });
  });

  it('treats a damaged file (cut short, hand-edited) as no settings instead of failing', async () => {
    await writeFile(file, '{"language": "zh-');
    expect(await new JsonFileStore(file).load()).toBeUndefined();
  });

  it('a failed save leaves the previous file intact and later saves still work', async () => {
    const store = new JsonFileStore(file);
    await store.save({ good: 1 });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;

    await expect(store.save(cycle)).rejects.toThrow();
    expect(await store.load()).toEqual({ good: 1 });
    await store.save({ good: 2 });
    expect(await store.load()).toEqual({ good: 2 });
  });

  it('a save into a folder that cannot exist fails and leaves no temporary file', async () => {
    const blocker = join(folder, 'not-a-folder');
    await writeFile(blocker, 'x');
    const store = new JsonFileStore(join(blocker, 'settings.json'));

    await expect(store.save({ a: 1 })).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['not-a-folder']);
  });
});
