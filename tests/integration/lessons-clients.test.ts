/**
 * NetAssist's TCP server against the lessons' Python clients (tests/peers, seeds 000 and 002–004):
 * we receive exactly the bytes they send and decode them right, and what we reply is what they
 * print.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  EncodingName,
  SendTarget,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { decodeText } from '../../src/shared/codec/text-decoder';
import { EngineHarness } from '../support/engine-harness';
import { startPeer, type PythonPeer } from '../support/python-peer';

describe('our TCP server against the lesson clients', () => {
  let h: EngineHarness;
  /** Per connection: how many received bytes a test has already looked at. */
  let seen: Map<string, number>;

  beforeEach(() => {
    h = new EngineHarness();
    seen = new Map();
  });
  afterEach(async () => {
    await h.dispose();
  });

  async function listen(localHost = '127.0.0.1') {
    const { sessionId } = await h.ok('createSession', {});
    const opened = await h.ok('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost, localPort: 0 },
    });
    return { sessionId, port: opened.local.port };
  }

  function reply(sessionId: string, data: string, encoding: EncodingName, target?: SendTarget) {
    return h.ok('send', {
      sessionId,
      data,
      options: { ...DEFAULT_SEND_OPTIONS, encoding },
      ...(target ? { target } : {}),
    });
  }

  /** Waits for the peer's `CONNECTED host port` line and finds its connection on our server. */
  async function connectionOf(peer: PythonPeer, sessionId: string) {
    const [, , port] = await peer.waitForLine(/^CONNECTED (\S+) (\d+)$/);
    const opened = await h.waitFor<ConnectionOpenedEvent>(
      (e) =>
        e.type === 'connection-opened' &&
        e.sessionId === sessionId &&
        e.connection.remote.port === Number(port),
    );
    return opened.connection.connectionId;
  }

  /**
   * Waits for the peer's next `SENT hex` line, then for those bytes to arrive on its connection,
   * and checks they are exactly the bytes Python sent. Returns them.
   */
  async function arrival(peer: PythonPeer, sessionId: string, connectionId: string) {
    const [, hex = ''] = await peer.waitForLine(/^SENT ([0-9a-f]+)$/);
    const sent = Buffer.from(hex, 'hex');
    const from = seen.get(connectionId) ?? 0;
    await h.waitFor(
      () => h.bytes(sessionId, 'rx', connectionId).length >= from + sent.length,
      5000,
      `${sent.length} bytes from ${peer.script}`,
    );
    const received = h.bytes(sessionId, 'rx', connectionId).subarray(from);
    seen.set(connectionId, from + received.length);
    expect(received).toEqual(sent);
    return received;
  }

  function closedReason(sessionId: string, connectionId: string) {
    return h
      .waitFor<ConnectionClosedEvent>(
        (e) =>
          e.type === 'connection-closed' &&
          e.sessionId === sessionId &&
          e.connectionId === connectionId,
      )
      .then((e) => e.reason);
  }

  describe.each(['utf-8', 'gbk'] as const)('in %s', (encoding) => {
    it('seed 002 send-and-close client: its message arrives whole, then it closes', async () => {
      const { sessionId, port } = await listen();
      const peer = startPeer('send_and_close_client.py', '127.0.0.1', port, encoding);
      const connectionId = await connectionOf(peer, sessionId);

      const received = await arrival(peer, sessionId, connectionId);
      expect(decodeText(received, encoding)).toBe('哈哈哈,打不过我吧!?');
      expect(await closedReason(sessionId, connectionId)).toBe('peer-closed');
      await peer.finished();
    });

    it('seed 002 send-receive client: prints our reply', async () => {
      const { sessionId, port } = await listen();
      const peer = startPeer('send_receive_client.py', '127.0.0.1', port, encoding);
      const connectionId = await connectionOf(peer, sessionId);

      const received = await arrival(peer, sessionId, connectionId);
      expect(decodeText(received, encoding)).toBe('哈哈哈,打不过我吧!?');
      // One encoding replies to its connection, the other to all clients: both must reach it.
      const target: SendTarget =
        encoding === 'gbk' ? { kind: 'connection', connectionId } : { kind: 'all' };
      const sent = await reply(sessionId, '好的,已经收到!~', encoding, target);
      expect(sent.recipients).toBe(1);

      await peer.waitForLine(/^接收到数据: 好的,已经收到!~$/);
      const printed = await peer.nextReceived();
      expect(printed.text).toBe('好的,已经收到!~');
      expect(printed.bytes).toEqual(h.bytes(sessionId, 'tx', connectionId));
      expect(await closedReason(sessionId, connectionId)).toBe('peer-closed');
      await peer.finished();
    });

    it('seed 003 client: "你好，世界！！！" in UTF-8, whatever the session shows', async () => {
      const { sessionId, port } = await listen();
      const peer = startPeer('hello_world_client.py', '127.0.0.1', port);
      const connectionId = await connectionOf(peer, sessionId);

      const received = await arrival(peer, sessionId, connectionId);
      expect(decodeText(received, 'utf-8')).toBe('你好，世界！！！');
      // The lesson always sends UTF-8: read as GBK it is mojibake, but the bytes stay exact.
      if (encoding === 'gbk') expect(decodeText(received, 'gbk')).not.toBe('你好，世界！！！');
      expect(await closedReason(sessionId, connectionId)).toBe('peer-closed');
      await peer.finished();
    });

    it('seed 000 interactive client: a conversation, then "exit" closes it', async () => {
      const { sessionId, port } = await listen();
      const peer = startPeer('interactive_client.py', '127.0.0.1', port, encoding);
      const connectionId = await connectionOf(peer, sessionId);

      const conversation = [
        ['保持连接', '保持连接'],
        ['今天不想上课', '明天必须来'],
        ['封锁，触发会持续', 'OK'],
      ];
      for (const [typed = '', answer = ''] of conversation) {
        peer.type(typed);
        expect(decodeText(await arrival(peer, sessionId, connectionId), encoding)).toBe(typed);
        await reply(sessionId, answer, encoding, { kind: 'connection', connectionId });
        expect((await peer.nextReceived()).text).toBe(answer);
      }
      peer.type('exit');
      await peer.waitForLine(/^CLOSED$/);
      expect(await closedReason(sessionId, connectionId)).toBe('peer-closed');
      await peer.finished();
    });

    it('seed 004 input() client: types the ip, the port and the data', async () => {
      const { sessionId, port } = await listen();
      const peer = startPeer('input_client.py', encoding);
      peer.type('127.0.0.1');
      peer.type(String(port));
      const connectionId = await connectionOf(peer, sessionId);
      peer.type('网络调试助手你好');

      const received = await arrival(peer, sessionId, connectionId);
      expect(decodeText(received, encoding)).toBe('网络调试助手你好');
      await reply(sessionId, '收到，同学', encoding);

      await peer.waitForLine(/^接收到的数据为: 收到，同学$/);
      expect((await peer.nextReceived()).bytes).toEqual(h.bytes(sessionId, 'tx', connectionId));
      expect(await closedReason(sessionId, connectionId)).toBe('peer-closed');
      await peer.finished();
    });
  });

  it('two lesson clients at once: both listed, a reply to one reaches only that one', async () => {
    const { sessionId, port } = await listen();
    const alice = startPeer('send_receive_client.py', '127.0.0.1', port, 'utf-8', '我是甲');
    const bob = startPeer('send_receive_client.py', '127.0.0.1', port, 'utf-8', '我是乙');
    const aliceId = await connectionOf(alice, sessionId);
    const bobId = await connectionOf(bob, sessionId);
    expect(decodeText(await arrival(alice, sessionId, aliceId), 'utf-8')).toBe('我是甲');
    expect(decodeText(await arrival(bob, sessionId, bobId), 'utf-8')).toBe('我是乙');

    const { sessions } = await h.ok('listSessions', {});
    const listed = sessions.find((s) => s.sessionId === sessionId)?.connections ?? [];
    expect(listed.map((c) => c.connectionId).sort()).toEqual([aliceId, bobId].sort());
    for (const client of listed) {
      expect(client.remote.host).toBe('127.0.0.1');
      expect(client.counters.rxBytes).toBe(Buffer.from('我是甲').length);
    }

    await reply(sessionId, '只给甲', 'utf-8', { kind: 'connection', connectionId: aliceId });
    expect((await alice.nextReceived()).text).toBe('只给甲');
    await alice.finished();
    expect(await closedReason(sessionId, aliceId)).toBe('peer-closed');
    expect(h.bytes(sessionId, 'tx', bobId)).toHaveLength(0);

    // Bob still waits in recv(1024): if "只给甲" had reached him, it would be what he prints.
    await reply(sessionId, '只给乙', 'utf-8', { kind: 'all' });
    expect((await bob.nextReceived()).text).toBe('只给乙');
    await bob.finished();
    expect(await closedReason(sessionId, bobId)).toBe('peer-closed');
  });

  it('IPv6: a lesson client on ::1', async () => {
    const { sessionId, port } = await listen('::1');
    const peer = startPeer('send_receive_client.py', '::1', port, 'gbk', 'IPv6 你好');
    const connectionId = await connectionOf(peer, sessionId);
    const opened = await h.waitFor<ConnectionOpenedEvent>(
      (e) => e.type === 'connection-opened' && e.connection.connectionId === connectionId,
    );
    expect(opened.connection.remote.host).toBe('::1');

    expect(decodeText(await arrival(peer, sessionId, connectionId), 'gbk')).toBe('IPv6 你好');
    await reply(sessionId, '好的,已经收到!~', 'gbk');
    expect((await peer.nextReceived()).text).toBe('好的,已经收到!~');
    await peer.finished();
  });
});
