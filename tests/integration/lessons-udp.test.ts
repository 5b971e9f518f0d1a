/**
 * NetAssist's UDP session with lesson-style Python UDP peers (tests/peers), on 127.0.0.1 and ::1:
 * datagrams go both ways, and every received one carries its source.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { decodeText } from '../../src/shared/codec/text-decoder';
import { EngineHarness } from '../support/engine-harness';
import { startPeer, startServerPeer } from '../support/python-peer';

const CASES = [
  ['127.0.0.1', 'utf-8'],
  ['127.0.0.1', 'gbk'],
  ['::1', 'utf-8'],
  ['::1', 'gbk'],
] as const;

describe.each(CASES)('UDP with a lesson peer on %s in %s', (host, encoding) => {
  let h: EngineHarness;

  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  async function bind(remotePort?: number) {
    const { sessionId } = await h.ok('createSession', {});
    const opened = await h.ok('open', {
      sessionId,
      config: {
        protocol: 'udp',
        localHost: host,
        localPort: 0,
        ...(remotePort ? { remoteHost: host, remotePort } : {}),
      },
    });
    return { sessionId, port: opened.local.port };
  }

  function send(sessionId: string, data: string, target?: { kind: 'last-sender' }) {
    return h.ok('send', {
      sessionId,
      data,
      options: { ...DEFAULT_SEND_OPTIONS, encoding },
      ...(target ? { target } : {}),
    });
  }

  it('we send to the Python server; its answers come back from its address', async () => {
    const { peer, port: peerPort } = await startServerPeer('udp_echo_server.py', host, encoding, 2);
    const { sessionId, port } = await bind(peerPort);

    for (const [index, text] of ['你好 UDP', '第二个数据报'].entries()) {
      await send(sessionId, text);
      const [, hex = '', json = '""', fromHost, fromPort] = await peer.waitForLine(
        /^RECV ([0-9a-f]*) (".*") FROM (\S+) (\d+)$/,
      );
      expect(JSON.parse(json)).toBe(text);
      expect(Buffer.from(hex, 'hex')).toEqual(Buffer.from(h.data(sessionId, 'tx')[index]!.bytes));
      expect([fromHost, Number(fromPort)]).toEqual([host, port]);

      await h.waitFor(() => h.data(sessionId, 'rx').length > index, 5000, `answer ${index + 1}`);
      const answer = h.data(sessionId, 'rx')[index]!;
      expect(answer.peer).toEqual({ host, port: peerPort });
      expect(decodeText(answer.bytes, encoding)).toBe(`收到:${text}`);
    }
    await peer.finished();
  });

  it('the Python client sends to us; we answer the last sender and it prints the answer', async () => {
    const { sessionId, port } = await bind();
    const peer = startPeer('udp_client.py', host, port, encoding, '网络调试助手在吗?');
    const [, , clientPort] = await peer.waitForLine(/^BOUND (\S+) (\d+)$/);

    await h.waitFor(() => h.data(sessionId, 'rx').length > 0, 5000, 'a datagram');
    const [datagram] = h.data(sessionId, 'rx');
    expect(datagram?.peer).toEqual({ host, port: Number(clientPort) });
    expect(decodeText(datagram!.bytes, encoding)).toBe('网络调试助手在吗?');

    await send(sessionId, '在的', { kind: 'last-sender' });
    const [, hex = '', json = '""', fromHost, fromPort] = await peer.waitForLine(
      /^REPLY ([0-9a-f]*) (".*") FROM (\S+) (\d+)$/,
    );
    expect(JSON.parse(json)).toBe('在的');
    expect(Buffer.from(hex, 'hex')).toEqual(Buffer.from(h.data(sessionId, 'tx')[0]!.bytes));
    expect([fromHost, Number(fromPort)]).toEqual([host, port]);
    await peer.finished();
  });
});
