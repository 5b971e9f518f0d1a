import type net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionOpenedEvent, StateEvent } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';

describe('TCP server session', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(() => h.dispose());

  async function listen(localHost = '127.0.0.1') {
    const { sessionId } = await h.ok('createSession', {});
    const opened = await h.ok('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost, localPort: 0 },
    });
    return { sessionId, port: opened.local.port };
  }

  const opened = (sessionId: string, n: number) =>
    h.waitFor(
      () =>
        h.events.filter((e) => e.type === 'connection-opened' && e.sessionId === sessionId)
          .length >= n,
      5000,
      `${n} clients`,
    );

  it('reports the OS-chosen port and takes many clients at once', async () => {
    const { sessionId, port } = await listen();
    expect(port).toBeGreaterThan(0);
    const clients = await Promise.all([1, 2, 3].map(() => connectClient(port)));
    await opened(sessionId, 3);

    const list = await h.ok('listSessions', {});
    const connections = list.sessions[0]?.connections ?? [];
    expect(connections).toHaveLength(3);
    const localPorts = clients.map((c) => c.socket.localPort).sort();
    expect(connections.map((c) => c.remote.port).sort()).toEqual(localPorts);
    for (const c of connections) expect(c.remote.host).toBe('127.0.0.1');
    for (const c of clients) c.socket.destroy();
  });

  it('receives from each client with its connection id and sends to one or to all', async () => {
    const { sessionId, port } = await listen();
    const a = await connectClient(port);
    const b = await connectClient(port);
    await opened(sessionId, 2);
    const ids = h.events
      .filter((e): e is ConnectionOpenedEvent => e.type === 'connection-opened')
      .map((e) => e.connection);
    const idOf = (socket: net.Socket) =>
      ids.find((c) => c.remote.port === socket.localPort)!.connectionId;

    a.socket.write('from a');
    await h.waitForBytes(sessionId, 6);
    expect(h.data(sessionId, 'rx')[0]).toMatchObject({ connectionId: idOf(a.socket) });

    const one = await h.ok('send', {
      sessionId,
      data: 'only b',
      options: DEFAULT_SEND_OPTIONS,
      target: { kind: 'connection', connectionId: idOf(b.socket) },
    });
    expect(one.recipients).toBe(1);
    expect((await b.waitFor(6)).toString()).toBe('only b');

    const all = await h.ok('send', { sessionId, data: '*', options: DEFAULT_SEND_OPTIONS });
    expect(all.recipients).toBe(2);
    expect((await a.waitFor(1)).toString()).toBe('*');
    expect((await b.waitFor(7)).toString()).toBe('only b*');

    const list = await h.ok('listSessions', {});
    const perClient = Object.fromEntries(
      (list.sessions[0]?.connections ?? []).map((c) => [c.connectionId, c.counters]),
    );
    expect(perClient[idOf(a.socket)]).toMatchObject({ rxBytes: 6, txBytes: 1 });
    expect(perClient[idOf(b.socket)]).toMatchObject({ rxBytes: 0, txBytes: 7 });
    expect(list.sessions[0]?.counters).toMatchObject({ rxBytes: 6, txBytes: 8, txMessages: 3 });
  });

  it('disconnects one client, and stop closes every client', async () => {
    const { sessionId, port } = await listen();
    const a = await connectClient(port);
    const b = await connectClient(port);
    await opened(sessionId, 2);
    const first = h.events.find((e): e is ConnectionOpenedEvent => e.type === 'connection-opened')!;

    await h.ok('disconnectClient', { sessionId, connectionId: first.connection.connectionId });
    await Promise.race([a.ended, b.ended]);
    expect(
      h.events.find(
        (e) => e.type === 'connection-closed' && e.connectionId === first.connection.connectionId,
      ),
    ).toMatchObject({ reason: 'user' });

    await h.ok('close', { sessionId });
    await Promise.all([a.ended, b.ended]);
    const closedReasons = h.events
      .filter((e) => e.type === 'connection-closed')
      .map((e) => e.reason);
    expect(closedReasons.sort()).toEqual(['server-stopped', 'user']);
    expect(h.events.filter((e): e is StateEvent => e.type === 'state').map((e) => e.state)).toEqual(
      ['listening', 'closed'],
    );
    // The port is released: a new connection is refused.
    await expect(connectClient(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a client that leaves is shown as closed by peer', async () => {
    const { sessionId, port } = await listen();
    const a = await connectClient(port);
    await opened(sessionId, 1);
    a.socket.end('bye');
    const closed = await h.waitFor((e) => e.type === 'connection-closed');
    expect(closed).toMatchObject({ reason: 'peer-closed' });
    expect(h.bytes(sessionId, 'rx').toString()).toBe('bye');
  });

  it('sending with no client connected is a clear error', async () => {
    const { sessionId } = await listen();
    const result = await h.call('send', { sessionId, data: 'x', options: DEFAULT_SEND_OPTIONS });
    expect(result).toMatchObject({ ok: false, code: 'NO_CLIENTS' });
  });

  it('listens on IPv6 :: and shows IPv4 clients as plain IPv4', async () => {
    const { sessionId, port } = await listen('::');
    const v4 = await connectClient(port, '127.0.0.1');
    const v6 = await connectClient(port, '::1');
    await opened(sessionId, 2);
    const hosts = h.events
      .filter((e): e is ConnectionOpenedEvent => e.type === 'connection-opened')
      .map((e) => e.connection.remote.host)
      .sort();
    expect(hosts).toEqual(['127.0.0.1', '::1']);
    v4.socket.destroy();
    v6.socket.destroy();
  });

  it('a port in use names the port and the other program', async () => {
    const { port } = await listen();
    const { sessionId } = await h.ok('createSession', {});
    const result = await h.call('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: port },
    });
    expect(result).toMatchObject({ ok: false, code: 'ADDRESS_IN_USE', params: { port } });
    if (!result.ok) expect(result.message).toContain(`Port ${port} is already in use`);
    // The first session keeps working.
    const c = await connectClient(port);
    c.socket.destroy();
  });
});
