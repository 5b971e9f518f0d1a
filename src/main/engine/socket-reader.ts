/**
 * How the engine reads TCP sockets: into one shared buffer, through Node's `onread` option,
 * instead of a freshly allocated Buffer per read.
 *
 * Under a flood, a fresh 64 KiB buffer per read that the log keeps for a while is what the
 * garbage collector spends its time on (measured here: about 0.3 s per GiB). With `onread`, the
 * kernel copies into this one buffer, and the session copies the bytes from it into its log's
 * arenas, which are re-used: the receive path allocates nothing. The buffer is shared by every
 * socket of the process: each read's callback runs before the next read, and whoever needs the
 * bytes afterwards takes them from the log, never from here.
 */
import net from 'node:net';

/** Node's own read size. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Receives each read's bytes, valid only until the callback returns. */
export type OnRead = (bytes: Uint8Array) => void;

export function readOption(onRead: OnRead): net.OnReadOpts {
  return {
    buffer: READ_BUFFER,
    callback: (bytes, buffer) => {
      onRead(buffer.subarray(0, bytes));
      return true;
    },
  };
}

/**
 * A server's accepted socket, re-wrapped so it reads through `onRead` (`net.Server` has no
 * `onread` option of its own). Accept with `pauseOnConnect` so nothing is read before this.
 * Node builds its accepted sockets the same way, `new Socket({ handle })`; the accepted wrapper
 * gives up its handle and is destroyed, which also takes it off the server's connection count.
 */
export function adoptAccepted(accepted: net.Socket, onRead: OnRead): net.Socket {
  const wrapper = accepted as net.Socket & { _handle?: unknown };
  const handle = wrapper._handle;
  if (!handle) return accepted; // already closed: leave it to its own events
  wrapper._handle = null;
  accepted.destroy();
  const options = { handle, noDelay: true, onread: readOption(onRead) };
  return new net.Socket(options as net.SocketConstructorOpts);
}
