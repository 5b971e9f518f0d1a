/**
 * What the TCP sender writes: 64 KiB windows of a 1 MiB pseudo-random pool, each starting at a
 * different offset, so a lost, doubled or reordered piece changes the SHA-256 of the received file.
 * Windows are views of the pool, not copies: producing the bytes costs the sender nothing.
 */
import { createHash } from 'node:crypto';

export const WRITE_BYTES = 64 * 1024;
const POOL_BYTES = 1024 * 1024;
/** A prime: successive windows start at offsets that do not repeat for a long while. */
const STRIDE = 40_961;

/** The same bytes in every process (xorshift32 from a fixed seed). */
export function makePool(): Buffer {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let state = 0x9e3779b9;
  for (let i = 0; i < POOL_BYTES; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pool.writeUInt32LE(state >>> 0, i);
  }
  return pool;
}

/** The writes that make up `totalBytes` (Infinity: without end), in order. */
export function* writes(pool: Buffer, totalBytes: number): Generator<Buffer> {
  let remaining = totalBytes;
  for (let index = 0; remaining > 0; index++) {
    const start = (index * STRIDE) % (POOL_BYTES - WRITE_BYTES);
    const length = Math.min(WRITE_BYTES, remaining);
    remaining -= length;
    yield pool.subarray(start, start + length);
  }
}

/** SHA-256 (hex) of the first `totalBytes` of the pattern. */
export function patternSha256(pool: Buffer, totalBytes: number): string {
  const hash = createHash('sha256');
  for (const write of writes(pool, totalBytes)) hash.update(write);
  return hash.digest('hex');
}
