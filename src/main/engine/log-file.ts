import { formatAddress } from '../../shared/errors';
import type { Chunk } from './chunk';

/**
 * Log to file: every entry, sent and received, as one JSON object per line (JSON Lines), so what
 * memory evicts is still on disk and any tool (jq, Python's json) reads it:
 * `{"seq":1,"time":"2026-11-25T17:02:03.123Z","direction":"rx","peer":"127.0.0.1:5000",
 * "connectionId":"c1","length":5,"hex":"68656c6c6f"}` (no connectionId for UDP; an IPv6 peer
 * is `[::1]:5000`; `"auto":{"kind":"echo"}` on what Echo or a rule sent). Hex, not text: the bytes are the record, whatever their encoding.
 */
export function logLine(chunk: Chunk): string {
  const { seq, at, direction, peer, connectionId, bytes, auto } = chunk;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const entry = {
    seq,
    time: new Date(at).toISOString(),
    direction,
    peer: formatAddress(peer.host, peer.port),
    ...(connectionId !== undefined ? { connectionId } : {}),
    length: bytes.length,
    hex,
    ...(auto !== undefined ? { auto } : {}),
  };
  return `${JSON.stringify(entry)}\n`;
}
