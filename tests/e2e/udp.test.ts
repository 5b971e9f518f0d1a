/** UDP both ways: datagrams to a lesson server and back, and from a lesson client to us. */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/shared/errors';
import { unusedPort } from '../support/node-peers';
import { startPeer, startServerPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const browser = useBrowser();
const RECEIVED_FROM = /^RECV ([0-9a-f]*) ("(?:[^"\\]|\\.)*") FROM (\S+) (\d+)$/;
const REPLY_FROM = /^REPLY ([0-9a-f]*) ("(?:[^"\\]|\\.)*") FROM (\S+) (\d+)$/;

describe('UDP', () => {
  it('sends a datagram to a lesson UDP server and shows its reply with the source', async () => {
    const { peer, port } = await startServerPeer('udp_echo_server.py', HOST, 'utf-8', 1);
    const { tab } = await openApp(browser());
    const ourPort = await tab.openUdp(HOST, { host: HOST, port });

    await tab.send('你好 UDP');

    const [, , text = '""', fromHost, fromPort] = await peer.waitForLine(RECEIVED_FROM);
    expect(JSON.parse(text)).toBe('你好 UDP');
    expect(`${fromHost}:${fromPort}`).toBe(`${HOST}:${ourPort}`);
    const reply = await tab.waitForEntry('收到:你好 UDP');
    expect(reply).toMatch(/←\s*RX/);
    expect(reply).toContain(`${HOST}:${port}`);
  });

  it("shows a lesson UDP client's datagram with its source, and the client gets our answer", async () => {
    const { tab, labels } = await openApp(browser());
    const ourPort = await tab.openUdp(HOST);

    const peer = startPeer('udp_client.py', HOST, ourPort, 'utf-8', '你好，UDP 服务端');
    const [, , clientPort = ''] = await peer.waitForLine(/^BOUND (\S+) (\d+)$/);
    const datagram = await tab.waitForEntry('你好，UDP 服务端');
    expect(datagram).toMatch(/←\s*RX/);
    expect(datagram).toContain(`${HOST}:${clientPort}`);

    // Answer the source the log shows: it becomes the remote target.
    await tab.setRemote(HOST, Number(clientPort));
    await tab.send('收到');
    const [, , text = '""', fromHost, fromPort] = await peer.waitForLine(REPLY_FROM);
    expect(JSON.parse(text)).toBe('收到');
    expect(`${fromHost}:${fromPort}`).toBe(`${HOST}:${ourPort}`);
    await peer.finished();
    await tab.button(labels.close).waitFor();
  });

  it('Broadcast: off, a broadcast address is refused in words; on, it reaches the engine and survives a reload', async () => {
    const { page, tab, labels } = await openApp(browser());
    const broadcast = page.getByRole('checkbox', { name: 'Broadcast', exact: true });
    const alert = async (sentence: string) => {
      const shown = page.getByText(sentence, { exact: true }).first();
      await shown.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await shown.evaluate((e) => e.closest('[role="alert"]') !== null)).toBe(true);
    };
    // 127.255.255.255 is loopback's broadcast address; the system refuses the datagram before
    // anything leaves, so no traffic goes beyond 127.0.0.1.
    const port = await unusedPort(HOST);
    await tab.openUdp(HOST, { host: '127.255.255.255', port });
    expect(await broadcast.isChecked()).toBe(false);
    expect(await broadcast.isDisabled()).toBe(true);
    await tab.send('x');
    await alert(describeError('BROADCAST_OFF', { host: '127.255.255.255' }));

    await tab.setRemote('::1', port);
    await tab.send('x');
    await alert(
      describeError('IP_VERSION_MISMATCH', {
        local: HOST,
        host: '::1',
        localFamily: 'IPv4',
        hostFamily: 'IPv6',
      }),
    );
    expect((await tab.counters()).tx).toBe(0);

    await tab.button(labels.close).click();
    await broadcast.check();
    const echo = await startServerPeer('udp_echo_server.py', HOST, 'utf-8', 1);
    await tab.setRemote(HOST, echo.port);
    await tab.button(labels.open).click();
    await tab.button(labels.close).waitFor();
    await tab.send('broadcast on');
    await echo.peer.waitForLine(RECEIVED_FROM);

    // Without the saved settings (cleared after the old page's last save, before the new page
    // reads them), the box is ticked only because the engine's session says so.
    await page.addInitScript(() => localStorage.clear());
    await page.reload();
    await expect.poll(() => broadcast.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await broadcast.isDisabled()).toBe(true);
  });

  it('Multicast: joins a group on the loopback interface, lists it across a reload, leaves it; bad groups are refused in words', async () => {
    const { page, tab, labels } = await openApp(browser());
    const section = page.getByRole('region', { name: /^Multicast/ });
    const group = section.getByRole('textbox', { name: 'Multicast group', exact: true });
    const iface = section.getByRole('textbox', { name: 'Interface address', exact: true });
    const join = section.getByRole('button', { name: 'Join group', exact: true });
    const joined = section.getByRole('list', { name: 'Joined groups' });

    await tab.chooseProtocol('udp');
    await section.getByText('Open the session to join a group').waitFor();
    await group.fill('239.1.2.3');
    expect(await join.isDisabled()).toBe(true);
    await tab.openUdp('0.0.0.0');

    await group.fill('1.2.3.4');
    expect(await group.getAttribute('aria-invalid')).toBe('true');
    await join.click();
    const refused = page.getByText(describeError('NOT_MULTICAST', { value: '1.2.3.4' }), {
      exact: true,
    });
    await refused.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await refused.evaluate((e) => e.closest('[role="alert"]') !== null)).toBe(true);

    // The loopback interface: the membership report the system sends stays on this machine.
    await group.fill('239.1.2.3');
    await iface.fill('127.0.0.1');
    await join.click();
    await expect
      .poll(() => joined.getByRole('listitem').allInnerTexts(), { timeout: UI_TIMEOUT_MS })
      .toEqual([expect.stringMatching(/^239\.1\.2\.3\s+on 127\.0\.0\.1/)]);
    expect(await section.getByRole('heading').textContent()).toBe('Multicast (1)');

    await page.reload();
    await expect
      .poll(() => joined.getByRole('listitem').allInnerTexts(), { timeout: UI_TIMEOUT_MS })
      .toHaveLength(1);
    expect(await group.inputValue()).toBe('239.1.2.3');

    await section
      .getByRole('button', { name: 'Leave group 239.1.2.3 on 127.0.0.1', exact: true })
      .click();
    await section
      .getByText(/^Receive datagrams sent to the group/)
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await joined.count()).toBe(0);

    // Enter in the group field joins too.
    await group.press('Enter');

    await joined.getByRole('listitem').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await tab.button(labels.close).click();
    await section.getByText('Open the session to join a group').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await joined.count()).toBe(0);
  });

  it('Clear after send: the box empties once the datagram went, and keeps what was refused', async () => {
    const { page, tab } = await openApp(browser());
    const { peer, port } = await startServerPeer('udp_echo_server.py', HOST, 'utf-8', 1);
    await tab.openUdp(HOST, { host: HOST, port });
    await page.getByRole('checkbox', { name: 'Clear after send', exact: true }).check();

    await tab.send('first');
    const [, , text = '""'] = await peer.waitForLine(RECEIVED_FROM);
    expect(JSON.parse(text)).toBe('first');
    await expect.poll(() => tab.message.inputValue(), { timeout: UI_TIMEOUT_MS }).toBe('');

    await tab.setRemote('::1', port);
    await tab.send('kept');
    await page
      .getByText(
        describeError('IP_VERSION_MISMATCH', {
          local: HOST,
          host: '::1',
          localFamily: 'IPv4',
          hostFamily: 'IPv6',
        }),
        { exact: true },
      )
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await tab.message.inputValue()).toBe('kept');
  });
});
