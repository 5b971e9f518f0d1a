/**
 * The browser-mode host on loopback: the token, the Origin check, the static files, and the
 * contract carried over a real WebSocket to the real engine.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  DataEvent,
  EngineEvent,
  FileEvent,
  FileSendEvent,
  FileSendStatus,
  FileStatus,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { ResponseFrame, ServerFrame } from '../../src/shared/wire';
import { decodeFrame, encodeFrame } from '../../src/shared/wire';
import type { RunningHost } from '../../src/main/web/host';
import { startHost } from '../../src/main/web/host';
import { accepts, connectClient } from '../support/node-peers';
import { Conditions } from '../support/conditions';

const TOKEN = 'test-token-0123456789abcdef';
const SECRET = 'this file is outside the static folder';
const INDEX = '<!doctype html><title>NetAssist</title><script src="./assets/app.js"></script>';

let root: string;
let staticDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'netassist-web-'));
  staticDir = path.join(root, 'site');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("hi");');
  await writeFile(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const hosts: RunningHost[] = [];
const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) page.socket.terminate();
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function start(options: Partial<Parameters<typeof startHost>[0]> = {}) {
  const host = await startHost({ host: '127.0.0.1', port: 0, token: TOKEN, staticDir, ...options });
  hosts.push(host);
  return host;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw GET: the path goes out exactly as written (no URL normalisation, unlike fetch). */
function get(port: number, requestPath: string, headers: http.OutgoingHttpHeaders = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: requestPath, headers, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * The page's side of the WebSocket: calls commands by id, records every event and acknowledges
 * each batch, as the renderer's client does.
 */
class Page {
  readonly events: EngineEvent[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (frame: ResponseFrame) => void>();
  readonly responses: ResponseFrame[] = [];
  private readonly conditions = new Conditions();

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = decodeFrame(String(data)) as ServerFrame;
      if (frame.kind === 'events') {
        this.events.push(...frame.events);
        socket.send(encodeFrame({ kind: 'ack', batch: frame.batch ?? 0 }));
      } else {
        this.responses.push(frame);
        this.waiting.get(frame.id)?.(frame);
        this.waiting.delete(frame.id);
      }
      this.conditions.changed();
    });
  }

  call<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const id = this.nextId++;
    const answered = new Promise<ResponseFrame>((resolve) => this.waiting.set(id, resolve));
    this.socket.send(encodeFrame({ kind: 'command', id, command, request }));
    return answered.then((frame) => frame.response as CommandResponse<C>);
  }

  async ok<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const response = await this.call(command, request);
    if (!response.ok) throw new Error(`${command}: ${response.code} ${response.message}`);
    return response;
  }

  /** Sends a raw text frame and resolves with the next response frame. */
  sendRaw(text: string) {
    const before = this.responses.length;
    this.socket.send(text);
    return this.until(() => this.responses[before], 'a response');
  }

  until<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
    return this.conditions.until(find, what, timeoutMs);
  }

  closed(): Promise<number> {
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }
}

const originOf = (host: RunningHost) => `http://127.0.0.1:${host.port}`;

/** Opens a WebSocket; resolves with the page, or rejects with the HTTP status that refused it. */
function openPage(url: string, origin?: string, headers: Record<string, string> = {}) {
  return new Promise<Page>((resolve, reject) => {
    const socket = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
    socket.once('open', () => {
      const page = new Page(socket);
      pages.push(page);
      resolve(page);
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(`refused with ${response.statusCode}`));
    });
    socket.once('error', reject);
  });
}

const wsUrl = (host: RunningHost, query = `?token=${TOKEN}`) =>
  `ws://127.0.0.1:${host.port}/ws${query}`;

async function listenOnLoopback(page: Page) {
  const { sessionId } = await page.ok('createSession', {});
  const opened = await page.ok('open', {
    sessionId,
    config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
  });
  return { sessionId, port: opened.local.port };
}

/** A host, its page, a TCP server session on loopback and one plain client connected to it. */
async function clientConnected(options: Parameters<typeof start>[0] = {}) {
  const host = await start(options);
  const page = await openPage(wsUrl(host), originOf(host));
  const { sessionId, port } = await listenOnLoopback(page);
  const peer = await connectClient(port);
  await page.until(() => page.events.find((e) => e.type === 'connection-opened'), 'the client');
  return { host, page, sessionId, peer };
}

describe('web host: HTTP', () => {
  it('refuses a request without the token, or with a wrong one, and says nothing more', async () => {
    const host = await start();
    for (const requestPath of ['/', '/index.html', '/assets/app.js', '/api/info', '/?token=nope']) {
      const reply = await get(host.port, requestPath);
      expect(reply.status, requestPath).toBe(403);
      expect(reply.body).not.toContain('<title>');
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    const wrongCookie = await get(host.port, '/', {
      Cookie: `netassist_token_${host.port}=${TOKEN}x`,
    });
    expect(wrongCookie.status).toBe(403);
  });

  it('serves the page with the token, with a strict CSP, and sets the cookie for its assets', async () => {
    const host = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);

    const page = await get(host.port, `/?token=${TOKEN}`);

    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const cookieHeader = cookie.split(';')[0]!;
    const script = await get(host.port, '/assets/app.js', { Cookie: cookieHeader });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const style = await get(host.port, '/assets/app.css', { Cookie: cookieHeader });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(host.port, '/missing.js', { Cookie: cookieHeader })).status).toBe(404);
    expect((await get(host.port, '/assets', { Cookie: cookieHeader })).status).toBe(404);
  });

  it('never serves a file outside the static folder', async () => {
    const host = await start();
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/..%252fsecret.txt',
      '/%00/../secret.txt',
      '/%E0%A4%A/secret.txt',
      `/${'../'.repeat(20)}etc/passwd`,
      '//etc/passwd',
    ];
    for (const attempt of attempts) {
      const [requestPath, query] = [attempt, `token=${TOKEN}`];
      const reply = await get(host.port, `${requestPath}?${query}`);
      expect([403, 404], attempt).toContain(reply.status);
      expect(reply.body, attempt).not.toContain(SECRET);
      expect(reply.body, attempt).not.toContain('root:');
    }
  });

  it('answers /api/info with the version and the session policy', async () => {
    const host = await start({ keepSessionsWhenPageCloses: true });
    const reply = await get(host.port, `/api/info?token=${TOKEN}`);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      keepSessionsWhenPageCloses: true,
      bindHost: '127.0.0.1',
    });
  });

  it('refuses to start with a guessable token', async () => {
    await expect(start({ token: 'short' })).rejects.toThrow(/token/);
  });
});

describe('web host: WebSocket admission', () => {
  it('refuses a WebSocket without the token or with a wrong one', async () => {
    const host = await start();
    await expect(openPage(wsUrl(host, ''), originOf(host))).rejects.toThrow('refused with 403');
    await expect(openPage(wsUrl(host, '?token=wrong'), originOf(host))).rejects.toThrow(
      'refused with 403',
    );
  });

  it('refuses a foreign Origin, or none, even with the right token', async () => {
    const host = await start();
    await expect(openPage(wsUrl(host), 'http://evil.example')).rejects.toThrow('refused with 403');
    await expect(openPage(wsUrl(host), `http://127.0.0.1:${host.port + 1}`)).rejects.toThrow(
      'refused with 403',
    );
    await expect(openPage(wsUrl(host))).rejects.toThrow('refused with 403');
    await expect(
      openPage(`ws://127.0.0.1:${host.port}/other?token=${TOKEN}`, originOf(host)),
    ).rejects.toThrow('refused with 403');
  });

  it('accepts the token from the cookie, from localhost too', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host, ''), `http://localhost:${host.port}`, {
      Cookie: `netassist_token_${host.port}=${TOKEN}`,
    });
    expect(await page.call('createSession', {})).toEqual({ ok: true, sessionId: 's1' });
  });
});

describe('web host: commands and events over the WebSocket', () => {
  it('answers createSession and listSessions', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));

    const created = await page.call('createSession', {});

    expect(created).toEqual({ ok: true, sessionId: expect.any(String) });
    const list = await page.ok('listSessions', {});
    expect(list.sessions.map((s) => s.state)).toEqual(['idle']);
  });

  it('answers a malformed command with INVALID_REQUEST and keeps serving', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));

    const unknown = await page.sendRaw(
      JSON.stringify({ kind: 'command', id: 7, command: 'rm', request: {} }),
    );
    const badField = await page.sendRaw(
      JSON.stringify({ kind: 'command', id: 8, command: 'close', request: { sessionId: 5 } }),
    );
    const noId = await page.sendRaw(
      JSON.stringify({ kind: 'command', command: 'listSessions', request: {} }),
    );
    const notCommand = await page.sendRaw(JSON.stringify({ kind: 'events', id: 9 }));

    expect(unknown).toMatchObject({ id: 7, response: { ok: false, code: 'INVALID_REQUEST' } });
    expect(badField.id).toBe(8);
    expect(badField.response).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
      params: { detail: 'close request.sessionId: expected string, received number' },
    });
    expect(noId).toMatchObject({ id: -1, response: { ok: false, code: 'INVALID_REQUEST' } });
    expect(notCommand).toMatchObject({ id: 9, response: { ok: false, code: 'INVALID_REQUEST' } });
    expect((await page.call('createSession', {})).ok).toBe(true);
  });

  it('takes an ack frame without answering it, and refuses one without a batch number', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));

    page.socket.send(JSON.stringify({ kind: 'ack', batch: 1 }));
    const refused = await page.sendRaw(JSON.stringify({ kind: 'ack', batch: 'all' }));

    expect(refused).toMatchObject({ id: -1, response: { ok: false, code: 'INVALID_REQUEST' } });
    expect(page.responses).toHaveLength(1);
    expect((await page.call('listSessions', {})).ok).toBe(true);
  });

  it('passes an out-of-range port to the engine, which words INVALID_PORT', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));
    const { sessionId } = await page.ok('createSession', {});

    const opened = await page.call('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 70000 },
    });

    expect(opened).toMatchObject({ ok: false, code: 'INVALID_PORT' });
  });

  it('closes the socket with 1008 on a frame that is not JSON, and on a binary frame', async () => {
    const host = await start();
    const text = await openPage(wsUrl(host), originOf(host));
    const textClosed = text.closed();
    text.socket.send('{not json');
    expect(await textClosed).toBe(1008);

    const binary = await openPage(wsUrl(host), originOf(host));
    const binaryClosed = binary.closed();
    binary.socket.send(Buffer.from([1, 2, 3]));
    expect(await binaryClosed).toBe(1008);

    const healthy = await openPage(wsUrl(host), originOf(host));
    expect((await healthy.call('listSessions', {})).ok).toBe(true);
  });

  it('carries received bytes exactly, as Uint8Array, to every page', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));
    const watcher = await openPage(wsUrl(host), originOf(host));
    const { sessionId, port } = await listenOnLoopback(page);
    const peer = await connectClient(port);
    const sent = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);

    peer.socket.write(sent);

    for (const p of [page, watcher]) {
      const received = await p.until(() => {
        const rx = p.events.filter(
          (e): e is DataEvent =>
            e.type === 'data' && e.direction === 'rx' && e.sessionId === sessionId,
        );
        const total = rx.reduce((n, e) => n + e.bytes.length, 0);
        return total >= sent.length ? rx : undefined;
      }, 'the rx data events');
      for (const event of received) expect(event.bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.concat(received.map((e) => e.bytes))).toEqual(Buffer.from(sent));
      expect(received[0]!.peer).toEqual({ host: '127.0.0.1', port: peer.socket.localPort });
    }
    peer.socket.destroy();
  });

  it('sends from the page to a connected TCP client', async () => {
    const { page, sessionId, peer } = await clientConnected();

    const sent = await page.ok('send', {
      sessionId,
      data: '48 65 6C 6C 6F 00 FF',
      options: { ...DEFAULT_SEND_OPTIONS, format: 'hex' },
    });

    expect(sent).toEqual({ ok: true, bytes: 7, recipients: 1 });
    expect(await peer.waitFor(7)).toEqual(Buffer.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0xff]));
    peer.socket.destroy();
  });
});

/** A download as a browser fetches it: its bytes as they stream in, until the host ends it. */
function startDownload(port: number, address: string, headers: http.OutgoingHttpHeaders = {}) {
  const chunks: Buffer[] = [];
  let request!: http.ClientRequest;
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request = http.request({ host: '127.0.0.1', port, path: address, headers, agent: false });
    request.on('response', (response) => {
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      resolve(response);
    });
    request.on('error', reject);
    request.end();
  });
  const ended = response.then(
    (r) => new Promise<Buffer>((resolve) => r.on('end', () => resolve(Buffer.concat(chunks)))),
  );
  return { request, response, ended };
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('web host: files as downloads', () => {
  const cookieOf = (host: RunningHost) => ({ Cookie: `netassist_token_${host.port}=${TOKEN}` });

  function fileState(page: Page, state: FileStatus['state'], kind = 'capture') {
    return page.until(
      () =>
        page.events.find(
          (e): e is FileEvent =>
            e.type === 'file' && e.file.kind === kind && e.file.state === state,
        ),
      `the file ${state}`,
    );
  }

  it('startFile answers a one-time address; the GET streams what a TCP peer sent, byte-exact', async () => {
    const { host, page, sessionId, peer } = await clientConnected();

    const started = await page.ok('startFile', { sessionId, kind: 'capture' });
    expect(started.download).toMatch(/^\/files\/[A-Za-z0-9_-]{20,}$/);
    expect(started.name).toMatch(
      new RegExp(`^netassist-${sessionId}-capture-\\d{8}-\\d{6}\\.bin$`),
    );
    await fileState(page, 'waiting');

    const download = startDownload(host.port, started.download!, cookieOf(host));
    const response = await download.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${started.name}"`);
    expect(response.headers['content-length']).toBeUndefined();
    await fileState(page, 'writing');

    const payload = randomBytes(3 * 1024 * 1024 + 17);
    peer.socket.write(payload);
    await page.until(() => {
      const status = page.events.findLast((e): e is FileEvent => e.type === 'file');
      return status && status.file.bytes === payload.length ? status : undefined;
    }, 'the whole payload in the file');
    expect(await page.ok('stopFile', { sessionId, kind: 'capture' })).toEqual({
      ok: true,
      bytes: payload.length,
    });
    expect(sha(await download.ended)).toBe(sha(payload));
    const { sessions } = await page.ok('listSessions', {});
    expect(sessions[0]!.files).toEqual([
      { kind: 'capture', name: started.name, state: 'stopped', bytes: payload.length },
    ]);
    peer.socket.destroy();
  });

  it('serves a download only with the token, only by GET, and only once', async () => {
    const host = await start();
    const page = await openPage(wsUrl(host), originOf(host));
    const { sessionId } = await listenOnLoopback(page);
    const { download, name } = await page.ok('startFile', { sessionId, kind: 'log' });

    expect((await get(host.port, download!)).status).toBe(403);
    const wrong = { Cookie: `netassist_token_${host.port}=wrong-token-0123456789` };
    expect((await get(host.port, download!, wrong)).status).toBe(403);
    const head = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: download,
          method: 'HEAD',
          headers: cookieOf(host),
        },
        (response) => resolve(response.statusCode ?? 0),
      );
      request.on('error', reject);
      request.end();
    });
    expect(head).toBe(405);

    const first = startDownload(host.port, `${download!}?token=${TOKEN}`);
    const response = await first.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(name).toMatch(/\.jsonl$/);
    expect((await get(host.port, download!, cookieOf(host))).status).toBe(404);
    expect((await get(host.port, '/files/made-up-address-0123456789', cookieOf(host))).status).toBe(
      404,
    );
    await page.ok('stopFile', { sessionId, kind: 'log' });
    expect(await first.ended).toEqual(Buffer.alloc(0));
  });

  it('a download the browser aborts fails the file; the session keeps working', async () => {
    const { host, page, sessionId, peer } = await clientConnected();
    const { download } = await page.ok('startFile', { sessionId, kind: 'capture' });
    const fetching = startDownload(host.port, download!, cookieOf(host));
    fetching.request.on('error', () => {});
    await fetching.response;
    await fileState(page, 'writing');

    fetching.request.destroy();
    const failed = await fileState(page, 'failed');
    expect(failed.file.error).toMatchObject({
      code: 'FILE_ERROR',
      params: { errno: 'ECONNRESET' },
    });

    peer.socket.write('still here');
    await page.until(
      () => page.events.find((e) => e.type === 'data' && e.direction === 'rx'),
      'data after the abort',
    );
    expect(await page.ok('stopFile', { sessionId, kind: 'capture' })).toMatchObject({ ok: true });
    expect(await page.call('startFile', { sessionId, kind: 'capture' })).toMatchObject({
      ok: true,
    });
    peer.socket.destroy();
  });

  it('a download not fetched in time fails and is forgotten', async () => {
    const host = await start({ downloadWaitMs: 100 });
    const page = await openPage(wsUrl(host), originOf(host));
    const { sessionId } = await listenOnLoopback(page);
    const { download, name } = await page.ok('startFile', { sessionId, kind: 'capture' });

    const failed = await fileState(page, 'failed');
    expect(failed.file.error).toMatchObject({
      code: 'FILE_ERROR',
      params: { path: name, errno: 'ETIMEDOUT' },
    });
    expect((await get(host.port, download!, cookieOf(host))).status).toBe(404);
  });

  it('disposing the session ends its download', async () => {
    const { host, page, sessionId, peer } = await clientConnected();
    const { download } = await page.ok('startFile', { sessionId, kind: 'capture' });
    const fetching = startDownload(host.port, download!, cookieOf(host));
    await fetching.response;
    await fileState(page, 'writing');
    peer.socket.write('abc');
    await page.until(
      () => page.events.find((e) => e.type === 'file' && e.file.bytes === 3),
      'three bytes written',
    );

    await page.ok('disposeSession', { sessionId });
    expect((await fetching.ended).toString()).toBe('abc');
    peer.socket.destroy();
  });
});

describe('web host: when the page goes away', () => {
  it("closes the sessions' sockets after the grace period, but keeps the sessions", async () => {
    const host = await start({ bridge: { pageGoneGraceMs: 200 } });
    const page = await openPage(wsUrl(host), originOf(host));
    const { sessionId, port } = await listenOnLoopback(page);

    page.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await accepts(port)).toBe(true); // still inside the grace period
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(await accepts(port)).toBe(false);
    const later = await openPage(wsUrl(host), originOf(host));
    const list = await later.ok('listSessions', {});
    expect(list.sessions).toMatchObject([{ sessionId, state: 'closed' }]);
  });

  it('keeps sockets open when a reloaded page re-attaches within the grace period', async () => {
    const host = await start({ bridge: { pageGoneGraceMs: 300 } });
    const page = await openPage(wsUrl(host), originOf(host));
    const { port } = await listenOnLoopback(page);

    page.socket.close();
    await page.closed();
    const reloaded = await openPage(wsUrl(host), originOf(host));
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(await accepts(port)).toBe(true);
    const list = await reloaded.ok('listSessions', {});
    expect(list.sessions.map((s) => s.state)).toEqual(['listening']);
  });

  it('keeps sockets open with keepSessionsWhenPageCloses', async () => {
    const host = await start({
      bridge: { pageGoneGraceMs: 100 },
      keepSessionsWhenPageCloses: true,
    });
    const page = await openPage(wsUrl(host), originOf(host));
    const { port } = await listenOnLoopback(page);

    page.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await accepts(port)).toBe(true);
  });

  it('closes every socket when the host closes', async () => {
    const host = await start({ keepSessionsWhenPageCloses: true });
    const page = await openPage(wsUrl(host), originOf(host));
    const { port } = await listenOnLoopback(page);
    const pageClosed = page.closed();

    await host.close();

    expect(await accepts(port)).toBe(false);
    expect(await accepts(host.port)).toBe(false);
    expect(await pageClosed).toBe(1001); // going away: the page can say NetAssist stopped
  });
});

describe('web host: command line', () => {
  const CLI = path.resolve('src/main/web/cli.ts');

  function run(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, NETASSIST_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it('prints the Web UI address, serves it, and stops cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0']);
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Web UI line')), 15_000);
      cli.child.stdout.on('data', () => {
        const match = /^Web UI: (\S+)$/m.exec(cli.output().stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    try {
      const url = new URL(line);
      expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url.searchParams.get('token')).toBe(TOKEN);
      const info = await get(Number(url.port), `/api/info?token=${TOKEN}`);
      expect(info.status).toBe(200);
      expect(cli.output().stdout.match(/^Web UI: /gm)).toHaveLength(1);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  });

  it('explains a bad option and exits with 2', async () => {
    const cli = run(['--port', '65536']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/--port "65536" is not a port/);
  });
});

/** A POST as the page's fetch(upload, { method: 'POST', body: file }) makes it. */
function postUpload(
  port: number,
  address: string,
  body: Uint8Array | undefined,
  headers: http.OutgoingHttpHeaders = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: address, method: 'POST', headers, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('web host: file sends as uploads', () => {
  const cookieOf = (host: RunningHost) => ({ Cookie: `netassist_token_${host.port}=${TOKEN}` });

  function sendState(page: Page, state: FileSendStatus['state']) {
    return page.until(
      () =>
        page.events.find(
          (e): e is FileSendEvent => e.type === 'file-send' && e.fileSend.state === state,
        ),
      `the file send ${state}`,
    );
  }

  it('sendFile answers a one-time address; the POSTed body reaches the TCP client byte-exact', async () => {
    const { host, page, sessionId, peer } = await clientConnected();

    const started = await page.ok('sendFile', { sessionId });
    expect(started.upload).toMatch(/^\/uploads\/[A-Za-z0-9_-]{20,}$/);
    expect(started.name).toBe('upload');
    expect((await sendState(page, 'waiting')).fileSend).toEqual({
      name: 'upload',
      state: 'waiting',
      sent: 0,
    });

    const payload = randomBytes(2 * 1024 * 1024 + 5);
    const answer = await postUpload(
      host.port,
      `${started.upload!}?name=${encodeURIComponent('固件 v2.bin')}`,
      payload,
      { ...cookieOf(host), Origin: originOf(host) },
    );

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ state: 'done', sent: payload.length });
    expect((await sendState(page, 'sending')).fileSend).toMatchObject({
      name: '固件 v2.bin',
      total: payload.length,
    });
    expect((await sendState(page, 'done')).fileSend).toEqual({
      name: '固件 v2.bin',
      state: 'done',
      sent: payload.length,
      total: payload.length,
    });
    expect(sha(await peer.waitFor(payload.length))).toBe(sha(payload));
    peer.socket.destroy();
  });

  it('takes an upload only with the token, from its own origin, by POST, and only once', async () => {
    const { host, page, sessionId, peer } = await clientConnected();
    const { upload } = await page.ok('sendFile', { sessionId });

    expect((await postUpload(host.port, upload!, Buffer.from('x'))).status).toBe(403);
    const foreign = { ...cookieOf(host), Origin: 'http://127.0.0.1:1' };
    expect((await postUpload(host.port, upload!, Buffer.from('x'), foreign)).status).toBe(403);
    expect((await get(host.port, upload!, cookieOf(host))).status).toBe(405);

    const first = await postUpload(host.port, `${upload!}?token=${TOKEN}`, Buffer.from('once'));
    expect(first.status).toBe(200);
    const again = await postUpload(host.port, upload!, Buffer.from('twice'), cookieOf(host));
    expect(again.status).toBe(404);
    expect((await peer.waitFor(4)).toString()).toBe('once');
    peer.socket.destroy();
  });

  it('an upload that does not come in time fails the send and is forgotten', async () => {
    const { host, page, sessionId, peer } = await clientConnected({ uploadWaitMs: 100 });
    const { upload } = await page.ok('sendFile', { sessionId });

    const failed = await sendState(page, 'failed');
    expect(failed.fileSend.error).toMatchObject({
      code: 'FILE_ERROR',
      params: { path: 'upload', errno: 'ETIMEDOUT', action: 'read' },
    });
    expect((await postUpload(host.port, upload!, Buffer.from('late'), cookieOf(host))).status).toBe(
      404,
    );
    // The next send may start.
    expect(await page.call('sendFile', { sessionId })).toMatchObject({ ok: true });
    peer.socket.destroy();
  });

  it('cancelling while the page has not uploaded yet ends the send as cancelled', async () => {
    const { host, page, sessionId, peer } = await clientConnected();
    const { upload } = await page.ok('sendFile', { sessionId });
    expect(await page.call('sendFile', { sessionId })).toMatchObject({
      ok: false,
      code: 'ALREADY_OPEN',
    });

    await page.ok('cancelSendFile', { sessionId });

    expect((await sendState(page, 'cancelled')).fileSend.sent).toBe(0);
    expect((await postUpload(host.port, upload!, Buffer.from('x'), cookieOf(host))).status).toBe(
      404,
    );
    peer.socket.destroy();
  });
});
