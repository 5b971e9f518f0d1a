/**
 * The desktop app's page, as close to Electron as plain Chromium gets: the built renderer loaded
 * from file://, under the shell's Content-Security-Policy, with the real bundled preload run
 * against an `ipcRenderer` whose other end is the shell's IPC handlers and a real engine (the
 * Electron smoke test does the same in Electron itself, where its binary exists).
 *
 * It catches what would break only the desktop app: a renderer change the stricter CSP blocks
 * (inline styles, eval, network), or a preload/bridge mismatch.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import type { Browser, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventSender,
  registerIpcHandlers,
  registerSettingsHandlers,
} from '../../src/main/bridge/electron-ipc';
import type { EventSender, WebContentsLike } from '../../src/main/bridge/electron-ipc';
import { addContentSecurityPolicy, isTrustedSender } from '../../src/main/desktop/security-policy';
import type { IpcSender } from '../../src/main/desktop/security-policy';
import { JsonFileStore } from '../../src/main/desktop/settings-store';
import { Engine } from '../../src/main/engine/engine';
import { FakeIpcMain } from '../support/fake-electron';
import { startTcpServer } from '../support/node-peers';
import type { TestServer } from '../support/node-peers';
import { ensureBuilt, PROJECT_ROOT } from './support/build';
import { EN } from './support/labels';
import { SessionTab } from './support/session-tab';
import { CHROMIUM_ARGS } from './support/browser';

const HOST = '127.0.0.1';

const CHROMIUM = process.env.NETASSIST_CHROMIUM ?? '/usr/bin/chromium';

/** The shell's policy, as the header Electron adds to every response. */
function desktopPolicy(): string {
  let policy = '';
  addContentSecurityPolicy({}, ({ responseHeaders }) => {
    policy = (responseHeaders['Content-Security-Policy'] as string[])[0] ?? '';
  });
  return policy;
}

/**
 * A copy of dist/renderer whose page also carries the shell's policy. Chromium cannot add a
 * header to a file:// page, so it goes in as a second <meta>; like a header beside the page's own
 * <meta>, both policies apply. (frame-ancestors works only as a header, so it is left out.)
 */
async function rendererWithDesktopPolicy(folder: string): Promise<string> {
  await cp(path.join(PROJECT_ROOT, 'dist/renderer'), folder, { recursive: true });
  const index = path.join(folder, 'index.html');
  const html = await readFile(index, 'utf8');
  const policy = desktopPolicy().replace(/;\s*frame-ancestors [^;]*/, '');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  if (!html.includes('<head>')) throw new Error('dist/renderer/index.html has no <head>');
  await writeFile(index, html.replace('<head>', `<head>\n    ${meta}`));
  return index;
}

async function bundlePreload(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(PROJECT_ROOT, 'src/preload/index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * Runs the bundled preload before the page's scripts, with a `require('electron')` whose
 * ipcRenderer forwards to Node (`__netassistInvoke`) and is fed events by `__netassistDeliver`,
 * and records every CSP violation.
 */
function preloadShim(preloadCode: string): string {
  return `(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
    });
    const listeners = new Map();
    const ipcRenderer = {
      invoke: (channel, ...args) => window.__netassistInvoke(channel, args),
      on(channel, listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel).add(listener);
        return ipcRenderer;
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
    };
    window.__netassistDeliver = (channel, batch) => {
      const events = batch.map((e) => (e.bytes ? { ...e, bytes: new Uint8Array(e.bytes) } : e));
      for (const listener of listeners.get(channel) ?? []) listener({}, events);
    };
    const electron = {
      contextBridge: { exposeInMainWorld: (key, api) => { window[key] = api; } },
      ipcRenderer,
    };
    const require = (name) => {
      if (name !== 'electron') throw new Error('a sandboxed preload cannot require ' + name);
      return electron;
    };
    const module = { exports: {} };
    const exports = module.exports;
    ${preloadCode}
  })();`;
}

/** The window's webContents, for the event sender: sends go into the page. */
class PageContents implements WebContentsLike {
  closed = false;
  constructor(private readonly page: Page) {}
  send(channel: string, ...args: unknown[]): void {
    // Playwright carries JSON; bytes travel as number arrays and become Uint8Array again.
    const batch = (args[0] as Record<string, unknown>[]).map((event) =>
      event.bytes instanceof Uint8Array ? { ...event, bytes: [...event.bytes] } : event,
    );
    void this.page
      .evaluate(
        ([c, b]) =>
          (
            window as unknown as { __netassistDeliver(c: unknown, b: unknown): void }
          ).__netassistDeliver(c, b),
        [channel, batch] as const,
      )
      .catch(() => {});
  }
  isDestroyed(): boolean {
    return this.closed || this.page.isClosed();
  }
}

describe('desktop renderer in Chromium (file://, desktop CSP, bundled preload, real engine)', () => {
  let browser: Browser;
  let folder: string;
  let indexFile: string;
  let preloadCode: string;
  let cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    ensureBuilt();
    folder = await mkdtemp(path.join(tmpdir(), 'netassist-desktop-page-'));
    indexFile = await rendererWithDesktopPolicy(path.join(folder, 'renderer'));
    preloadCode = await bundlePreload();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...CHROMIUM_ARGS,
        // Electron lets file:// pages load their own module scripts; plain Chromium needs this.
        '--allow-file-access-from-files',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await rm(folder, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  async function openDesktopPage() {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    const ipcMain = new FakeIpcMain();
    const contents = new PageContents(page);
    const events: EventSender = createEventSender(contents);
    const engine = new Engine(events.emit);
    const indexUrl = pathToFileURL(indexFile).href;
    const trusted = (event: IpcSender) => isTrustedSender(event, contents, indexUrl);
    const removeCommands = registerIpcHandlers(ipcMain, engine, trusted);
    const removeSettings = registerSettingsHandlers(
      ipcMain,
      new JsonFileStore(path.join(folder, `settings-${Date.now()}.json`)),
      trusted,
    );
    await page.exposeBinding('__netassistInvoke', (source, channel: string, args: unknown[]) =>
      // The sender is the frame that really called, checked as the shell checks it.
      ipcMain.invoke(
        {
          sender: contents,
          senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() },
        },
        channel,
        ...args,
      ),
    );
    await page.addInitScript({ content: preloadShim(preloadCode) });
    cleanups.push(async () => {
      contents.closed = true;
      events.dispose();
      removeCommands();
      removeSettings();
      await engine.shutdown();
      await context.close();
    });

    await page.goto(pathToFileURL(indexFile).href);
    const tab = new SessionTab(page, EN);
    await tab.protocol.waitFor().catch((error: unknown) => {
      throw new Error(`the UI did not appear: ${problems.join('\n') || String(error)}`);
    });
    const violations = () =>
      page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    return { page, tab, problems, violations };
  }

  it('shows the UI in desktop mode, with nothing blocked by the CSP', async () => {
    const { page, problems, violations } = await openDesktopPage();
    expect(
      await page.evaluate(() => typeof (window as unknown as { netassist?: unknown }).netassist),
    ).toBe('object');
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('connects to a loopback server, sends and receives through the preload and IPC handlers', async () => {
    const server: TestServer = await startTcpServer(HOST);
    cleanups.push(() => server.close());
    const { tab, violations, problems } = await openDesktopPage();

    await tab.connect(HOST, server.port);
    const peer = await server.nextSocket();
    const atPeer: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => atPeer.push(chunk));
    await tab.send('hello desktop');
    await expect.poll(() => Buffer.concat(atPeer).toString('utf8')).toBe('hello desktop');
    peer.write('你好，桌面');
    await tab.waitForLog('你好，桌面');

    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
