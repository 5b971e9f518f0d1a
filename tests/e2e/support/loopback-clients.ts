/**
 * Real TCP clients on loopback, connected from the test process to a server session the page
 * shows: each knows the address the page lists it by and the bytes it sent and received.
 */
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';
/** Connected a wave at a time, so the listen backlog never overflows on two busy cores. */
const WAVE = 50;

export interface LoopbackClient {
  socket: net.Socket;
  /** `127.0.0.1:PORT`, as the Clients list shows it. */
  address: string;
  sent: number;
  received: number;
}

function connectOne(port: number, changed: () => void): Promise<LoopbackClient> {
  const socket = net.connect({ host: LOOPBACK, port });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      // A reset or the server's close must not throw out of the test.
      socket.on('error', () => undefined);
      const client = { socket, address: `${LOOPBACK}:${socket.localPort}`, sent: 0, received: 0 };
      socket.on('data', (chunk: Buffer) => {
        client.received += chunk.length;
        changed();
      });
      socket.on('close', changed);
      resolve(client);
    });
  });
}

/**
 * Connects `count` clients that stay connected; `changed` is called whenever one of them receives
 * bytes or closes.
 */
export async function connectClients(
  port: number,
  count: number,
  changed: () => void,
): Promise<LoopbackClient[]> {
  const clients: LoopbackClient[] = [];
  for (let start = 0; start < count; start += WAVE) {
    const size = Math.min(WAVE, count - start);
    clients.push(
      ...(await Promise.all(Array.from({ length: size }, () => connectOne(port, changed)))),
    );
  }
  return clients;
}
