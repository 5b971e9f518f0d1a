/**
 * The desktop app itself, launched with Playwright's Electron driver: the window shows the UI,
 * the UI drives a TCP connection to a loopback server through the preload, and closing the app
 * closes the socket. Needs Electron's binary (and a display); where either is missing the test
 * reports itself skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright';
import { describe, expect, it } from 'vitest';
import { startTcpServer } from '../support/node-peers';
import { PROJECT_ROOT } from './support/build';
import { EN } from './support/labels';
import { SessionTab } from './support/session-tab';

const HOST = '127.0.0.1';

function electronExecutable(): string | undefined {
  try {
    const executable: unknown = createRequire(import.meta.url)('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : undefined;
  } catch {
    return undefined; // node_modules/electron/path.txt exists only once the binary is installed
  }
}

function whySkipped(executable: string | undefined): string | undefined {
  if (!executable) {
    return "Electron's binary is not installed (node_modules/electron/dist is missing: its download was skipped or impossible)";
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (run it under xvfb-run)';
  }
  return undefined;
}

/** The renderer, main and preload bundles, built if missing. */
function ensureDesktopBuilt(): void {
  const builds: [string[], string][] = [
    [['dist/renderer/index.html'], 'scripts/build.mjs'],
    [['dist/main/desktop.cjs', 'dist/preload/index.cjs'], 'scripts/build-desktop.mjs'],
  ];
  for (const [outputs, script] of builds) {
    if (outputs.every((file) => existsSync(path.join(PROJECT_ROOT, file)))) continue;
    const result = spawnSync(process.execPath, [script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${script} failed:\n${result.stdout}${result.stderr}`);
  }
}

const executable = electronExecutable();
const skipReason = whySkipped(executable);
if (skipReason) console.info(`[electron-smoke] skipped: ${skipReason}.`);

describe.skipIf(skipReason !== undefined)(
  `Electron smoke test${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('launches, shows the UI, talks to a loopback server through the preload, closes every socket', async () => {
      ensureDesktopBuilt();
      const server = await startTcpServer(HOST);
      // Its own user-data folder: its own settings, and no single-instance clash with a real run.
      const userData = await mkdtemp(path.join(tmpdir(), 'netassist-electron-'));
      const args = ['.', `--user-data-dir=${userData}`, '--lang=en-US'];
      // Chromium will not start as root with its OS sandbox (CI runs as root); the renderer's
      // own sandbox (webPreferences.sandbox) is a separate setting and stays on.
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      // Without ELECTRON_RUN_AS_NODE, which would make Electron plain Node, ignoring the app.
      const env: Record<string, string> = { LANG: 'en_US.UTF-8' };
      for (const [name, value] of Object.entries(process.env)) {
        if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE' && name !== 'LANG')
          env[name] = value;
      }
      const app = await _electron.launch({
        executablePath: executable,
        args,
        cwd: PROJECT_ROOT,
        env,
      });
      try {
        const page = await app.firstWindow();
        const tab = new SessionTab(page, EN);
        await tab.protocol.waitFor();
        expect(
          await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible()),
        ).toBe(true);
        // Desktop mode: the preload's bridge is there, and Node is not.
        expect(
          await page.evaluate(() => {
            const page = window as unknown as Record<string, unknown>;
            return [typeof page.netassist, typeof page.require, typeof page.process];
          }),
        ).toEqual(['object', 'undefined', 'undefined']);

        await tab.connect(HOST, server.port);
        const peer = await server.nextSocket();
        const atPeer: Buffer[] = [];
        peer.on('data', (chunk: Buffer) => atPeer.push(chunk));
        const peerClosed = new Promise<void>((resolve) => peer.once('close', () => resolve()));
        await tab.send('hello from the desktop app');
        await expect
          .poll(() => Buffer.concat(atPeer).toString('utf8'))
          .toBe('hello from the desktop app');
        peer.write('你好，桌面');
        await tab.waitForLog('你好，桌面');

        await app.close();
        await peerClosed;
      } finally {
        await app.close().catch(() => {});
        await server.close();
        await rm(userData, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
