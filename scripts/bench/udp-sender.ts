/**
 * Child process: sends `--count` datagrams of `--size` bytes to host:port at `--rate` datagrams/s.
 *
 *   --host H --port P --rate R (--seconds S | --count N) [--size 100] [--stamp [--first-index I]]
 *
 * Pacing is batched busy-waiting: each turn of the event loop sends every datagram that is due by
 * now (a timer per datagram cannot fire 100,000 times a second). A sender that falls behind sends
 * what is due as fast as it can, so the achieved rate it reports is the honest one. `--stamp`
 * writes each datagram's index (from `--first-index`) into its first 4 bytes (big-endian), for
 * checking the log's ends.
 * Tells the parent `done` (sent, ms from the first send to the last) or `error`.
 */
import dgram from 'node:dgram';
import { parseArgs } from 'node:util';

/** Sends per turn at most, so the socket's completions get a turn too. */
const MAX_SENDS_PER_TURN = 512;
const SEND_BUFFER_BYTES = 4 * 1024 * 1024;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    count: { type: 'string' },
    size: { type: 'string', default: '100' },
    stamp: { type: 'boolean', default: false },
    'first-index': { type: 'string', default: '0' },
  },
});

function tell(message: { type: string; [field: string]: unknown }) {
  process.send?.(message);
}

function sendDatagrams() {
  const rate = Number(values.rate);
  const size = Number(values.size);
  const total =
    values.count !== undefined ? Number(values.count) : Math.round(rate * Number(values.seconds));
  const firstIndex = Number(values['first-index']);
  const fixed = Buffer.alloc(size, 0x61);
  const socket = dgram.createSocket('udp4');
  socket.on('error', (error) => tell({ type: 'error', message: error.message }));

  let sent = 0;
  let started = 0;

  const payload = (index: number) => {
    if (!values.stamp) return fixed;
    // A fresh buffer: a send the kernel could not take at once still refers to its buffer.
    const datagram = Buffer.allocUnsafe(size).fill(0x61, 4);
    datagram.writeUInt32BE((firstIndex + index) >>> 0, 0);
    return datagram;
  };

  const finish = () => {
    const ms = performance.now() - started;
    // Send completions come in order: when the last one's callback runs, every datagram is out.
    socket.send(payload(sent), () => {
      sent += 1;
      tell({ type: 'done', sent, ms, rate: sent / (ms / 1000) });
      socket.close();
    });
  };

  const turn = () => {
    const due = Math.min(total - 1, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (let batch = 0; sent < due && batch < MAX_SENDS_PER_TURN; batch++) {
      socket.send(payload(sent));
      sent += 1;
    }
    if (sent < total - 1) setImmediate(turn);
    else finish();
  };

  socket.connect(Number(values.port), values.host, () => {
    try {
      socket.setSendBufferSize(SEND_BUFFER_BYTES);
    } catch {
      // The kernel caps it (net.core.wmem_max); the default only means more EAGAIN retries.
    }
    started = performance.now();
    turn();
  });
}

process.on('disconnect', () => process.exit(0));
sendDatagrams();
