/**
 * A client of the server tab that never reads (issue 7): big sends pile up until the engine
 * refuses more, the page says how much waits and that the peer is not reading, and the note goes
 * once the peer reads.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { afterTest } from '../support/test-resources';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const MiB = 1024 * 1024;
const browser = useBrowser();

async function connectPaused(port: number) {
  const socket = net.connect({ host: HOST, port });
  socket.on('error', () => {});
  afterTest(() => socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.pause();
  return socket;
}

describe('backpressure', () => {
  it('shows what waits for a client that does not read, refuses more, and clears when it reads', async () => {
    const { tab, server, page } = await openApp(browser());
    const port = await tab.listen(HOST);
    const peer = await connectPaused(port);
    const address = `${HOST}:${peer.localPort}`;
    await server.waitForClients([address]);
    await tab.message.fill('x'.repeat(4 * MiB));

    // Each click adds 4 MiB; the kernel takes a few, then Node's buffer fills to the limit.
    const refused = tab.alerts.filter({ hasText: /is not reading/ });
    for (let click = 0; click < 10 && !(await refused.isVisible()); click++) {
      await tab.sendButton.click();
      await page.waitForTimeout(200);
    }

    const alert = await tab.waitForAlert(/is not reading/);
    expect(alert).toContain(address);
    expect(alert).toMatch(/the limit is 8388608 bytes/);
    const waiting = /Waiting to send: [\d.]+ MiB — the peer is not reading/;
    await expect
      .poll(() => server.client(address).innerText(), { timeout: UI_TIMEOUT_MS })
      .toMatch(waiting);
    const statusBar = page.getByLabel('Status', { exact: true });
    await expect.poll(() => statusBar.innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(waiting);
    const shown = /([\d.]+) MiB/.exec(await statusBar.innerText())?.[1];
    expect(Number(shown)).toBeGreaterThanOrEqual(8);

    peer.resume();

    await expect
      .poll(() => page.getByText(/Waiting to send/).count(), { timeout: UI_TIMEOUT_MS })
      .toBe(0);
    await server.waitForClients([address]);
  });
});
