import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { EngineHarness } from '../support/engine-harness';
import { udpPeer } from '../support/node-peers';

describe('UDP session', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(() => h.dispose());

  // Bound to ::, the session must still speak plain IPv4 to an IPv4 peer: sources and targets as
  // 127.0.0.1, not as IPv4-mapped IPv6 addresses.
  it.each([
    { localHost: '127.0.0.1', bound: '127.0.0.1' },
    { localHost: '::', bound: ':: (every IPv6 and IPv4 address)' },
  ])(
    'bound to $bound: sends to the remote, receives from anyone with the source, replies to the last sender',
    async ({ localHost }) => {
      const peer = await udpPeer();
      const other = await udpPeer();
      const { sessionId, local } = await h.openSession({
        protocol: 'udp',
        localHost,
        localPort: 0,
        remoteHost: '127.0.0.1',
        remotePort: peer.port,
      });

      await h.ok('send', { sessionId, data: 'ping', options: DEFAULT_SEND_OPTIONS });
      await expect.poll(() => peer.messages.map((m) => m.data.toString())).toEqual(['ping']);
      expect(peer.messages[0]?.port).toBe(local.port);

      other.socket.send('from other', local.port, '127.0.0.1');
      await h.waitForBytes(sessionId, 10);
      expect(h.data(sessionId, 'rx')[0]?.peer).toEqual({ host: '127.0.0.1', port: other.port });

      await h.ok('send', {
        sessionId,
        data: 'reply',
        options: DEFAULT_SEND_OPTIONS,
        target: { kind: 'last-sender' },
      });
      await expect.poll(() => other.messages.map((m) => m.data.toString())).toEqual(['reply']);

      expect(h.data(sessionId, 'tx').map((e) => e.peer)).toEqual([
        { host: '127.0.0.1', port: peer.port },
        { host: '127.0.0.1', port: other.port },
      ]);
    },
  );

  it('keeps every datagram as its own chunk, with exact counters', async () => {
    const peer = await udpPeer();
    const { sessionId, local } = await h.openUdp();
    for (let i = 0; i < 100; i++) peer.socket.send(Buffer.alloc(100, i), local.port, '127.0.0.1');
    await h.waitForBytes(sessionId, 10_000);
    const chunks = h.data(sessionId, 'rx');
    expect(chunks).toHaveLength(100);
    expect(chunks.every((c) => c.bytes.length === 100)).toBe(true);
    const counters = await h.waitFor((e) => e.type === 'counters' && e.counters.rxMessages === 100);
    expect(counters).toMatchObject({ counters: { rxBytes: 10_000, rxMessages: 100 } });
  });

  it('works over IPv6 loopback, choosing an IPv6 socket for an IPv6 remote', async () => {
    const peer = await udpPeer('::1');
    const peerPort = peer.port;
    const { sessionId, local } = await h.openSession({
      protocol: 'udp',
      localPort: 0,
      remoteHost: '::1',
      remotePort: peerPort,
    });
    await h.ok('send', { sessionId, data: 'v6', options: DEFAULT_SEND_OPTIONS });
    await expect.poll(() => peer.messages.length).toBe(1);
    peer.socket.send('back', local.port, '::1');
    await h.waitForBytes(sessionId, 4);
    expect(h.data(sessionId, 'rx')[0]?.peer).toEqual({ host: '::1', port: peerPort });
  });

  it('without a target, or with one too large, sending is a clear error', async () => {
    const { sessionId } = await h.openUdp();
    expect(
      await h.call('send', { sessionId, data: 'x', options: DEFAULT_SEND_OPTIONS }),
    ).toMatchObject({
      ok: false,
      code: 'NO_TARGET',
    });
    expect(
      await h.call('send', {
        sessionId,
        data: 'x',
        options: DEFAULT_SEND_OPTIONS,
        target: { kind: 'last-sender' },
      }),
    ).toMatchObject({ ok: false, code: 'NO_TARGET' });
    expect(
      await h.call('send', {
        sessionId,
        data: 'x'.repeat(70_000),
        options: DEFAULT_SEND_OPTIONS,
        target: { kind: 'address', host: '127.0.0.1', port: 9 },
      }),
    ).toMatchObject({
      ok: false,
      code: 'DATAGRAM_TOO_LARGE',
      params: { bytes: 70_000, max: 65507 },
    });
  });

  it('closing releases the port', async () => {
    const { sessionId, local } = await h.openUdp();
    await h.ok('close', { sessionId });
    const again = await h.ok('open', {
      sessionId,
      config: { protocol: 'udp', localHost: '127.0.0.1', localPort: local.port },
    });
    expect(again.local.port).toBe(local.port);
  });
});
