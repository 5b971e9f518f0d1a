/** Hex send, hex display, and the live error for hex that is not hex. */
import { describe, expect, it } from 'vitest';
import { startServerPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const browser = useBrowser();

describe('hex', () => {
  it('sends hex bytes and shows received bytes as hex', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { tab } = await openApp(browser());
    await tab.connect(HOST, port);

    await tab.setHexSend(true);
    await tab.send('48 65 6C 6C 6F');
    const received = await peer.nextReceived();
    peer.type('Hi');
    await tab.waitForLog('Hi');
    const asText = await tab.logText();
    await tab.setHexDisplay(true);

    expect(received.bytes.toString('hex')).toBe('48656c6c6f');
    expect(received.text).toBe('Hello');
    expect(asText).not.toContain('48 69');
    // Both entries, the one we sent and the one we got, re-render as hex bytes.
    await tab.waitForLog('48 69');
    await tab.waitForLog('48 65 6C 6C 6F');
    await tab.setHexDisplay(false);
    await expect.poll(() => tab.logText()).not.toContain('48 69');
  });

  it('bad hex is an alert naming the position, and nothing is sent', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { tab, page } = await openApp(browser());
    await tab.connect(HOST, port);
    await tab.setHexSend(true);

    await tab.message.fill('48 6G');
    const alert = await tab.waitForAlert(/position/i);
    if (await tab.sendButton.isEnabled()) await tab.sendButton.click();
    await tab.message.press('Enter');
    await page.waitForTimeout(300);

    expect(alert).toContain('"G"');
    expect(alert).toContain('position 5');
    expect(peer.lines.filter((line) => line.startsWith('RECV'))).toEqual([]);
    await tab.waitForCounters({ rx: 0, tx: 0 });

    // Once the hex is right the alert goes away and the same box sends.
    await tab.message.fill('48 65');
    await tab.alerts.filter({ hasText: /position/i }).waitFor({ state: 'detached' });
    await tab.sendButton.click();
    expect((await peer.nextReceived()).bytes.toString('hex')).toBe('4865');
  });
});
