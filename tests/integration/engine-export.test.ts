import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRequest, DataEvent, FileEvent, FileStatus } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { fileAt } from '../../src/main/engine/file-on-disk';
import { streamTo } from '../../src/main/engine/file-destination';
import { Downloads } from '../../src/main/web/downloads';
import { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const GBK_NIHAO = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

const two = (n: number) => String(n).padStart(2, '0');
/** The log's local time, written out independently of the engine's formatter. */
function shownTime(at: number) {
  const t = new Date(at);
  return (
    `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ` +
    `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}.` +
    String(t.getMilliseconds()).padStart(3, '0')
  );
}

/** Everything written to a stream, once it is ended. */
function collect() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve) =>
    stream.once('end', () => resolve(Buffer.concat(chunks))),
  );
  return { stream, ended };
}

describe('log export', () => {
  let h: EngineHarness;
  let folder: string;
  beforeEach(() => {
    h = new EngineHarness();
    folder = mkdtempSync(path.join(tmpdir(), 'netassist-export-'));
  });
  afterEach(async () => {
    await h.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const exportFiles = (sessionId: string) =>
    h.events.filter(
      (e): e is FileEvent =>
        e.type === 'file' && e.sessionId === sessionId && e.file.kind === 'export',
    );

  function finished(sessionId: string, timeoutMs = 10_000) {
    return h.waitFor<FileEvent>(
      (e) =>
        e.type === 'file' &&
        e.sessionId === sessionId &&
        e.file.kind === 'export' &&
        (e.file.state === 'stopped' || e.file.state === 'failed'),
      timeoutMs,
      'the export to end',
    );
  }

  /** Exports to a stream and resolves with what it holds once the export has stopped. */
  async function exported(request: CommandRequest<'exportLog'>): Promise<Buffer> {
    const before = exportFiles(request.sessionId).length;
    const { stream, ended } = collect();
    const result = await h.engine.exportLog(request, streamTo(stream, 'test'));
    if (!result.ok) throw new Error(`exportLog failed: ${result.code}`);
    const bytes = await ended;
    const end = await h.waitFor<FileEvent>(
      (e) =>
        exportFiles(request.sessionId).indexOf(e as FileEvent) >= before &&
        e.type === 'file' &&
        (e.file.state === 'stopped' || e.file.state === 'failed'),
    );
    expect(end.file.state).toBe('stopped');
    expect(end.file.bytes).toBe(bytes.length);
    return bytes;
  }

  /** A TCP server session with one client: rx hello, rx GBK 你好, rx a CSV-hostile text, tx OK. */
  async function tcpTraffic() {
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const client = await connectClient(local.port);
    let total = 0;
    // One write at a time, each waited for: each becomes its own log entry.
    const receive = async (socket: Socket, bytes: Buffer) => {
      socket.write(bytes);
      total += bytes.length;
      await h.waitForBytes(sessionId, total);
    };
    await receive(client.socket, Buffer.from('hello'));
    await receive(client.socket, GBK_NIHAO);
    await receive(client.socket, Buffer.from('a,b"c\r\nd\x1b'));
    await h.ok('send', { sessionId, data: 'OK', options: DEFAULT_SEND_OPTIONS });
    await h.waitForBytes(sessionId, 2, 'tx');
    const entries = h.data(sessionId);
    expect(entries).toHaveLength(4);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    return { sessionId, client, entries, peer };
  }

  const base = { encoding: 'gbk' as const, hex: false };

  it('writes text as the log shows it: local time, direction, peer, decoded and escaped', async () => {
    const { sessionId, entries, peer, client } = await tcpTraffic();
    const text = (await exported({ sessionId, format: 'text', ...base })).toString('utf8');
    const [hello, nihao, hostile, ok] = entries as [DataEvent, DataEvent, DataEvent, DataEvent];
    expect(text).toBe(
      `${shownTime(hello.at)} RX ${peer} → hello\n` +
        `${shownTime(nihao.at)} RX ${peer} → 你好\n` +
        `${shownTime(hostile.at)} RX ${peer} → a,b"c\\r\\nd\\x1B\n` +
        `${shownTime(ok.at)} TX ${peer} → OK\n`,
    );
    client.socket.destroy();
  });

  it('writes text as hex when asked, and only fromSeq..toSeq', async () => {
    const { sessionId, entries, peer, client } = await tcpTraffic();
    const [, nihao, hostile] = entries as [DataEvent, DataEvent, DataEvent];
    const text = (
      await exported({
        sessionId,
        format: 'text',
        encoding: 'utf-8',
        hex: true,
        fromSeq: nihao.seq,
        toSeq: hostile.seq,
      })
    ).toString('utf8');
    expect(text).toBe(
      `${shownTime(nihao.at)} RX ${peer} → C4 E3 BA C3\n` +
        `${shownTime(hostile.at)} RX ${peer} → 61 2C 62 22 63 0D 0A 64 1B\n`,
    );
    client.socket.destroy();
  });

  it('writes CSV with a header, a BOM for Excel, and RFC 4180 quoting', async () => {
    const { sessionId, entries, peer, client } = await tcpTraffic();
    const text = (await exported({ sessionId, format: 'csv', ...base })).toString('utf8');
    const [hello, nihao, hostile, ok] = entries as [DataEvent, DataEvent, DataEvent, DataEvent];
    expect(text).toBe(
      '\uFEFFtime,direction,peer,bytes,hex,text\r\n' +
        `${shownTime(hello.at)},rx,${peer},5,68 65 6C 6C 6F,hello\r\n` +
        `${shownTime(nihao.at)},rx,${peer},4,C4 E3 BA C3,你好\r\n` +
        `${shownTime(hostile.at)},rx,${peer},9,61 2C 62 22 63 0D 0A 64 1B,"a,b""c\r\nd\x1b"\r\n` +
        `${shownTime(ok.at)},tx,${peer},2,4F 4B,OK\r\n`,
    );
    client.socket.destroy();
  });

  it('writes JSON Lines as log to file does', async () => {
    const { sessionId, entries, peer, client } = await tcpTraffic();
    const text = (await exported({ sessionId, format: 'jsonl', ...base })).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(
      entries.map((e) => ({
        seq: e.seq,
        time: new Date(e.at).toISOString(),
        direction: e.direction,
        peer,
        connectionId: 'c1',
        length: e.bytes.length,
        hex: Buffer.from(e.bytes).toString('hex'),
      })),
    );
    client.socket.destroy();
  });

  it('writes the raw bytes of one direction', async () => {
    const { sessionId, client } = await tcpTraffic();
    const rx = await exported({ sessionId, format: 'raw-rx', ...base });
    expect(rx).toEqual(
      Buffer.concat([Buffer.from('hello'), GBK_NIHAO, Buffer.from('a,b"c\r\nd\x1b')]),
    );
    const tx = await exported({ sessionId, format: 'raw-tx', ...base });
    expect(tx).toEqual(Buffer.from('OK'));
    client.socket.destroy();
  });

  it('decodes a character split across two TCP reads in the second, even from that entry on', async () => {
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const client = await connectClient(local.port);
    client.socket.write(GBK_NIHAO.subarray(0, 1));
    await h.waitForBytes(sessionId, 1);
    client.socket.write(GBK_NIHAO.subarray(1));
    await h.waitForBytes(sessionId, 4);
    const [first, second] = h.data(sessionId) as [DataEvent, DataEvent];
    const peer = `127.0.0.1:${client.socket.localPort}`;

    const all = (await exported({ sessionId, format: 'text', ...base })).toString('utf8');
    expect(all).toBe(
      `${shownTime(first.at)} RX ${peer} → \n${shownTime(second.at)} RX ${peer} → 你好\n`,
    );
    const fromSecond = await exported({ sessionId, format: 'text', ...base, fromSeq: second.seq });
    expect(fromSecond.toString('utf8')).toBe(`${shownTime(second.at)} RX ${peer} → 你好\n`);
    client.socket.destroy();
  });

  it('writes UDP entries with an IPv6 peer in brackets', async () => {
    const { sessionId, local } = await h.openSession({
      protocol: 'udp',
      localHost: '::1',
      localPort: 0,
    });
    const peer = dgram.createSocket('udp6');
    await new Promise<void>((resolve) => peer.bind(0, '::1', resolve));
    peer.send(GBK_NIHAO, local.port, '::1');
    await h.waitForBytes(sessionId, 4);
    peer.send('x,y', local.port, '::1');
    await h.waitForBytes(sessionId, 7);
    const [nihao, xy] = h.data(sessionId) as [DataEvent, DataEvent];
    const address = `[::1]:${peer.address().port}`;

    const text = (await exported({ sessionId, format: 'text', ...base })).toString('utf8');
    expect(text).toBe(
      `${shownTime(nihao.at)} RX ${address} → 你好\n${shownTime(xy.at)} RX ${address} → x,y\n`,
    );
    const csv = (await exported({ sessionId, format: 'csv', ...base })).toString('utf8');
    expect(csv.split('\r\n')[2]).toBe(`${shownTime(xy.at)},rx,${address},3,78 2C 79,"x,y"`);
    peer.close();
  });

  it('exports a 16 MiB flood byte for byte to a file, with paced progress ending in stopped', async () => {
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const client = await connectClient(local.port);
    const payload = randomBytes(16 * 1024 * 1024);
    client.socket.write(payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 20_000);
    const { lastSeq, firstSeq } = await h.ok('readLog', { sessionId, fromSeq: 0, count: 0 });
    const file = path.join(folder, 'rx.bin');

    const started = Date.now();
    const result = await h.engine.exportLog(
      { sessionId, format: 'raw-rx', encoding: 'utf-8', hex: false },
      fileAt(file),
    );
    expect(result).toEqual({ ok: true, name: file });
    const end = await finished(sessionId, 20_000);
    const took = Date.now() - started;

    expect(end.file).toEqual({
      kind: 'export',
      name: file,
      state: 'stopped',
      bytes: payload.length,
      entries: { done: lastSeq - firstSeq + 1, total: lastSeq - firstSeq + 1 },
    } satisfies FileStatus);
    expect(sha(readFileSync(file))).toBe(sha(payload));
    const statuses = exportFiles(sessionId).map((e) => e.file);
    expect(statuses[0]!.state).toBe('writing');
    // At most one progress report per 100 ms, plus the first and the last.
    expect(statuses.length).toBeLessThanOrEqual(Math.ceil(took / 100) + 2);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.files).toContainEqual(end.file);
    client.socket.destroy();
  }, 40_000);

  it('waits for a slow stream (backpressure) and still writes every entry', async () => {
    const { sessionId, local } = await h.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const datagrams = Array.from({ length: 3000 }, (_, i) => Buffer.from(`datagram ${i}\n`));
    let total = 0;
    for (let i = 0; i < datagrams.length; i += 100) {
      for (const datagram of datagrams.slice(i, i + 100)) {
        peer.send(datagram, local.port, '127.0.0.1');
        total += datagram.length;
      }
      await h.waitForBytes(sessionId, total);
    }
    const chunks: Buffer[] = [];
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        writes += 1;
        setTimeout(done, 2);
      },
    });

    await h.engine.exportLog(
      { sessionId, format: 'raw-rx', encoding: 'utf-8', hex: false },
      streamTo(slow),
    );
    const end = await finished(sessionId);

    expect(end.file.state).toBe('stopped');
    expect(end.file.entries).toEqual({ done: 3000, total: 3000 });
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat(datagrams));
    // Pages of at most 1,000 entries: several writes, each waited for.
    expect(writes).toBeGreaterThanOrEqual(3);
    peer.close();
  });

  it('skips entries the log evicts before the export reaches them, and says so in entries', async () => {
    await h.ok('setLogLimits', { maxEntries: 3000, maxBytes: 1 << 20 });
    const { sessionId } = await h.ok('createSession', {});
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    await h.ok('open', {
      sessionId,
      config: {
        protocol: 'udp',
        localHost: '127.0.0.1',
        localPort: 0,
        remoteHost: '127.0.0.1',
        remotePort: sink.address().port,
      },
    });
    const sendNumbered = async (from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        await h.ok('send', { sessionId, data: `${i}\n`, options: DEFAULT_SEND_OPTIONS });
      }
    };
    await sendNumbered(1, 3000);
    // Takes the first page, then holds the export until released.
    const chunks: Buffer[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        void held.then(() => done());
      },
    });
    await h.engine.exportLog(
      { sessionId, format: 'raw-tx', encoding: 'utf-8', hex: false },
      streamTo(slow),
    );
    await h.waitFor((e) => e.type === 'file' && e.file.kind === 'export');

    await sendNumbered(3001, 5500); // evicts 1..2500
    release();
    const end = await finished(sessionId);

    expect(end.file.state).toBe('stopped');
    expect(end.file.entries).toEqual({ done: 1500, total: 3000 });
    const numbers = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join('');
    expect(Buffer.concat(chunks).toString()).toBe(numbers(1, 1000) + numbers(2501, 3000));
    sink.close();
  }, 60_000);

  it('allows one export at a time per session (ALREADY_OPEN), and the session can go meanwhile', async () => {
    const { sessionId, client } = await tcpTraffic();
    // A stream that never takes anything: the export stays writing.
    const stuck = new Writable({ highWaterMark: 1, write: () => {} });
    const first = await h.engine.exportLog({ sessionId, format: 'text', ...base }, streamTo(stuck));
    expect(first.ok).toBe(true);
    const second = await h.engine.exportLog(
      { sessionId, format: 'csv', ...base },
      streamTo(new PassThrough()),
    );
    expect(second).toMatchObject({ ok: false, code: 'ALREADY_OPEN', params: { kind: 'export' } });
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.files).toContainEqual(
      expect.objectContaining({ kind: 'export', state: 'writing' }),
    );

    await h.ok('disposeSession', { sessionId });
    const end = await finished(sessionId);
    expect(end.file).toMatchObject({
      state: 'failed',
      error: { code: 'CANCELLED', params: { what: 'export' } },
    });
    client.socket.destroy();
  });

  it('refuses a range backwards or not whole, and an unknown session', async () => {
    const { sessionId, client } = await tcpTraffic();
    const files = streamTo(new PassThrough());
    const backwards = await h.engine.exportLog(
      { sessionId, format: 'text', ...base, fromSeq: 3, toSeq: 2 },
      files,
    );
    expect(backwards).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    const half = await h.engine.exportLog(
      { sessionId, format: 'text', ...base, fromSeq: 1.5 },
      files,
    );
    expect(half).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    const unknown = await h.engine.exportLog({ sessionId: 'nope', format: 'text', ...base }, files);
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });
    client.socket.destroy();
  });

  it('goes to a one-time download in browser mode, named for the session and format', async () => {
    const { sessionId, client } = await tcpTraffic();
    const downloads = new Downloads();
    const result = await h.engine.exportLog({ sessionId, format: 'csv', ...base }, downloads);
    if (!result.ok) throw new Error(result.code);
    expect(result.name).toMatch(new RegExp(`^netassist-${sessionId}-log-\\d{8}-\\d{6}\\.csv$`));
    expect(result.download).toMatch(/^\/files\//);
    expect(exportFiles(sessionId).at(-1)!.file.state).toBe('waiting');

    const download = downloads.take(result.download!.slice('/files/'.length))!;
    expect(download.contentType).toBe('text/csv; charset=utf-8');
    const { stream, ended } = collect();
    download.deliver(stream);
    const text = (await ended).toString('utf8');
    expect(text.startsWith('\uFEFFtime,direction,peer,bytes,hex,text\r\n')).toBe(true);
    expect(text.endsWith(',tx,' + `127.0.0.1:${client.socket.localPort},2,4F 4B,OK\r\n`)).toBe(
      true,
    );
    expect((await finished(sessionId)).file.state).toBe('stopped');
    downloads.dispose();
    client.socket.destroy();
  });
});
