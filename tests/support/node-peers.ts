/** Plain Node peers on loopback, for engine tests that need the other end of a socket. */
import dgram from 'node:dgram';
import net from 'node:net';
import { onTestFinished } from 'vitest';

export interface TestServer {
  port: number;
  sockets: net.Socket[];
  /** Resolves with the next accepted socket (or one already accepted and not yet taken). */
  nextSocket(): Promise<net.Socket>;
  close(): Promise<void>;
}

export async function startTcpServer(host = '127.0.0.1'): Promise<TestServer> {
  const sockets: net.Socket[] = [];
  const waiting: ((s: net.Socket) => void)[] = [];
  const pending: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    const wake = waiting.shift();
    if (wake) wake(socket);
    else pending.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    nextSocket: () => {
      const ready = pending.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens (bound by the OS, then released). */
export async function unusedPort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves true if something accepts TCP connections on the port (the probe leaves at once). */
export function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Connects a plain client and collects what it receives. */
export async function connectClient(port: number, host = '127.0.0.1') {
  const socket = net.connect({ port, host });
  socket.on('error', () => {});
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    ended,
    received: () => Buffer.concat(chunks),
    waitFor(count: number, timeoutMs = 5000): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const all = Buffer.concat(chunks);
          if (all.length < count) return;
          cleanup();
          resolve(all);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${count} bytes`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          socket.off('data', check);
        };
        socket.on('data', check);
        check();
      });
    },
  };
}

export interface UdpPeer {
  socket: dgram.Socket;
  port: number;
  /** Every datagram received, in order, with its source. */
  messages: { data: Buffer; port: number; address: string }[];
}

/**
 * A UDP socket bound to `host` on a port the OS picks, recording what it receives. It is closed
 * when the current test ends, whatever its outcome.
 */
export async function udpPeer(host = '127.0.0.1'): Promise<UdpPeer> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const messages: UdpPeer['messages'] = [];
  socket.on('message', (data, rinfo) =>
    messages.push({ data, port: rinfo.port, address: rinfo.address }),
  );
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  onTestFinished(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port, messages };
}
