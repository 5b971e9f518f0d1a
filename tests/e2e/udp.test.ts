/** UDP both ways: datagrams to a lesson server and back, and from a lesson client to us. */
import { describe, expect, it } from 'vitest';
import { startPeer, startServerPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';

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
});
