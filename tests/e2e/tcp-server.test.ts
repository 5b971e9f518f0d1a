/** The app as the missing TCP server of the lessons: lesson clients connect, talk, get replies. */
import { describe, expect, it } from 'vitest';
import { startTcpServer } from '../support/node-peers';
import { startPeer } from '../support/python-peer';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const browser = useBrowser();

async function connectedAddress(peer: ReturnType<typeof startPeer>) {
  const [, host = '', port = ''] = await peer.waitForLine(/^CONNECTED (\S+) (\d+)$/);
  return `${host}:${port}`;
}

describe('TCP server', () => {
  it("takes a lesson client's message and the client prints our reply", async () => {
    const { tab, server } = await openApp(browser());
    const port = await tab.listen(HOST);

    const peer = startPeer('send_receive_client.py', HOST, port, 'utf-8', '你好，服务端');
    const client = await connectedAddress(peer);
    await server.waitForClients([client]);
    expect(await tab.waitForEntry('你好，服务端')).toContain(client);
    await tab.send('你好，客户端');

    const reply = await peer.nextReceived();
    expect(reply.text).toBe('你好，客户端');
    await peer.finished();
    // The client closed after reading the reply: the list follows live.
    await server.waitForClients([]);
  });

  it('sends to one chosen client or to all clients', async () => {
    const { tab, server } = await openApp(browser());
    const port = await tab.listen(HOST);
    const first = startPeer('interactive_client.py', HOST, port, 'utf-8');
    const second = startPeer('interactive_client.py', HOST, port, 'utf-8');
    const firstAddress = await connectedAddress(first);
    const secondAddress = await connectedAddress(second);
    await server.waitForClients([firstAddress, secondAddress]);
    first.type('我是第一个');
    second.type('我是第二个');
    await tab.waitForLog('我是第一个');
    await tab.waitForLog('我是第二个');

    await server.chooseTarget(firstAddress);
    await tab.send('只给第一个');
    expect((await first.nextReceived()).text).toBe('只给第一个');

    await server.chooseTarget('all');
    await tab.send('大家好');
    // The second client never got the message meant for the first one.
    expect((await second.nextReceived()).text).toBe('大家好');
    first.type('再来一条');
    expect((await first.nextReceived()).text).toBe('大家好');
  });

  it('a port already in use is an alert naming the port', async () => {
    const holder = await startTcpServer(HOST);
    try {
      const { tab, labels } = await openApp(browser());
      await tab.chooseProtocol('tcp-server');
      await tab.setLocal(HOST, holder.port);
      await tab.button(labels.listen).click();

      const alert = await tab.waitForAlert(/in use/i);
      expect(alert).toContain(String(holder.port));
      await tab.button(labels.listen).waitFor();
    } finally {
      await holder.close();
    }
  });
});
