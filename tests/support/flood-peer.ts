/**
 * A plain Node `net` client that floods a TCP server on loopback with a known byte stream: chunk
 * `k` is 64 KiB that start with `k` (so a tail read back from the log can be checked exactly).
 */
import net from 'node:net';

export const FLOOD_CHUNK_BYTES = 64 * 1024;

export function floodChunk(k: number): Buffer {
  const chunk = Buffer.alloc(FLOOD_CHUNK_BYTES);
  chunk.writeUInt32BE(k, 0);
  for (let i = 4; i < chunk.length; i++) chunk[i] = (k * 31 + i) & 0xff;
  return chunk;
}

/** The last `bytes` bytes of a flood of `chunks` chunks. */
export function floodTail(chunks: number, bytes: number): Buffer {
  const whole = Math.ceil(bytes / FLOOD_CHUNK_BYTES);
  const tail = [];
  for (let k = Math.max(0, chunks - whole); k < chunks; k++) tail.push(floodChunk(k));
  const joined = Buffer.concat(tail);
  return joined.subarray(joined.length - bytes);
}

export interface FloodResult {
  bytes: number;
  ms: number;
}

/**
 * Sends `chunks` chunks as fast as the socket takes them (honouring backpressure), then ends.
 * `onDrain` runs whenever the sender had to wait, so a test can sample what it watches.
 */
export async function flood(
  port: number,
  chunks: number,
  onDrain: () => void = () => {},
): Promise<FloodResult> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  // Chunks are prepared first, so the timing is the socket's, not the generator's.
  const prepared = Array.from({ length: Math.min(chunks, 64) }, (_, k) => floodChunk(k));
  const started = performance.now();
  for (let k = 0; k < chunks; k++) {
    const chunk = k < prepared.length ? prepared[k]! : floodChunk(k);
    if (!socket.write(chunk)) {
      onDrain();
      await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
  await new Promise<void>((resolve) => socket.end(resolve));
  const ms = performance.now() - started;
  socket.destroy();
  return { bytes: chunks * FLOOD_CHUNK_BYTES, ms };
}

/** Sends `chunks` chunks of `chunkBytes` one every `everyMs`: a rate a page can keep up with. */
export async function pacedSend(
  port: number,
  chunks: number,
  chunkBytes: number,
  everyMs: number,
): Promise<Buffer> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const sent: Buffer[] = [];
  for (let k = 0; k < chunks; k++) {
    const chunk = floodChunk(k).subarray(0, chunkBytes);
    sent.push(chunk);
    socket.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
  return Buffer.concat(sent);
}
