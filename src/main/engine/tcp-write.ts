import type { Socket } from 'node:net';
import type { Address, Failure } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { SEND_QUEUE_LIMIT } from './constants';

/**
 * Why a send to `peer` must be refused: SEND_QUEUE_LIMIT bytes or more still wait in the
 * socket's buffer because the peer is not reading. Checked before anything is logged or counted.
 */
export function refuseWhenQueueFull(
  socket: Socket,
  peer: Address,
  limit = SEND_QUEUE_LIMIT,
): Failure | undefined {
  const queued = socket.writableLength;
  if (queued < limit) return undefined;
  return fail('SEND_QUEUE_FULL', { host: peer.host, port: peer.port, queued, limit });
}

/** The drain a socket's waiting writes share (one pair of listeners, however many wait). */
const drains = new WeakMap<Socket, Promise<void>>();

/**
 * Writes with backpressure: when the socket's buffer is over its high-water mark, resolves only
 * once it drains (or the socket closes), so a sender that awaits never piles data up in memory.
 * Node never drops part of a write; the bytes either go out in order or the socket errors.
 */
export function writeWithBackpressure(socket: Socket, bytes: Uint8Array): Promise<void> {
  if (socket.write(bytes)) return Promise.resolve();
  return drainOf(socket);
}

function drainOf(socket: Socket): Promise<void> {
  let drained = drains.get(socket);
  if (drained) return drained;
  drained = new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      drains.delete(socket);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
  drains.set(socket, drained);
  return drained;
}

/** Ends gracefully (FIN), and destroys the socket if the peer does not finish closing in time. */
export function endSocket(socket: Socket, graceMs: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}
