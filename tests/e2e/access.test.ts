/**
 * The browser-mode host only serves whoever holds the printed token, and refuses a WebSocket
 * opened by another web page (a foreign Origin), so no other site can open sockets through it.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { startApp } from './support/app';

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
