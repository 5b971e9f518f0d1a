/**
 * NetAssist's TCP client against the lessons' Python servers (tests/peers, seeds 001–004), in the
 * encodings the lessons use: the server prints exactly what we sent, its reply shows here as the
 * right characters, and a server that closes shows as "closed by peer".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  EncodingName,
  EngineEvent,
  StateEvent,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { decodeText } from '../../src/shared/codec/text-decoder';
import { EngineHarness } from '../support/engine-harness';
import { startServerPeer } from '../support/python-peer';

/** The bytes Python's codecs give (`'…'.encode('gbk')`), so no check trusts our own encoder. */
const PYTHON_GBK: Record<string, string> = {
  明天必须来: 'c3f7ccecb1d8d0ebc0b4',
  '好的,已经收到!~': 'bac3b5c42cd2d1beadcad5b5bd217e',
};

function pythonBytes(text: string, encoding: 'utf-8' | 'gbk'): Buffer {
  const gbk = PYTHON_GBK[text];
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (gbk === undefined) throw new Error(`add the GBK bytes of ${text} to PYTHON_GBK`);
  return Buffer.from(gbk, 'hex');
}

describe('our TCP client against the lesson servers', () => {
  let h: EngineHarness;

  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  /** Connects a new session, or reconnects `sessionId`. */
  async function connect(port: number, remoteHost = '127.0.0.1', sessionId?: string) {
    const id = sessionId ?? (await h.ok('createSession', {})).sessionId;
    const opened = await h.ok('open', {
      sessionId: id,
      config: { protocol: 'tcp-client', remoteHost, remotePort: port },
    });
    return { sessionId: id, local: opened.local };
  }

  function send(sessionId: string, data: string, encoding: EncodingName) {
    return h.ok('send', { sessionId, data, options: { ...DEFAULT_SEND_OPTIONS, encoding } });
  }

  /** The first event recorded at or after `mark` (an index into `h.events`) that matches. */
  function eventAfter<E extends EngineEvent>(mark: number, match: (e: EngineEvent) => boolean) {
    return h.waitFor<E>((e) => h.events.indexOf(e) >= mark && match(e));
  }

  /** Waits for the session to close and for its connection to end, and gives both reasons. */
  async function closeReasons(sessionId: string, mark = 0) {
    const state = await eventAfter<StateEvent>(
      mark,
      (e) => e.type === 'state' && e.sessionId === sessionId && e.state === 'closed',
    );
    const connection = await eventAfter<ConnectionClosedEvent>(
      mark,
      (e) => e.type === 'connection-closed' && e.sessionId === sessionId,
    );
    return { session: state.reason, connection: connection.reason };
  }

  const PEER_CLOSED = { session: 'peer-closed', connection: 'peer-closed' };

  describe.each(['utf-8', 'gbk'] as const)('seed 001 interactive server in %s', (encoding) => {
    it('prints what we send, its typed reply shows here, and our "exit" closes it', async () => {
      const { peer, port } = await startServerPeer('interactive_server.py', '127.0.0.1', encoding);
      const { sessionId, local } = await connect(port);
      const [, , acceptedPort] = await peer.waitForLine(/^ACCEPTED (\S+) (\d+)$/);
      expect(Number(acceptedPort)).toBe(local.port);

      await send(sessionId, '今天不想上课', encoding);
      const received = await peer.nextReceived();
      expect(received.text).toBe('今天不想上课');
      expect(received.bytes).toEqual(h.bytes(sessionId, 'tx'));

      peer.type('明天必须来');
      const expected = pythonBytes('明天必须来', encoding);
      const reply = await h.waitForBytes(sessionId, expected.length);
      expect(reply).toEqual(expected);
      expect(decodeText(reply, encoding)).toBe('明天必须来');

      const mark = h.events.length;
      await send(sessionId, 'exit', encoding);
      expect((await peer.nextReceived()).text).toBe('exit');
      expect(await closeReasons(sessionId, mark)).toEqual(PEER_CLOSED);
      await peer.finished();
    });

    it('shows "closed by peer" when the person at the server types "exit"', async () => {
      const { peer, port } = await startServerPeer('interactive_server.py', '127.0.0.1', encoding);
      const { sessionId } = await connect(port);

      await send(sessionId, '保持连接', encoding);
      expect((await peer.nextReceived()).text).toBe('保持连接');
      peer.type('exit');

      expect(await closeReasons(sessionId)).toEqual(PEER_CLOSED);
      expect(h.bytes(sessionId, 'rx')).toHaveLength(0);
      await peer.finished();
    });
  });

  it('seed 002 GBK server: reads our GBK text and its "好的,已经收到!~" shows here', async () => {
    const { peer, port } = await startServerPeer('gbk_reply_server.py', '127.0.0.1');
    const { sessionId } = await connect(port);

    await send(sessionId, '你好', 'gbk');
    await peer.waitForLine(/^收到数据:你好$/);
    const received = await peer.nextReceived();
    expect(received.bytes).toEqual(Buffer.from('c4e3bac3', 'hex'));

    const expected = pythonBytes('好的,已经收到!~', 'gbk');
    const reply = await h.waitForBytes(sessionId, expected.length);
    expect(reply).toEqual(expected);
    expect(decodeText(reply, 'gbk')).toBe('好的,已经收到!~');
    expect(await closeReasons(sessionId)).toEqual(PEER_CLOSED);
    await peer.finished();
  });

  it('seed 002 multi-message server: answers each message, sees our disconnect', async () => {
    const { peer, port } = await startServerPeer('multi_message_server.py', '127.0.0.1');
    const { sessionId } = await connect(port);
    const answer = pythonBytes('好的,已经收到!~', 'gbk');

    const messages = ['第一条', '第二条', 'third 第三条'];
    for (const [index, message] of messages.entries()) {
      await send(sessionId, message, 'gbk');
      expect((await peer.nextReceived()).text).toBe(message);
      // One reply per message; waiting for each keeps the messages in separate recv() calls.
      await h.waitForBytes(sessionId, answer.length * (index + 1));
    }
    const rx = h.bytes(sessionId, 'rx');
    expect(rx).toEqual(Buffer.concat(messages.map(() => answer)));
    expect(decodeText(rx, 'gbk')).toBe('好的,已经收到!~'.repeat(3));

    await h.ok('close', { sessionId });
    await peer.waitForLine(/^PEER-CLOSED$/);
    expect(await closeReasons(sessionId)).toEqual({ session: 'user', connection: 'user' });
    await peer.finished();
  });

  it('seed 002 one-after-another server: the second client is served once the first leaves', async () => {
    const { peer, port } = await startServerPeer('one_after_another_server.py', '127.0.0.1', 2);
    const first = await connect(port);
    const second = await connect(port);
    // The kernel completes the second handshake from the listen backlog; the lesson has not
    // accept()ed it yet, so what it sends waits unread.
    await send(second.sessionId, '第二个', 'gbk');
    await send(first.sessionId, '第一个', 'gbk');

    await peer.waitForLine(new RegExp(`^NEW-CLIENT \\S+ ${first.local.port}$`));
    expect((await peer.nextReceived()).text).toBe('第一个');
    // The lesson replies with a bare encode(): UTF-8, even though it read GBK.
    const answer = Buffer.from('好的,收到.', 'utf8');
    expect(await h.waitForBytes(first.sessionId, answer.length)).toEqual(answer);
    expect(h.bytes(second.sessionId, 'rx')).toHaveLength(0);

    await h.ok('close', { sessionId: first.sessionId });
    await peer.waitForLine(new RegExp(`^CLIENT-GONE \\S+ ${first.local.port}$`));
    await peer.waitForLine(new RegExp(`^NEW-CLIENT \\S+ ${second.local.port}$`));
    expect((await peer.nextReceived()).text).toBe('第二个');
    const reply = await h.waitForBytes(second.sessionId, answer.length);
    expect(decodeText(reply, 'utf-8')).toBe('好的,收到.');

    await h.ok('close', { sessionId: second.sessionId });
    await peer.finished();
  });

  it('seed 003 one-message server: closed by peer after one message, then reconnects', async () => {
    const { peer, port } = await startServerPeer('one_message_server.py', '127.0.0.1', 2);
    const { sessionId } = await connect(port);

    await send(sessionId, '你好，世界！！！', 'utf-8');
    await peer.waitForLine(/^127\.0\.0\.1发来消息>>>你好，世界！！！$/);
    expect((await peer.nextReceived()).bytes).toEqual(Buffer.from('你好，世界！！！'));
    expect(await closeReasons(sessionId)).toEqual(PEER_CLOSED);

    const mark = h.events.length;
    await connect(port, '127.0.0.1', sessionId);
    const reopened = await eventAfter<ConnectionOpenedEvent>(
      mark,
      (e) => e.type === 'connection-opened' && e.sessionId === sessionId,
    );
    await send(sessionId, '又来了', 'utf-8');
    await peer.waitForLine(/^127\.0\.0\.1发来消息>>>又来了$/);
    expect(await closeReasons(sessionId, mark)).toEqual(PEER_CLOSED);
    expect(h.bytes(sessionId, 'tx', reopened.connection.connectionId)).toEqual(
      Buffer.from('又来了'),
    );
    await peer.finished();
  });

  describe.each(['utf-8', 'gbk'] as const)('seed 004 SO_REUSEADDR server in %s', (encoding) => {
    it('prints our message in its encoding, then closes', async () => {
      const { peer, port } = await startServerPeer('reuseaddr_server.py', '127.0.0.1', encoding);
      const { sessionId } = await connect(port);

      await send(sessionId, '网络调试助手 NetAssist', encoding);
      await peer.waitForLine(/^接收到的数据为: 网络调试助手 NetAssist$/);
      expect((await peer.nextReceived()).bytes).toEqual(h.bytes(sessionId, 'tx'));
      expect(await closeReasons(sessionId)).toEqual(PEER_CLOSED);
      await peer.finished();
    });
  });

  it('IPv6: the seed 001 server on ::1', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', '::1', 'utf-8');
    const { sessionId, local } = await connect(port, '::1');
    expect(local.host).toBe('::1');

    await send(sessionId, 'IPv6 你好', 'utf-8');
    expect((await peer.nextReceived()).text).toBe('IPv6 你好');
    peer.type('收到');
    const reply = await h.waitForBytes(sessionId, Buffer.from('收到').length);
    expect(decodeText(reply, 'utf-8')).toBe('收到');
    expect(h.data(sessionId, 'rx')[0]?.peer).toEqual({ host: '::1', port });

    await send(sessionId, 'exit', 'utf-8');
    expect(await closeReasons(sessionId)).toEqual(PEER_CLOSED);
    await peer.finished();
  });
});
