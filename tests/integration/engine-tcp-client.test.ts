import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodingName, StateEvent } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { StreamDecoder, decodeText } from '../../src/shared/codec/text-decoder';
import { EngineHarness } from '../support/engine-harness';
import { startTcpServer, unusedPort, type TestServer } from '../support/node-peers';

const isClosed = (sessionId: string) => (e: { type: string; sessionId: string; state?: string }) =>
  e.type === 'state' && e.sessionId === sessionId && e.state === 'closed';

describe('TCP client session', () => {
  let h: EngineHarness;
  let server: TestServer;

  beforeEach(async () => {
    h = new EngineHarness();
    server = await startTcpServer();
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  async function connect(remoteHost = '127.0.0.1') {
    const { sessionId } = await h.ok('createSession', {});
    const opened = await h.ok('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost, remotePort: server.port },
    });
    return { sessionId, opened, peer: await server.nextSocket() };
  }

  it('goes idle → connecting → connected and reports both addresses', async () => {
    const { sessionId, opened } = await connect();
    const states = h.events
      .filter((e): e is StateEvent => e.type === 'state' && e.sessionId === sessionId)
      .map((e) => e.state);
    expect(states).toEqual(['connecting', 'connected']);
    expect(opened.remote).toEqual({ host: '127.0.0.1', port: server.port });
    expect(opened.local.port).toBeGreaterThan(0);
  });

  it('sends exact bytes, receives chunks with peer, sequence and exact counters', async () => {
    const { sessionId, peer } = await connect();
    const got: Buffer[] = [];
    peer.on('data', (c: Buffer) => got.push(c));

    const sent = await h.ok('send', { sessionId, data: '你好', options: DEFAULT_SEND_OPTIONS });
    expect(sent).toMatchObject({ bytes: 6, recipients: 1 });
    peer.write(Buffer.from([0x01, 0x02, 0xff]));

    const rx = await h.waitForBytes(sessionId, 3);
    expect([...rx]).toEqual([0x01, 0x02, 0xff]);
    const [chunk] = h.data(sessionId, 'rx');
    expect(chunk?.peer).toEqual({ host: '127.0.0.1', port: server.port });
    const seqs = h.data(sessionId).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await expect.poll(() => Buffer.concat(got).toString('utf8')).toBe('你好');

    const counters = await h.waitFor(
      (e) => e.type === 'counters' && e.sessionId === sessionId && e.counters.rxBytes === 3,
    );
    expect(counters).toMatchObject({
      counters: { rxBytes: 3, txBytes: 6, rxMessages: 1, txMessages: 1 },
    });

    await h.ok('resetCounters', { sessionId });
    const list = await h.ok('listSessions', {});
    expect(list.sessions[0]?.counters).toEqual({
      rxBytes: 0,
      txBytes: 0,
      rxMessages: 0,
      txMessages: 0,
    });
  });

  it('reports "closed by peer" on FIN, then reconnects on the same session', async () => {
    const { sessionId, peer } = await connect();
    peer.end();
    const closed = await h.waitFor<StateEvent>(isClosed(sessionId));
    expect(closed.reason).toBe('peer-closed');
    expect(h.events.some((e) => e.type === 'connection-closed' && e.reason === 'peer-closed')).toBe(
      true,
    );

    const again = await h.call('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port },
    });
    expect(again.ok).toBe(true);
    const second = await server.nextSocket();
    second.write('again');
    expect((await h.waitForBytes(sessionId, 5)).toString()).toBe('again');
  });

  it('reports a reset (RST) from the peer with an error event', async () => {
    const { sessionId, peer } = await connect();
    peer.resetAndDestroy();
    const closed = await h.waitFor<StateEvent>(isClosed(sessionId));
    expect(closed.reason).toBe('reset');
    const error = await h.waitFor((e) => e.type === 'error' && e.sessionId === sessionId);
    expect(error).toMatchObject({ code: 'CONNECTION_RESET' });
  });

  it('closed by the user: reason "user", and sending afterwards is NOT_CONNECTED', async () => {
    const { sessionId } = await connect();
    await h.ok('close', { sessionId });
    const closed = await h.waitFor<StateEvent>(isClosed(sessionId));
    expect(closed.reason).toBe('user');
    const result = await h.call('send', { sessionId, data: 'x', options: DEFAULT_SEND_OPTIONS });
    expect(result).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });

  it('connects over IPv6 loopback', async () => {
    const v6 = await startTcpServer('::1');
    try {
      const { sessionId } = await h.ok('createSession', {});
      const opened = await h.ok('open', {
        sessionId,
        config: { protocol: 'tcp-client', remoteHost: '[::1]', remotePort: v6.port },
      });
      expect(opened.remote?.host).toBe('::1');
      (await v6.nextSocket()).write('v6');
      expect((await h.waitForBytes(sessionId, 2)).toString()).toBe('v6');
    } finally {
      await v6.close();
    }
  });

  it('resolves the host name "localhost"', async () => {
    const { opened } = await connect('localhost');
    expect(opened.remote?.port).toBe(server.port);
  });

  it('refuses a second open while connected (ALREADY_OPEN)', async () => {
    const { sessionId } = await connect();
    const again = await h.call('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port },
    });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_OPEN' });
  });

  it('a refused connection says to start the server first, and leaves the session closed', async () => {
    const port = await unusedPort();
    const { sessionId } = await h.ok('createSession', {});
    const result = await h.call('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port },
    });
    expect(result).toMatchObject({ ok: false, code: 'CONNECTION_REFUSED', params: { port } });
    if (!result.ok) expect(result.message).toMatch(/nothing is listening.*Start the server first/);
    const closed = await h.waitFor<StateEvent>(isClosed(sessionId));
    expect(closed.reason).toBe('refused');
  });

  it('a local port already in use names that local port', async () => {
    const busy = await startTcpServer();
    try {
      const { sessionId } = await h.ok('createSession', {});
      const result = await h.call('open', {
        sessionId,
        config: {
          protocol: 'tcp-client',
          remoteHost: '127.0.0.1',
          remotePort: server.port,
          localPort: busy.port,
        },
      });
      expect(result).toMatchObject({
        ok: false,
        code: 'ADDRESS_IN_USE',
        params: { port: busy.port },
      });
    } finally {
      await busy.close();
    }
  });

  it('binds the chosen local port', async () => {
    const { sessionId } = await h.ok('createSession', {});
    const localPort = await unusedPort();
    const opened = await h.ok('open', {
      sessionId,
      config: {
        protocol: 'tcp-client',
        remoteHost: '127.0.0.1',
        remotePort: server.port,
        localPort,
      },
    });
    expect(opened.local.port).toBe(localPort);
    expect((await server.nextSocket()).remotePort).toBe(localPort);
  });

  // A multibyte character cut in two by TCP: each half arrives as its own chunk, and the
  // per-stream decoder must still show the character — while each chunk keeps its exact bytes.
  describe('a character split across TCP segments', () => {
    it.each<[EncodingName, number[], string]>([
      ['utf-8', [0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd], '你好'],
      ['gbk', [0xc4, 0xe3, 0xba, 0xc3], '你好'],
    ])('%s', async (encoding, wire, text) => {
      const { sessionId, peer } = await connect();
      // Cut inside the first character, and wait for each half to arrive on its own.
      peer.write(Buffer.from(wire.slice(0, 1)));
      await h.waitForBytes(sessionId, 1);
      peer.write(Buffer.from(wire.slice(1)));
      await h.waitForBytes(sessionId, wire.length);

      const chunks = h.data(sessionId, 'rx').map((e) => e.bytes);
      expect(chunks.length).toBe(2);
      expect([...chunks[0]!]).toEqual(wire.slice(0, 1));

      const decoder = new StreamDecoder(encoding);
      const shown = chunks.map((c) => decoder.decode(c));
      expect(shown).toEqual(['', text]);
      // Decoding each chunk on its own would show replacement characters instead.
      expect(decodeText(chunks[0]!, encoding)).toBe('\uFFFD');
    });
  });
});
