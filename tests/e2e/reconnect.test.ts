/**
 * Auto reconnect against the lesson server that takes one message and exits (seed 004): the
 * learner starts it again on the same port — SO_REUSEADDR is the lesson's point — and NetAssist is
 * back on the line by itself, until the user stops it.
 */
import { describe, expect, it } from 'vitest';
import { startServerPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const browser = useBrowser();

describe('TCP client auto reconnect', () => {
  it('meets a lesson server again each time it is restarted, and stops when asked', async () => {
    const first = await startServerPeer('reuseaddr_server.py', HOST, 'utf-8');
    const { page, tab, labels } = await openApp(browser());
    const status = page.locator('footer[aria-label="Status"]').getByRole('status');
    const autoReconnect = page.getByRole('checkbox', { name: 'Auto reconnect', exact: true });
    const every = page.getByRole('spinbutton', { name: 'Reconnect every (ms)', exact: true });

    await tab.chooseProtocol('tcp-client');
    expect(await every.isDisabled()).toBe(true);
    await autoReconnect.check();
    await every.fill('200');
    await tab.connect(HOST, first.port);
    expect(await autoReconnect.isDisabled()).toBe(true);

    await tab.send('第一次');
    expect((await first.peer.nextReceived()).text).toBe('第一次');
    await first.peer.finished();

    // The server is gone: the tab says it is trying again, and why.
    const address = `${HOST}:${first.port}`;
    const pattern = address.replace(/\./g, '\\.');
    await expect
      .poll(() => status.innerText(), { timeout: UI_TIMEOUT_MS })
      .toMatch(new RegExp(`^Reconnecting to ${pattern}… \\(`));
    const stop = tab.button('Stop reconnecting');
    await stop.waitFor({ timeout: UI_TIMEOUT_MS });
    // A reload finds the session still trying (from the engine's snapshot).
    await page.reload();
    await stop.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await status.innerText()).toMatch(new RegExp(`^Reconnecting to ${pattern}… \\(`));
    expect(await autoReconnect.isChecked()).toBe(true);

    // Started again on its port, it gets us back without a click.
    const again = await startServerPeer('reuseaddr_server.py', HOST, 'utf-8', first.port);
    expect(again.port).toBe(first.port);
    await again.peer.waitForLine(/^ACCEPTED /);
    await tab.button(labels.disconnect).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await status.innerText()).toBe(`Connected to ${address}`);
    await tab.send('第二次');
    expect((await again.peer.nextReceived()).text).toBe('第二次');
    await again.peer.finished();

    // It left again: this time the user stops waiting for it.
    await stop.waitFor({ timeout: UI_TIMEOUT_MS });
    await stop.click();
    await tab.button(labels.connect).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await status.innerText()).toBe('Closed: closed by you');
    expect(await autoReconnect.isChecked()).toBe(true);
    expect(await autoReconnect.isDisabled()).toBe(false);
  });
});
