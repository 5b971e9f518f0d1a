/**
 * Child process: a plain Node `net` client that writes the send pattern in 64 KiB writes, waiting
 * for 'drain' whenever the socket says its buffer is full (backpressure), then half-closes.
 *
 *   --host H --port P (--bytes N | --seconds S) [--hash]
 *
 * Tells the parent over IPC: `hash` (SHA-256 of the bytes it is about to send, computed before
 * connecting so hashing does not slow the send), `connected`, `received` (bytes from the peer,
 * with the wall-clock time they arrived), `done` (bytes written, ms), or `error`.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import { wallClockMs } from './clock';
import { makePool, patternSha256, writes } from './send-pattern';

/** After our FIN, how long to wait for the peer's before giving up on a clean close. */
const CLOSE_WAIT_MS = 5000;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    bytes: { type: 'string' },
    seconds: { type: 'string' },
    hash: { type: 'boolean', default: false },
  },
});

function tell(message: { type: string; [field: string]: unknown }) {
  process.send?.(message);
}

function sendPattern() {
  const port = Number(values.port);
  const totalBytes = values.bytes === undefined ? Infinity : Number(values.bytes);
  const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
  const pool = makePool();
  if (values.hash) tell({ type: 'hash', sha256: patternSha256(pool, totalBytes) });

  const socket = net.connect({ host: values.host, port, noDelay: true });
  const pending = writes(pool, totalBytes);
  let written = 0;
  let started = 0;
  let cpuAtStart = process.cpuUsage();

  const finish = () => {
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    socket.end(() =>
      tell({ type: 'done', bytes: written, ms, cpuMs: (cpu.user + cpu.system) / 1000 }),
    );
    setTimeout(() => socket.destroy(), CLOSE_WAIT_MS).unref();
  };

  // Writes until the socket's buffer is full, then continues on 'drain'.
  const pump = () => {
    const deadline = started + seconds * 1000;
    for (;;) {
      if (performance.now() >= deadline) return finish();
      const next = pending.next();
      if (next.done) return finish();
      written += next.value.length;
      if (!socket.write(next.value)) {
        socket.once('drain', pump);
        return;
      }
    }
  };

  socket.once('connect', () => {
    started = performance.now();
    cpuAtStart = process.cpuUsage();
    tell({ type: 'connected', at: wallClockMs() });
    pump();
  });
  socket.on('data', (chunk: Buffer) => {
    tell({ type: 'received', at: wallClockMs(), bytes: chunk.length });
  });
  socket.on('error', (error) =>
    tell({
      type: 'error',
      message: error.message,
      bytes: written,
      ms: performance.now() - started,
    }),
  );
  // IPC messages go out in order: once this one is written, every earlier one was too.
  socket.once('close', () => {
    if (process.send) process.send({ type: 'closed' }, () => process.exit(0));
    else process.exit(0);
  });
}

process.on('disconnect', () => process.exit(0));
sendPattern();
