import type { Socket } from 'node:net';

/**
 * Writes with backpressure: when the socket's buffer is over its high-water mark, resolves only
 * once it drains (or the socket closes), so a sender that awaits never piles data up in memory.
 * Node never drops part of a write; the bytes either go out in order or the socket errors.
 */
export function writeWithBackpressure(socket: Socket, bytes: Uint8Array): Promise<void> {
  if (socket.write(bytes)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
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
