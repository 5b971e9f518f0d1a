import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionConfig } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { describeError } from '../../src/shared/errors';
import { EngineHarness } from '../support/engine-harness';
import { startStalledListener } from '../support/stalled-listener';

describe('errors a learner meets', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(() => h.dispose());

  async function openWith(config: SessionConfig) {
    const { sessionId } = await h.ok('createSession', {});
    return { sessionId, result: await h.call('open', { sessionId, config }) };
  }

  it.each([
    [0, 'remote port'],
    [65536, 'remote port'],
    [-1, 'remote port'],
    [80.5, 'remote port'],
    [Number.NaN, 'remote port'],
  ])('remote port %s is invalid: must be 1–65535', async (port, field) => {
    const { result } = await openWith({
      protocol: 'tcp-client',
      remoteHost: '127.0.0.1',
      remotePort: port,
    });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PORT', params: { field } });
    if (!result.ok) expect(result.message).toContain('from 1 to 65535');
  });

  it.each(['', '   ', '999.1.1.1', 'bad host', '[::1', '::1::2', 'http://127.0.0.1'])(
    'host %j is refused with INVALID_HOST before any socket exists',
    async (remoteHost) => {
      const { result } = await openWith({ protocol: 'tcp-client', remoteHost, remotePort: 80 });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_HOST' });
    },
  );

  it('a local port below 1024 without privileges is "permission denied" (or works as root)', async () => {
    const { result } = await openWith({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 1,
    });
    if (process.getuid?.() === 0) {
      // Root may bind low ports: the engine must then simply listen.
      expect(result.ok).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, code: 'PERMISSION_DENIED', params: { port: 1 } });
    }
  });

  it('maps EACCES to a sentence about ports below 1024', () => {
    expect(describeError('PERMISSION_DENIED', { port: 80 })).toMatch(/ports below 1024/);
    expect(describeError('PERMISSION_DENIED', { port: 80 }, 'zh-CN')).toMatch(/1024/);
  });

  it('a UDP port in use is ADDRESS_IN_USE, and the first session keeps working', async () => {
    const first = await openWith({ protocol: 'udp', localHost: '127.0.0.1', localPort: 0 });
    expect(first.result.ok).toBe(true);
    const port = first.result.ok ? first.result.local.port : 0;
    const second = await openWith({ protocol: 'udp', localHost: '127.0.0.1', localPort: port });
    expect(second.result).toMatchObject({ ok: false, code: 'ADDRESS_IN_USE', params: { port } });
    const list = await h.ok('listSessions', {});
    expect(list.sessions.find((s) => s.sessionId === first.sessionId)?.state).toBe('bound');
  });

  it('an address that is not on this machine cannot be listened on', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned, so bind fails locally; no traffic.
    const { result } = await openWith({
      protocol: 'tcp-server',
      localHost: '192.0.2.1',
      localPort: 0,
    });
    expect(result).toMatchObject({ ok: false, code: 'ADDRESS_NOT_AVAILABLE' });
  });

  it('times out a connect that gets no answer, then the session can be used again', async () => {
    // A listener whose backlog is full drops further SYNs: the connect hangs, as to a dead host.
    const peer = await startStalledListener();
    try {
      const { sessionId, result } = await openWith({
        protocol: 'tcp-client',
        remoteHost: '127.0.0.1',
        remotePort: peer.port,
        connectTimeoutMs: 300,
      });
      expect(result).toMatchObject({ ok: false, code: 'CONNECT_TIMEOUT', params: { ms: 300 } });
      const closed = await h.waitFor((e) => e.type === 'state' && e.state === 'closed');
      expect(closed).toMatchObject({ reason: 'timeout' });
      const list = await h.ok('listSessions', {});
      expect(list.sessions.find((s) => s.sessionId === sessionId)?.state).toBe('closed');
    } finally {
      peer.stop();
    }
  });

  it('closing while connecting cancels the attempt', async () => {
    const peer = await startStalledListener();
    try {
      const { sessionId } = await h.ok('createSession', {});
      const opening = h.call('open', {
        sessionId,
        config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port },
      });
      await h.waitFor((e) => e.type === 'state' && e.state === 'connecting');
      await h.ok('close', { sessionId });
      expect(await opening).toMatchObject({ ok: false, code: 'CANCELLED' });
    } finally {
      peer.stop();
    }
  });

  it('a host name that cannot be resolved is HOST_NOT_FOUND (checked in a private network namespace)', () => {
    // A real lookup would ask this machine's DNS server, which is not on loopback. In a network
    // namespace of our own with only `lo`, the same getaddrinfo() fails locally instead.
    const probe = spawnSync('unshare', ['-n', 'true']);
    if (probe.status !== 0) {
      console.warn(
        'skipped: unshare -n is not permitted here, so no isolated DNS lookup is possible',
      );
      return;
    }
    const script = `ip link set lo up && exec node --import tsx tests/support/open-once.ts nosuchhost.invalid 80`;
    const run = spawnSync('unshare', ['-n', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(result).toMatchObject({
      ok: false,
      code: 'HOST_NOT_FOUND',
      params: { host: 'nosuchhost.invalid' },
    });
    expect(result.message).toMatch(/could not be resolved/);
  });

  it('send errors: empty payload, bad hex, unknown session — nothing is sent', async () => {
    const server = net.createServer((s) => s.on('data', () => received++));
    let received = 0;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const { sessionId } = await openWith({
        protocol: 'tcp-client',
        remoteHost: '127.0.0.1',
        remotePort: port,
      });
      const send = (data: string, format: 'text' | 'hex' = 'text') =>
        h.call('send', { sessionId, data, options: { ...DEFAULT_SEND_OPTIONS, format } });
      expect(await send('')).toMatchObject({ ok: false, code: 'EMPTY_PAYLOAD' });
      expect(await send('48 6', 'hex')).toMatchObject({ ok: false, code: 'INVALID_HEX' });
      expect(await send('48 zz', 'hex')).toMatchObject({
        ok: false,
        code: 'INVALID_HEX',
        params: { position: 4 },
      });
      expect(
        await h.call('send', { sessionId: 'nope', data: 'x', options: DEFAULT_SEND_OPTIONS }),
      ).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });
      expect(h.data(sessionId, 'tx')).toHaveLength(0);
      expect(received).toBe(0);
    } finally {
      server.close();
    }
  });
});
