import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { EngineEvent, SessionSnapshot } from '../../src/shared/contract';
import { COMMAND_NAMES, DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { NetAssistClient } from '../../src/renderer/bridge/client';
import {
  createEventSender,
  registerIpcHandlers,
  registerSettingsHandlers,
} from '../../src/main/bridge/electron-ipc';
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, NEW_PAGE_ACK } from '../../src/shared/ipc-channels';
import type { EventSender } from '../../src/main/bridge/electron-ipc';
import { isTrustedSender } from '../../src/main/desktop/security-policy';
import { JsonFileStore } from '../../src/main/desktop/settings-store';
import { Engine } from '../../src/main/engine/engine';
import { fileAt } from '../../src/main/engine/file-on-disk';
import type { DesktopBridge } from '../../src/preload/desktop-bridge';
import { FakeIpcMain, INDEX_URL } from '../support/fake-electron';
import { AckingIpcRenderer, AckingWebContents } from '../support/fake-electron-acks';
import { connectClient } from '../support/node-peers';

/** The preload as scripts/build-desktop.mjs bundles it: one CommonJS file, `electron` external. */
async function bundlePreload(): Promise<string> {
  const result = await build({
    entryPoints: ['src/preload/index.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error('esbuild produced no preload');
  return file.text;
}

interface Exposed {
  key: string;
  api: DesktopBridge;
}

/**
 * Runs the bundled preload the way a sandboxed renderer does: a fresh global scope with no Node,
 * and a `require` that knows only `electron` (here: contextBridge and ipcRenderer stand-ins).
 */
function runPreload(code: string, ipcRenderer: AckingIpcRenderer) {
  const exposed: Exposed[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: DesktopBridge) => exposed.push({ key, api }),
    },
    ipcRenderer,
  };
  const sandboxedRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(code, { require: sandboxedRequire, module, exports: module.exports });
  return { exposed, required };
}

describe('preload (dist/preload/index.cjs)', () => {
  let code: string;
  let ipcMain: FakeIpcMain;
  let window: AckingWebContents;
  let ipcRenderer: AckingIpcRenderer;
  let events: EventSender;
  let engine: Engine;
  let folder: string;
  let dispose: (() => void)[];

  beforeAll(async () => {
    code = await bundlePreload();
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'netassist-preload-'));
    ipcMain = new FakeIpcMain();
    window = new AckingWebContents();
    ipcRenderer = new AckingIpcRenderer(ipcMain, window);
    events = createEventSender(window);
    // Where the host puts files (the app asks with a save dialog): here, one path.
    engine = new Engine(events.emit, { files: fileAt(join(folder, 'chosen.jsonl')) });
    const trusted = (event: Parameters<typeof isTrustedSender>[0]) =>
      isTrustedSender(event, window, INDEX_URL);
    dispose = [
      registerIpcHandlers(ipcMain, engine, trusted),
      registerSettingsHandlers(ipcMain, new JsonFileStore(join(folder, 'settings.json')), trusted),
    ];
  });
  afterEach(async () => {
    dispose.forEach((remove) => remove());
    events.dispose();
    await engine.shutdown();
    await rm(folder, { recursive: true, force: true });
  });

  function loadBridge(): DesktopBridge {
    const { exposed } = runPreload(code, ipcRenderer);
    expect(exposed).toHaveLength(1);
    return exposed[0]!.api;
  }

  it('is one self-contained file that needs only `electron` (so the sandbox can stay on)', () => {
    const { required } = runPreload(code, ipcRenderer);
    expect(required).toEqual(['electron']);
  });

  it('exposes one object, `window.netassist`, with exactly the contract verbs, onEvents and settings', () => {
    const { exposed } = runPreload(code, ipcRenderer);
    expect(exposed.map((e) => e.key)).toEqual(['netassist']);
    const api = exposed[0]!.api as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, 'onEvents', 'settings'].sort());
    for (const command of COMMAND_NAMES) expect(api[command]).toBeTypeOf('function');
    expect(Object.keys(api.settings as object).sort()).toEqual(['load', 'save']);
  });

  it('never hands the page ipcRenderer, nor anything that leads to it', () => {
    const api = loadBridge();
    const seen = new Set<unknown>();
    const visit = (value: unknown) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      if (seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(ipcRenderer);
      for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
    };
    visit(api);
    expect(seen.size).toBeGreaterThan(COMMAND_NAMES.length);
  });

  it('is typed as the renderer expects (NetAssistClient, plus settings)', () => {
    expectTypeOf<DesktopBridge>().toMatchTypeOf<NetAssistClient>();
    expectTypeOf<DesktopBridge['settings']['save']>().parameters.toEqualTypeOf<[unknown]>();
  });

  it('drives a real TCP server on loopback, and its events reach onEvents', async () => {
    const api = loadBridge();
    const calls: unknown[][] = [];
    const stop = api.onEvents((...args: unknown[]) => calls.push(args));
    const received = () => calls.flatMap((args) => args[0] as EngineEvent[]);

    const created = await api.createSession({});
    if (!created.ok) throw new Error(created.message);
    const opened = await api.open({
      sessionId: created.sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
    });
    if (!opened.ok) throw new Error(opened.message);

    const client = await connectClient(opened.local.port);
    client.socket.write('ping');
    await expect
      .poll(() => received().some((e) => e.type === 'data' && e.direction === 'rx'))
      .toBe(true);
    const rx = received().find((e) => e.type === 'data' && e.direction === 'rx');
    expect(rx?.type === 'data' && Buffer.from(rx.bytes).toString()).toBe('ping');

    const sent = await api.send({
      sessionId: created.sessionId,
      data: '4F 4B',
      options: { ...DEFAULT_SEND_OPTIONS, format: 'hex' },
      target: { kind: 'all' },
    });
    expect(sent).toMatchObject({ ok: true, bytes: 2, recipients: 1 });
    expect((await client.waitFor(2)).toString()).toBe('OK');

    // Only the batch crosses to the page, never the IPC event object.
    for (const args of calls) {
      expect(args).toHaveLength(1);
      expect(Array.isArray(args[0])).toBe(true);
    }

    stop();
    const before = calls.length;
    client.socket.write('after');
    await expect
      .poll(async () => {
        const listed = (await api.listSessions({})) as { sessions?: SessionSnapshot[] };
        return listed.sessions?.[0]?.counters.rxBytes;
      })
      .toBe(9);
    expect(calls.length).toBe(before);
    client.socket.destroy();
  });

  it('starts and stops a file by kind; the page cannot name a path', async () => {
    const api = loadBridge();
    const created = await api.createSession({});
    if (!created.ok) throw new Error(created.message);
    const { sessionId } = created;

    const named = { sessionId, kind: 'log', path: '/etc/cron.d/x' } as Parameters<
      DesktopBridge['startFile']
    >[0];
    expect(await api.startFile(named)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await api.startFile({ sessionId, kind: 'log' })).toEqual({
      ok: true,
      name: join(folder, 'chosen.jsonl'),
    });
    expect(await api.stopFile({ sessionId, kind: 'log' })).toEqual({ ok: true, bytes: 0 });
    const listed = (await api.listSessions({})) as { sessions?: SessionSnapshot[] };
    expect(listed.sessions?.[0]?.files).toMatchObject([{ kind: 'log', state: 'stopped' }]);
  });

  it('announces a new page, then acknowledges each batch after its listeners ran', async () => {
    const api = loadBridge();
    const acks = () =>
      ipcRenderer.sentToMain.filter((m) => m.channel === EVENTS_ACK_CHANNEL).map((m) => m.args[0]);
    expect(acks()).toEqual([NEW_PAGE_ACK]);
    const order: string[] = [];
    api.onEvents(() => order.push(`applied, ${acks().length - 1} acknowledged`));
    const stopFailing = api.onEvents(() => {
      throw new Error('a listener that fails must not stop the acknowledgement');
    });

    expect(() => ipcRenderer.deliver(EVENTS_CHANNEL, [[], 1])).toThrow(/must not stop/);
    stopFailing();
    ipcRenderer.deliver(EVENTS_CHANNEL, [[], 2]);

    expect(order).toEqual(['applied, 0 acknowledged', 'applied, 1 acknowledged']);
    expect(acks()).toEqual([NEW_PAGE_ACK, 1, 2]);
    // Only the preload's own listener: one per page, whatever the page subscribes.
    expect(ipcRenderer.listenerCount(EVENTS_CHANNEL)).toBe(1);
  });

  it('acknowledges with no listener at all, so the window is never starved', () => {
    loadBridge();
    ipcRenderer.deliver(EVENTS_CHANNEL, [[], 1]);
    expect(ipcRenderer.sentToMain.map((m) => m.args[0])).toEqual([NEW_PAGE_ACK, 1]);
  });

  it('refuses a malformed request from the page with INVALID_REQUEST', async () => {
    const api = loadBridge();
    const answer = await api.close({ sessionId: 42 } as unknown as { sessionId: string });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('keeps settings in the JSON file: save, then load', async () => {
    const api = loadBridge();
    expect(await api.settings.load()).toBeUndefined();
    await api.settings.save({ language: 'zh-CN', recentHosts: ['127.0.0.1'] });
    expect(await api.settings.load()).toEqual({ language: 'zh-CN', recentHosts: ['127.0.0.1'] });
    await expect(api.settings.save(new Map())).rejects.toThrow(/plain JSON/);
  });
});
