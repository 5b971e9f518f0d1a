/**
 * The browser-mode host: serves the built renderer and carries the contract over a WebSocket at
 * `/ws`, for one engine.
 *
 * Anything on this computer (any web page in any browser, any local program) can reach a port on
 * 127.0.0.1, and the engine opens sockets on the user's behalf. So every request must carry the
 * token printed at start-up (`?token=`, or the cookie the first page load sets), the WebSocket
 * must also come from the host's own origin, and the page gets a strict CSP.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import { version } from '../../../package.json';
import { isLoopbackHost } from '../../shared/address';
import { Engine } from '../engine/engine';
import { MAX_DATA_CHARS } from '../bridge/command-schemas';
import type { WebSocketBridgeOptions } from '../bridge/websocket-bridge';
import { WebSocketBridge } from '../bridge/websocket-bridge';
import { Downloads, DOWNLOADS_PATH } from './downloads';
import { serveDownload } from './download-route';
import { findStaticFile, sendStaticFile } from './static-files';
import { serveUpload } from './upload-route';
import { Uploads, UPLOADS_PATH } from './uploads';

/** Not used by any lesson (7878, 7788, 8888, 2023, 8081) nor by common dev servers. */
export const DEFAULT_WEB_PORT = 18848;
export const DEFAULT_WEB_HOST = '127.0.0.1';
/** The WebSocket path the renderer connects to. */
export const WEBSOCKET_PATH = '/ws';
/** A send of MAX_DATA_CHARS CJK characters, JSON-escaped, still fits in one frame. */
const MAX_FRAME_BYTES = 4 * MAX_DATA_CHARS;
/** How long a page gets to answer the goodbye before its connection is cut. */
const PAGE_GOODBYE_MS = 1000;
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,512}$/;
const FORBIDDEN_TEXT =
  'Forbidden. Open the Web UI address NetAssist printed at start-up (it ends with ?token=…).\n' +
  '禁止访问。请打开 NetAssist 启动时打印的 Web UI 地址（以 ?token=… 结尾）。\n';

export interface HostOptions {
  /** Address to listen on (default 127.0.0.1: this computer only). */
  host?: string;
  /** Default DEFAULT_WEB_PORT; 0 picks a free port. */
  port?: number;
  /** Default: NETASSIST_TOKEN, else 32 random bytes. */
  token?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Keep sessions open while no page is connected, instead of closing their sockets. */
  keepSessionsWhenPageCloses?: boolean;
  /** The bridge's tunables (tests shorten them). */
  bridge?: Omit<WebSocketBridgeOptions, 'keepSessionsWhenPageCloses'>;
  /** How long a page has to fetch a file's download (default 30 s; tests shorten it). */
  downloadWaitMs?: number;
  /** How long a page has to start a file send's upload (default 30 s; tests shorten it). */
  uploadWaitMs?: number;
  /** Tests may pass a stand-in; the host normally makes the real engine. */
  createEngine?: ConstructorParameters<typeof WebSocketBridge>[0];
}

export interface RunningHost {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  bridge: WebSocketBridge;
  close(): Promise<void>;
}

/** What `GET /api/info` answers; the page shows the session policy from it. */
export interface HostInfo {
  version: string;
  keepSessionsWhenPageCloses: boolean;
  bindHost: string;
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const urlHost = (host: string) => (isIPv6(host) ? `[${host}]` : host);

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? DEFAULT_WEB_HOST;
  const token =
    options.token ?? process.env.NETASSIST_TOKEN ?? randomBytes(32).toString('base64url');
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error('The token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ -');
  }
  const keepSessionsWhenPageCloses = options.keepSessionsWhenPageCloses ?? false;
  const downloads = new Downloads(options.downloadWaitMs);
  const uploads = new Uploads(options.uploadWaitMs);
  const createEngine =
    options.createEngine ?? ((emit) => new Engine(emit, { files: downloads, sources: uploads }));
  const bridge = new WebSocketBridge(createEngine, {
    ...options.bridge,
    keepSessionsWhenPageCloses,
  });
  const info: HostInfo = { version, keepSessionsWhenPageCloses, bindHost };
  // No limit on how long a request may take: an upload is read as slowly as its file is sent
  // (a UDP send with a delay between datagrams can take hours). Headers still have their limit.
  const server = createServer({ requestTimeout: 0 });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_WEB_PORT, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await bridge.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const access = new Access(token, port, allowedHosts(bindHost));

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const context = { access, staticDir: options.staticDir, info, downloads, uploads };
    void serveHttp(request, response, context).catch(() => response.destroy());
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    if (url.pathname !== WEBSOCKET_PATH || !access.allowsWebSocket(request, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (page) => bridge.attach(page));
  });

  if (!isLoopbackHost(bindHost)) {
    console.warn(
      `Warning: listening on ${bindHost}, not only on this computer: anyone who can reach ` +
        `port ${port} and learns the token can open sockets from this machine.`,
    );
  }
  const shownHost = isWildcard(bindHost) ? (bindHost === '::' ? '::1' : '127.0.0.1') : bindHost;
  return {
    url: `http://${urlHost(shownHost)}:${port}/?token=${token}`,
    port,
    token,
    bridge,
    async close() {
      const pages = [...sockets.clients];
      const pagesGone = Promise.allSettled(pages.map((page) => once(page, 'close')));
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      downloads.dispose();
      uploads.dispose();
      // The bridge says goodbye (1001), so a page can tell "NetAssist stopped" from a lost link.
      await bridge.close();
      await Promise.race([pagesGone, delay(PAGE_GOODBYE_MS)]);
      for (const page of pages) page.terminate();
      server.closeAllConnections();
      await Promise.all([
        httpClosed,
        new Promise<void>((resolve) => sockets.close(() => resolve())),
      ]);
    },
  };
}

interface HttpContext {
  access: Access;
  staticDir: string;
  info: HostInfo;
  downloads: Downloads;
  uploads: Uploads;
}

async function serveHttp(request: IncomingMessage, response: ServerResponse, context: HttpContext) {
  const { access } = context;
  const url = requestUrl(request);
  const headers = access.securityHeaders();
  if (!access.allowsPage(request, url)) {
    response.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(FORBIDDEN_TEXT);
    return;
  }
  // The first load comes with ?token=; the cookie lets the page's own assets load after it.
  if (url.searchParams.has('token')) headers['Set-Cookie'] = access.cookie();
  if (url.pathname.startsWith(UPLOADS_PATH)) {
    // A page of another origin on this host (another port) could POST with the cookie.
    if (!access.allowsOrigin(request)) {
      response.writeHead(403, { ...headers, Connection: 'close' }).end();
      return;
    }
    await serveUpload(request, response, context.uploads, url, headers);
    return;
  }
  if (url.pathname.startsWith(DOWNLOADS_PATH)) {
    serveDownload(request, response, context.downloads, url.pathname, headers);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.pathname === '/api/info') {
    response.writeHead(200, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(context.info));
    return;
  }
  const found = await findStaticFile(context.staticDir, url.pathname);
  if (!found.found) {
    response.writeHead(found.status, headers).end();
    return;
  }
  sendStaticFile(response, found, request.method === 'HEAD', headers);
}

function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://host.invalid');
  } catch {
    return new URL('http://host.invalid/');
  }
}

/** Host names the page may be opened under (hence the origins its WebSocket may come from). */
function allowedHosts(bindHost: string): string[] {
  const hosts = new Set(['127.0.0.1', 'localhost', '::1', bindHost]);
  if (isWildcard(bindHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) hosts.add(address.address);
    }
  }
  return [...hosts];
}

/** The token, the cookie that carries it, the allowed origins and the page's headers. */
class Access {
  private readonly tokenDigest: Buffer;
  /** Cookies are shared by every port of a host: the port keeps two NetAssists apart. */
  private readonly cookieName: string;
  private readonly origins: Set<string>;
  private readonly contentSecurityPolicy: string;

  constructor(
    private readonly token: string,
    port: number,
    hosts: string[],
  ) {
    this.tokenDigest = digest(token);
    this.cookieName = `netassist_token_${port}`;
    this.origins = new Set(hosts.map((host) => `http://${urlHost(host)}:${port}`));
    // CSP3's 'self' already covers ws: to the page's own origin; the explicit sources are for
    // older engines. CSP host sources cannot be IPv6 literals (Chromium drops them with an error).
    const webSockets = hosts.filter((host) => !isIPv6(host)).map((host) => `ws://${host}:${port}`);
    this.contentSecurityPolicy = [
      "default-src 'self'",
      "script-src 'self'",
      // Vite inlines small images and fonts as data: URLs.
      "img-src 'self' data:",
      "font-src 'self' data:",
      "style-src 'self'",
      `connect-src 'self' ${webSockets.join(' ')}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  allowsPage(request: IncomingMessage, url: URL): boolean {
    return this.matches(url.searchParams.get('token') ?? this.cookieToken(request));
  }

  /** The token (query or cookie) and the host's own origin: a foreign page is refused. */
  allowsWebSocket(request: IncomingMessage, url: URL): boolean {
    const origin = request.headers.origin;
    return origin !== undefined && this.origins.has(origin) && this.allowsPage(request, url);
  }

  /** No Origin (not a browser's cross-origin request) or the host's own. */
  allowsOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin === undefined || this.origins.has(origin);
  }

  cookie(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  securityHeaders(): Record<string, string> {
    return {
      'Content-Security-Policy': this.contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      // The token is in the page's URL: never send it to anyone in a Referer.
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
  }

  private cookieToken(request: IncomingMessage): string | undefined {
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return undefined;
  }

  /** Constant time: compares fixed-length digests, so neither content nor length leaks. */
  private matches(candidate: string | null | undefined): boolean {
    return candidate != null && timingSafeEqual(digest(candidate), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
