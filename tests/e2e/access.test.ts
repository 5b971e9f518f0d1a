/**
 * The browser-mode host only serves whoever holds the printed token, and refuses a WebSocket
 * opened by another web page (a foreign Origin), so no other site can open sockets through it.
 * When it listens beyond this computer (`--host`), the page says so, persistently.
 */
import type { Page } from 'playwright';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { startApp } from './support/app';
import type { RunningApp } from './support/app';
import type { UiLocale } from './support/browser';
import { VIEWPORT } from './support/browser';
import { useBrowser } from './support/fixture';

const browser = useBrowser();

/** Resolves with the HTTP status the upgrade got: 101 when the WebSocket opened. */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

async function runningApp() {
  const app = await startApp();
  onTestFinished(() => app.stop());
  return app;
}

/**
 * Opens the page; with `reportedBindHost`, the page's `GET /api/info` is answered as if the host
 * had been started with `--host <it>`, while the host itself stays on 127.0.0.1: a test never
 * binds a wildcard or sends anything beyond loopback.
 */
async function openPage(app: RunningApp, locale: UiLocale, reportedBindHost?: string) {
  const context = await browser().newContext({ locale, viewport: VIEWPORT });
  onTestFinished(() => context.close());
  context.setDefaultTimeout(10_000);
  if (reportedBindHost !== undefined) {
    await context.route(
      (url) => url.pathname === '/api/info',
      async (route) => {
        const response = await route.fetch();
        const info = (await response.json()) as Record<string, unknown>;
        await route.fulfill({ response, json: { ...info, bindHost: reportedBindHost } });
      },
    );
  }
  const page = await context.newPage();
  await page.goto(app.url);
  // The version in the status bar comes from the same answer the warning is decided on.
  await page.getByText(/^v\d+\.\d+\.\d+/).waitFor();
  return page;
}

const exposedWarning = (page: Page, text: string | RegExp) =>
  page.getByRole('alert').filter({ hasText: text });

describe('access token and Origin', () => {
  it('serves the page with the printed token and refuses it without or with a wrong one', async () => {
    const app = await runningApp();

    const withToken = await fetch(app.url);
    const without = await fetch(`${app.origin}/`);
    const wrong = await fetch(`${app.origin}/?token=${'0'.repeat(app.token.length)}`);

    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('<html');
    expect(without.status).toBe(403);
    expect(wrong.status).toBe(403);
  });

  it('refuses a WebSocket without the token or from a foreign Origin', async () => {
    const app = await runningApp();
    const ws = app.origin.replace(/^http/, 'ws');

    expect(await upgradeStatus(`${ws}/ws?token=${app.token}`, app.origin)).toBe(101);
    expect(await upgradeStatus(`${ws}/ws`, app.origin)).toBe(403);
    expect(await upgradeStatus(`${ws}/ws?token=wrong`, app.origin)).toBe(403);
    expect(await upgradeStatus(`${ws}/ws?token=${app.token}`, 'http://evil.example')).toBe(403);
  });
});

describe('the warning when the host listens beyond this computer', () => {
  it('is not shown when the host listens on 127.0.0.1 (the default)', async () => {
    const app = await runningApp();
    const page = await openPage(app, 'en-US');

    await expect.poll(() => exposedWarning(page, /other computers/).count()).toBe(0);
  });

  it('says where and what it means, and stays on screen', async () => {
    const app = await runningApp();
    const port = new URL(app.origin).port;
    const page = await openPage(app, 'en-US', '0.0.0.0');

    const warning = exposedWarning(page, `reachable from other computers at 0.0.0.0:${port}`);
    await warning.waitFor();
    expect(await warning.innerText()).toContain(
      'anyone with the token can use it to open sockets. Start it without --host to keep it on this computer.',
    );
    await page.getByRole('button', { name: 'New session', exact: true }).click();
    expect(await warning.isVisible()).toBe(true);
  });

  it('speaks Chinese to a zh-CN browser, IPv6 in brackets', async () => {
    const app = await runningApp();
    const port = new URL(app.origin).port;
    const page = await openPage(app, 'zh-CN', '::');

    await exposedWarning(page, `其他电脑可以通过 [::]:${port} 访问 NetAssist`).waitFor();
  });
});
