/**
 * The desktop main process trusts nothing the page sends over IPC: for every command of the
 * contract, a payload of the wrong shape, or a valid one with a file path smuggled in, is
 * INVALID_REQUEST before the engine acts (no session made, no file touched); a command the
 * contract does not have has no channel at all.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, Failure, SessionSnapshot } from '../../src/shared/contract';
import { COMMAND_NAMES } from '../../src/shared/contract';
import { commandChannel } from '../../src/shared/ipc-channels';
import type { EventSender } from '../../src/main/bridge/electron-ipc';
import { createEventSender, registerIpcHandlers } from '../../src/main/bridge/electron-ipc';
import type { IpcSender } from '../../src/main/desktop/security-policy';
import { isTrustedSender } from '../../src/main/desktop/security-policy';
import { Engine } from '../../src/main/engine/engine';
import { FakeIpcMain, FakeWebContents, INDEX_URL } from '../support/fake-electron';
import { SMUGGLED_FIELDS, VALID_REQUESTS } from '../fixtures/valid-requests';

/** Shapes no command takes: each must be refused by every command's schema. */
const MALFORMED: [string, unknown][] = [
  ['nothing', undefined],
  ['null', null],
  ['a string', '{"sessionId":"s1"}'],
  ['a number', 42],
  ['true', true],
  ['an array', [VALID_REQUESTS.open]],
];

describe('IPC from the page: every command checks its payload', () => {
  let ipcMain: FakeIpcMain;
  let window: FakeWebContents;
  let events: EventSender;
  let engine: Engine;
  let removeHandlers: () => void;
  let folder: string;

  const call = (command: string, request: unknown) =>
    ipcMain.invoke(window.eventFromTopFrame(), commandChannel(command as CommandName), request);
  const sessions = async () =>
    ((await call('listSessions', {})) as { sessions: SessionSnapshot[] }).sessions;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'netassist-ipc-'));
    ipcMain = new FakeIpcMain();
    window = new FakeWebContents();
    events = createEventSender(window);
    engine = new Engine(events.emit);
    const trusted = (event: IpcSender) => isTrustedSender(event, window, INDEX_URL);
    removeHandlers = registerIpcHandlers(ipcMain, engine, trusted);
  });
  afterEach(async () => {
    removeHandlers();
    events.dispose();
    await engine.shutdown();
    await rm(folder, { recursive: true, force: true });
  });

  it.each(COMMAND_NAMES)('%s refuses every malformed payload, before the engine', async (c) => {
    for (const [what, payload] of MALFORMED) {
      const answer = (await call(c, payload)) as Failure;
      expect(answer, what).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    expect(await sessions()).toEqual([]);
  });

  it.each(COMMAND_NAMES)('%s refuses a file path smuggled into a valid request', async (c) => {
    for (const name of SMUGGLED_FIELDS) {
      const target = path.join(folder, `${c}-${name}.bin`);
      const request = { ...VALID_REQUESTS[c], [name]: target };
      const answer = (await call(c, request)) as Failure;
      expect(answer, name).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(String(answer.params.detail), name).toContain(`"${name}"`);
    }
    expect(await sessions()).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
  });

  it.each(['readFile', 'writeFile', 'eval', 'constructor', '__proto__', 'toString'])(
    'has no channel for %s',
    async (name) => {
      await expect(call(name, { path: path.join(folder, 'x') })).rejects.toThrow(/No handler/);
      expect(await readdir(folder)).toEqual([]);
    },
  );
});
