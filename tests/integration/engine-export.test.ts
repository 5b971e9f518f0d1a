import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CommandRequest,
  DataEvent,
  EngineEvent,
  FileEvent,
  FileStatus,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { Engine } from '../../src/main/engine/engine';
import { fileAt } from '../../src/main/engine/file-on-disk';
import type { FileDestinations } from '../../src/main/engine/file-destination';
import { streamTo } from '../../src/main/engine/file-destination';
import { serveDownload } from '../../src/main/web/download-route';
import { Downloads, DOWNLOADS_PATH } from '../../src/main/web/downloads';
import { EngineHarness } from '../support/engine-harness';
import { connectClient, udpPeer } from '../support/node-peers';

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
    const { sessionId, client } = await h.listenWithClient();
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
    const { sessionId, client } = await h.listenWithClient();
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
    const { sessionId, local } = await h.openUdp('::1');
    const peer = await udpPeer('::1');
    peer.socket.send(GBK_NIHAO, local.port, '::1');
    await h.waitForBytes(sessionId, 4);
    peer.socket.send('x,y', local.port, '::1');
    await h.waitForBytes(sessionId, 7);
    const [nihao, xy] = h.data(sessionId) as [DataEvent, DataEvent];
    const address = `[::1]:${peer.port}`;

    const text = (await exported({ sessionId, format: 'text', ...base })).toString('utf8');
    expect(text).toBe(
      `${shownTime(nihao.at)} RX ${address} → 你好\n${shownTime(xy.at)} RX ${address} → x,y\n`,
    );
    const csv = (await exported({ sessionId, format: 'csv', ...base })).toString('utf8');
    expect(csv.split('\r\n')[2]).toBe(`${shownTime(xy.at)},rx,${address},3,78 2C 79,"x,y"`);
  });

  it('exports a 16 MiB flood byte for byte to a file, with paced progress ending in stopped', async () => {
    const { sessionId, client } = await h.listenWithClient();
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
    const { sessionId, local } = await h.openUdp();
    const peer = await udpPeer();
    const datagrams = Array.from({ length: 3000 }, (_, i) => Buffer.from(`datagram ${i}\n`));
    let total = 0;
    for (let i = 0; i < datagrams.length; i += 100) {
      for (const datagram of datagrams.slice(i, i + 100)) {
        peer.socket.send(datagram, local.port, '127.0.0.1');
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
  });

  it('skips entries the log evicts before the export reaches them, and says so in entries', async () => {
    await h.ok('setLogLimits', { maxEntries: 3000, maxBytes: 1 << 20 });
    const sink = await udpPeer();
    const { sessionId } = await h.openUdpTo(sink.port);
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

  it('exports only the entries matching a filter; progress counts the whole range', async () => {
    const { sessionId, entries, peer, client } = await tcpTraffic();
    const [hello, nihao] = entries as [DataEvent, DataEvent];

    const text = await exported({
      sessionId,
      format: 'text',
      ...base,
      filter: { direction: 'rx', text: '好', encoding: 'gbk' },
    });
    const csv = await exported({
      sessionId,
      format: 'csv',
      ...base,
      filter: { hex: '6C 6C', peer: '127.0.0.1:', encoding: 'gbk' },
    });
    const none = await exported({
      sessionId,
      format: 'raw-rx',
      ...base,
      filter: { direction: 'tx', encoding: 'gbk' },
    });

    expect(text.toString('utf8')).toBe(`${shownTime(nihao.at)} RX ${peer} → 你好\n`);
    expect(csv.toString('utf8')).toBe(
      '\uFEFFtime,direction,peer,bytes,hex,text\r\n' +
        `${shownTime(hello.at)},rx,${peer},5,68 65 6C 6C 6F,hello\r\n`,
    );
    expect(none).toEqual(Buffer.alloc(0));
    const ends = exportFiles(sessionId).filter((e) => e.file.state === 'stopped');
    expect(ends.map((e) => e.file.entries)).toEqual([
      { done: 4, total: 4 },
      { done: 4, total: 4 },
      { done: 4, total: 4 },
    ]);
    client.socket.destroy();
  });

  it('a filtered export decodes each TCP entry after its own prefix, not after the last one written', async () => {
    const { sessionId, client } = await h.listenWithClient();
    // GBK 你 = C4 E3, 好 = BA C3: "3" + half of 你 | the rest, "2", half of 好 | the rest, "3".
    const reads = [
      [0x33, 0xc4],
      [0xe3, 0x32, 0xba],
      [0xc3, 0x33],
    ];
    let total = 0;
    for (const read of reads) {
      client.socket.write(Buffer.from(read));
      total += read.length;
      await h.waitForBytes(sessionId, total);
    }
    const [first, , third] = h.data(sessionId) as [DataEvent, DataEvent, DataEvent];
    const peer = `127.0.0.1:${client.socket.localPort}`;

    const text = await exported({
      sessionId,
      format: 'text',
      ...base,
      filter: { hex: '33', encoding: 'gbk' },
    });

    expect(text.toString('utf8')).toBe(
      `${shownTime(first.at)} RX ${peer} → 3\n${shownTime(third.at)} RX ${peer} → 好3\n`,
    );
    client.socket.destroy();
  });

  it('refuses a bad hex filter with INVALID_HEX before asking where the file goes', async () => {
    const { sessionId, client } = await tcpTraffic();
    let asked = 0;
    const files: FileDestinations = {
      choose: () => {
        asked += 1;
        return Promise.resolve({ ok: true, destination: { name: 'x', output: new PassThrough() } });
      },
    };

    const result = await h.engine.exportLog(
      { sessionId, format: 'text', ...base, filter: { hex: '0D 0', encoding: 'gbk' } },
      files,
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_HEX',
      message: 'Invalid hex: the byte at position 4 has only one digit — write 04, not 4.',
    });
    expect(asked).toBe(0);
    expect(exportFiles(sessionId)).toEqual([]);
    client.socket.destroy();
  });

  it('cancelExport when no export runs is ok (and leaves a finished one as it was)', async () => {
    const { sessionId, client } = await tcpTraffic();
    await h.ok('cancelExport', { sessionId });
    await exported({ sessionId, format: 'jsonl', ...base });

    await h.ok('cancelExport', { sessionId });

    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.files).toContainEqual(
      expect.objectContaining({ kind: 'export', state: 'stopped' }),
    );
    const unknown = await h.call('cancelExport', { sessionId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });
    client.socket.destroy();
  });

  it('cancelExport before the browser fetched the download: stopped, and the address is gone', async () => {
    const { sessionId, client } = await tcpTraffic();
    const downloads = new Downloads();
    const result = await h.engine.exportLog({ sessionId, format: 'text', ...base }, downloads);
    if (!result.ok) throw new Error(result.code);
    expect(exportFiles(sessionId).at(-1)!.file.state).toBe('waiting');

    await h.ok('cancelExport', { sessionId });

    expect(exportFiles(sessionId).at(-1)!.file).toMatchObject({
      state: 'failed',
      bytes: 0,
      error: { code: 'CANCELLED', params: { what: 'export-stopped' } },
    });
    expect(downloads.take(result.download!.slice(DOWNLOADS_PATH.length))).toBeUndefined();
    // The next export may start at once.
    expect((await exported({ sessionId, format: 'raw-tx', ...base })).toString()).toBe('OK');
    downloads.dispose();
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

/**
 * A session whose log holds `entries` received entries of one byte each, made fast: a peer sends
 * that many bytes and a fixed framing of 1 byte cuts one entry per byte. The engine's events are
 * not all recorded (a million data events would be most of the test's memory): only the file
 * events are kept.
 */
async function bigLog(entries: number) {
  const files: FileEvent[] = [];
  let lastSeq = 0;
  let wake = () => {};
  const engine = new Engine((event: EngineEvent) => {
    if (event.type === 'file') files.push(event);
    if (event.type === 'log') lastSeq = event.lastSeq;
    wake();
  });
  const until = (check: () => boolean, what: string, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        wake = () => {};
        resolve();
      };
      wake();
    });
  const created = await engine.createSession();
  if (!created.ok) throw new Error(created.code);
  const { sessionId } = created;
  const opened = await engine.open({
    sessionId,
    config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
  });
  if (!opened.ok) throw new Error(opened.code);
  await engine.setFraming({ sessionId, framing: { mode: 'fixed', length: 1 } });
  const client = await connectClient(opened.local.port);
  client.socket.write(Buffer.alloc(entries, 0x41));
  await until(() => lastSeq >= entries, `${entries} entries`);
  const close = async () => {
    client.socket.destroy();
    await engine.shutdown();
  };
  return { engine, sessionId, files, until, close };
}

/** The browser mode's download route on a loopback port, as the host serves it. */
async function downloadServer() {
  const downloads = new Downloads();
  const server = http.createServer((request, response) =>
    serveDownload(request, response, downloads, request.url ?? '', {}),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () => {
    server.closeAllConnections();
    server.close();
    downloads.dispose();
  };
  return { downloads, port, close };
}

describe('cancelExport', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netassist-export-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('stops a running export of a 1,000,000-entry log promptly: failed with CANCELLED, the partial file deleted', async () => {
    const log = await bigLog(1_000_000);
    const { engine, sessionId, files, until } = log;
    try {
      const file = path.join(folder, 'log.csv');
      const started = await engine.exportLog(
        { sessionId, format: 'csv', encoding: 'utf-8', hex: false },
        fileAt(file),
      );
      expect(started.ok).toBe(true);
      // Well under way: a progress report with entries written, and the file on disk.
      await until(() => (files.at(-1)?.file.entries?.done ?? 0) > 0, 'progress');
      expect(existsSync(file)).toBe(true);

      const cancelled = await engine.cancelExport({ sessionId });

      expect(cancelled).toEqual({ ok: true });
      const end = files.at(-1)!.file;
      expect(end).toMatchObject({
        kind: 'export',
        state: 'failed',
        error: {
          code: 'CANCELLED',
          message: 'Cancelled: the export was stopped; the file is incomplete.',
          params: { what: 'export-stopped' },
        },
      });
      expect(end.entries!.total).toBe(1_000_000);
      expect(end.entries!.done).toBeLessThan(1_000_000);
      expect(existsSync(file)).toBe(false);
      // Stopped for good: no later report says otherwise, and a new export may start.
      const reports = files.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(files.length).toBe(reports);
      expect(await engine.cancelExport({ sessionId })).toEqual({ ok: true });
    } finally {
      await log.close();
    }
  }, 120_000);

  it('browser mode: the download’s response is cut off, so the browser sees it incomplete', async () => {
    const log = await bigLog(300_000);
    const { engine, sessionId, files, until } = log;
    const { downloads, port, close } = await downloadServer();
    try {
      const started = await engine.exportLog(
        { sessionId, format: 'text', encoding: 'utf-8', hex: true },
        downloads,
      );
      if (!started.ok) throw new Error(started.code);
      expect(started.download!.startsWith(DOWNLOADS_PATH)).toBe(true);
      // The browser reads the first bytes, then stops reading (a slow disk, a paused download).
      const response = await new Promise<http.IncomingMessage>((resolve) =>
        http.get({ host: '127.0.0.1', port, path: started.download }, resolve),
      );
      let holding = true;
      response.on('data', () => {
        if (holding) response.pause();
      });
      const cut = new Promise<string>((resolve) => {
        response.once('error', () => resolve('error'));
        response.once('end', () => resolve('end'));
      });
      // Under way, and held up by the browser: the stream is behind, the export waits.
      await until(
        () => (files.at(-1)?.file.entries?.done ?? 0) > 0,
        'the download to be under way',
      );

      await engine.cancelExport({ sessionId });

      expect(files.at(-1)!.file).toMatchObject({
        state: 'failed',
        error: { code: 'CANCELLED', params: { what: 'export-stopped' } },
      });
      holding = false;
      response.resume();
      // What was in flight arrives, then the connection ends without the last chunk: an error.
      expect(await cut).toBe('error');
      expect(response.complete).toBe(false);
      expect(files.at(-1)!.file.entries!.done).toBeLessThan(300_000);
    } finally {
      close();
      await log.close();
    }
  }, 120_000);

  it('browser mode, read at full speed by another process: the host still turns, so Stop reaches it', async () => {
    const log = await bigLog(300_000);
    const { engine, sessionId, files, until } = log;
    const { downloads, port, close } = await downloadServer();
    let reader: ChildProcess | undefined;
    try {
      const started = await engine.exportLog(
        { sessionId, format: 'text', encoding: 'utf-8', hex: true },
        downloads,
      );
      if (!started.ok) throw new Error(started.code);
      // A browser in another process: it reads as fast as the host writes.
      const url = `http://127.0.0.1:${port}${started.download!}`;
      reader = spawn(process.execPath, [
        '-e',
        `require('http').get(${JSON.stringify(url)}, (r) => r.resume())`,
      ]);
      await until(() => (files.at(-1)?.file.entries?.done ?? 0) > 0, 'the download under way');

      // Answered while the export runs (a host whose loop never turned would answer only after).
      await engine.cancelExport({ sessionId });

      expect(files.at(-1)!.file).toMatchObject({
        state: 'failed',
        error: { code: 'CANCELLED', params: { what: 'export-stopped' } },
      });
      expect(files.at(-1)!.file.entries!.done).toBeLessThan(300_000);
    } finally {
      reader?.kill();
      close();
      await log.close();
    }
  }, 120_000);
});
