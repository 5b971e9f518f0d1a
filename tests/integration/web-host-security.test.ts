/**
 * The browser-mode host's security checklist (issue 7), on loopback: it listens on 127.0.0.1
 * unless told otherwise (read from the kernel's socket table, no traffic anywhere else); every
 * route and the WebSocket refuse a caller without the token or from a foreign Origin; and no
 * command over the WebSocket can name a file.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CommandResponse, Failure } from '../../src/shared/contract';
import { COMMAND_NAMES } from '../../src/shared/contract';
import type { ServerFrame } from '../../src/shared/wire';
import { decodeFrame } from '../../src/shared/wire';
import type { RunningHost } from '../../src/main/web/host';
import { startHost } from '../../src/main/web/host';
import { SMUGGLED_FIELDS, VALID_REQUESTS } from '../fixtures/valid-requests';

const TOKEN = 'security-token-0123456789abcdef';
const WRONG = 'x'.repeat(TOKEN.length);
const INDEX = '<!doctype html><title>NetAssist</title>';
const SECRET = 'outside the static folder';
const HAS_SOCKET_TABLE = existsSync('/proc/net/tcp');

let root: string;
let staticDir: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'netassist-web-security-'));
  staticDir = path.join(root, 'site');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const hosts: RunningHost[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

/** A host as the command line starts it when no --host is given: no `host` option. */
async function startDefaultHost() {
  const host = await startHost({ port: 0, token: TOKEN, staticDir });
  hosts.push(host);
  return host;
}

/**
 * The addresses listening on a TCP port, from Linux's socket tables: IPv4 as dotted quads,
 * IPv6 as `tcp6:` and the table's hex.
 */
async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local = '', , state] = line.trim().split(/\s+/);
      const [address = '', portHex = ''] = local.split(':');
      if (state !== '0A' || Number.parseInt(portHex, 16) !== port) continue;
      found.push(
        table.endsWith('6')
          ? `tcp6:${address}`
          : (address.match(/../g) ?? [])
              .reverse()
              .map((byte) => Number.parseInt(byte, 16))
              .join('.'),
      );
    }
  }
  return found;
}

interface Reply {
  status: number;
  body: string;
}

function request(port: number, method: string, target: string, headers: http.OutgoingHttpHeaders) {
  return new Promise<Reply>((resolve, reject) => {
    const outgoing = http.request(
      { host: '127.0.0.1', port, method, path: target, headers, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(method === 'POST' ? 'bytes' : undefined);
  });
}

/** Resolves with the status of a WebSocket upgrade: 101 when it opened. */
function upgradeStatus(port: number, target: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const { origin, ...rest } = headers;
    const socket = new WebSocket(`ws://127.0.0.1:${port}${target}`, {
      ...(origin !== undefined ? { origin } : {}),
      headers: rest,
    });
    sockets.push(socket);
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

/** A page's WebSocket that sends commands one by one and returns each answer. */
async function openPage(host: RunningHost) {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${TOKEN}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  return (command: string, request: unknown) =>
    new Promise<CommandResponse<'listSessions'> | Failure>((resolve) => {
      const id = nextId++;
      const answer = (data: WebSocket.RawData) => {
        const frame = decodeFrame(String(data)) as ServerFrame;
        if (frame.kind !== 'response' || frame.id !== id) return;
        socket.off('message', answer);
        resolve(frame.response as CommandResponse<'listSessions'> | Failure);
      };
      socket.on('message', answer);
      socket.send(JSON.stringify({ kind: 'command', id, command, request }));
    });
}

describe('web host: loopback unless told otherwise', () => {
  it.runIf(HAS_SOCKET_TABLE)('listens on 127.0.0.1 only when no host is given', async () => {
    const host = await startDefaultHost();

    expect(await listeningAddresses(host.port)).toEqual(['127.0.0.1']);
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const info = await request(host.port, 'GET', `/api/info?token=${TOKEN}`, {});
    expect(JSON.parse(info.body)).toMatchObject({ bindHost: '127.0.0.1' });
  });

  it.runIf(HAS_SOCKET_TABLE)(
    'the command line without --host listens on 127.0.0.1 only, and warns of nothing',
    async () => {
      const cli = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main/web/cli.ts', '--port', '0'],
        {
          env: { ...process.env, NETASSIST_TOKEN: TOKEN },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let printed = '';
      cli.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      cli.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
      try {
        const port = await new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no Web UI line:\n${printed}`)), 15_000);
          cli.stdout.on('data', () => {
            const match = /^Web UI: http:\/\/[^/]+:(\d+)\//m.exec(printed);
            if (!match) return;
            clearTimeout(timer);
            resolve(Number(match[1]));
          });
        });

        expect(await listeningAddresses(port)).toEqual(['127.0.0.1']);
        expect(printed).not.toMatch(/warning/i);
      } finally {
        cli.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    },
  );
});

describe('web host: nothing without the token', () => {
  const ROUTES: [method: string, target: string][] = [
    ['GET', '/'],
    ['GET', '/index.html'],
    ['GET', '/assets/app.js'],
    ['GET', '/api/info'],
    ['HEAD', '/api/info'],
    ['GET', '/files/0123456789abcdef'],
    ['POST', '/uploads/0123456789abcdef'],
    ['GET', '/ws'],
    ['GET', '/../secret.txt'],
  ];

  it.each(ROUTES)(
    '%s %s: 403 without the token, with a wrong one, or a cookie of another port',
    async (method, route) => {
      const host = await startDefaultHost();
      const join = route.includes('?') ? '&' : '?';
      const attempts: [string, string, http.OutgoingHttpHeaders][] = [
        ['no token', route, {}],
        ['a wrong token', `${route}${join}token=${WRONG}`, {}],
        ['an empty token', `${route}${join}token=`, {}],
        ["another port's cookie", route, { Cookie: `netassist_token_${host.port + 1}=${TOKEN}` }],
        ['a wrong cookie', route, { Cookie: `netassist_token_${host.port}=${WRONG}` }],
      ];
      for (const [what, target, headers] of attempts) {
        const reply = await request(host.port, method, target, headers);
        expect(reply.status, what).toBe(403);
        expect(reply.body, what).not.toContain(INDEX);
        expect(reply.body, what).not.toContain(SECRET);
        expect(reply.body, what).not.toContain('bindHost');
      }
    },
  );

  it('opens the WebSocket only with the token and from its own origin, at /ws', async () => {
    const host = await startDefaultHost();
    const own = `http://127.0.0.1:${host.port}`;
    const cookie = `netassist_token_${host.port}=${TOKEN}`;
    const withToken = `/ws?token=${TOKEN}`;

    expect(await upgradeStatus(host.port, withToken, { origin: own })).toBe(101);
    expect(await upgradeStatus(host.port, '/ws', { origin: own, Cookie: cookie })).toBe(101);
    const refused: [string, string, Record<string, string>][] = [
      ['no token', '/ws', { origin: own }],
      ['a wrong token', `/ws?token=${WRONG}`, { origin: own }],
      ['no Origin', withToken, {}],
      ['a foreign Origin', withToken, { origin: 'http://evil.example' }],
      ['the opaque Origin null', withToken, { origin: 'null' }],
      ['another port of this computer', withToken, { origin: `http://127.0.0.1:${host.port + 1}` }],
      ['https instead of http', withToken, { origin: `https://127.0.0.1:${host.port}` }],
      ['a look-alike host', withToken, { origin: `http://127.0.0.1.evil.example:${host.port}` }],
      [
        'the cookie, from a foreign Origin',
        '/ws',
        { origin: 'http://evil.example', Cookie: cookie },
      ],
      ['another path', `/ws2?token=${TOKEN}`, { origin: own }],
      ['the page path', `/?token=${TOKEN}`, { origin: own }],
    ];
    for (const [what, target, headers] of refused) {
      expect(await upgradeStatus(host.port, target, headers), what).toBe(403);
    }
  });
});

describe('web host: no command names a file', () => {
  it('refuses every command with a file path smuggled in, and names no file', async () => {
    const host = await startDefaultHost();
    const call = await openPage(host);
    const folder = await mkdtemp(path.join(root, 'smuggled-'));

    for (const command of COMMAND_NAMES) {
      for (const name of SMUGGLED_FIELDS) {
        const request = { ...VALID_REQUESTS[command], [name]: path.join(folder, `${command}.bin`) };
        const answer = await call(command, request);
        expect(answer, `${command}.${name}`).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      }
    }

    expect(await readdir(folder)).toEqual([]);
    expect(await call('listSessions', {})).toMatchObject({ ok: true, sessions: [] });
  });

  it.each(['readFile', 'writeFile', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'answers the unknown command %s with INVALID_REQUEST and keeps serving',
    async (command) => {
      const host = await startDefaultHost();
      const call = await openPage(host);

      const answer = await call(command, { path: path.join(root, 'secret.txt') });

      expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(await call('listSessions', {})).toMatchObject({ ok: true, sessions: [] });
    },
  );
});
