/**
 * Sessions and pages: two sessions at once in two tabs, each log showing only its own traffic; a
 * reload finds its sessions still open; closing the page closes their sockets.
 */
import { describe, expect, it } from 'vitest';
import { startServerPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const browser = useBrowser();

describe('sessions and pages', () => {
  it('runs two sessions to two servers side by side without mixing their traffic', async () => {
    const a = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const b = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { page, tab, labels } = await openApp(browser());
    const tabs = page.getByRole('tab');

    await tab.connect(HOST, a.port);
    await tab.send('to A');
    expect((await a.peer.nextReceived()).text).toBe('to A');
    a.peer.type('from A');
    await tab.waitForLog('from A');

    await page.getByRole('button', { name: labels.newSession, exact: true }).click();
    await expect.poll(() => tabs.count()).toBe(2);
    await tabs.nth(1).click();
    await tab.connect(HOST, b.port);
    await tab.send('to B');
    expect((await b.peer.nextReceived()).text).toBe('to B');
    b.peer.type('from B');
    await tab.waitForLog('from B');

    const second = await tab.logText();
    await tabs.nth(0).click();
    await tab.waitForLog('from A');
    const first = await tab.logText();

    expect(second).toContain('to B');
    expect(second).not.toMatch(/to A|from A/);
    expect(first).toContain('to A');
    expect(first).not.toMatch(/to B|from B/);
    // The first session is still connected: it can talk again.
    await tab.send('A again');
    expect((await a.peer.nextReceived()).text).toBe('A again');
  });

  it('a page reload finds its session still connected, counters included', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { page, tab, labels } = await openApp(browser());
    await tab.connect(HOST, port);
    await tab.send('before reload');
    await peer.nextReceived();

    await page.reload();

    await tab.button(labels.disconnect).waitFor();
    // The log lives in the page and is gone; the session's counters come back from the host.
    await tab.waitForCounters({ rx: 0, tx: 'before reload'.length });
    peer.type('after reload');
    await tab.waitForLog('after reload');
    await tab.send('still here');
    expect((await peer.nextReceived()).text).toBe('still here');
  });

  it("closing the page closes its sessions' sockets", async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { page, tab } = await openApp(browser());
    await tab.connect(HOST, port);
    await tab.send('bye');
    await peer.nextReceived();
    peer.type('bye bye');
    // The server now waits in recv() for our next message.
    await tab.waitForLog('bye bye');

    await page.close();

    // The lesson server's recv() returns b'' once our socket closes (after the host's grace
    // period for reloads), and it ends.
    expect((await peer.nextReceived(15_000)).bytes.length).toBe(0);
    await peer.finished();
  });
});
