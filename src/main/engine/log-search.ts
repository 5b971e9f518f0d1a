import type { Address, CommandResponse, LogFilter } from '../../shared/contract';
import { parseHex } from '../../shared/codec/hex';
import { fail, formatAddress } from '../../shared/errors';
import type { Chunk } from './chunk';
import {
  FIND_STEP_BYTES,
  FIND_STEP_ENTRIES,
  FIND_STEP_TEXT_BYTES,
  MAX_FIND_MATCHES,
} from './constants';
import type { LogStore } from './log-store';
import { EngineStreamDecoder } from './text-decoder';

export interface FindRequest {
  filter: LogFilter;
  fromSeq: number;
  backward?: boolean;
  maxMatches: number;
}

/** Whether an entry is one the filter asks for. */
export type LogMatcher = (entry: Chunk) => boolean;

/**
 * The filter as one test per given field (for a search, and for an export of the matches only):
 * INVALID_HEX for a bad hex field. Text is matched within one entry: a text split across two
 * entries (two TCP reads) is not found, as the log shows them as two rows too.
 */
export function compileLogFilter(filter: LogFilter): LogMatcher | ReturnType<typeof fail> {
  const tests: LogMatcher[] = [];
  const { direction, peer, text, hex, encoding } = filter;
  if (direction !== undefined) tests.push((entry) => entry.direction === direction);
  if (peer) {
    // Peers are interned by the log: one address object per peer, so each is formatted once.
    const seen = new Map<Address, boolean>();
    tests.push((entry) => {
      let found = seen.get(entry.peer);
      if (found === undefined) {
        found = formatAddress(entry.peer.host, entry.peer.port).includes(peer);
        seen.set(entry.peer, found);
      }
      return found;
    });
  }
  // An empty hex field is no filter (the search box is empty), not a mistake.
  if (hex !== undefined && hex.trim() !== '') {
    const parsed = parseHex(hex);
    if (!parsed.ok) return parsed;
    const needle = Buffer.from(parsed.bytes);
    tests.push((entry) => {
      const { bytes } = entry;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
    });
  }
  if (text) {
    // The engine's tables (as auto-reply's): what the engine can send, a search can find.
    const decoder = new EngineStreamDecoder(encoding);
    tests.push((entry) => (decoder.decode(entry.bytes) + decoder.flush()).includes(text));
  }
  return (entry) => tests.every((test) => test(entry));
}

/**
 * The entries of `log` matching `filter`, from `fromSeq` (inclusive) forward or backward, after
 * looking at FIND_STEP_ENTRIES entries or FIND_STEP_BYTES payload bytes (FIND_STEP_TEXT_BYTES
 * when every payload is decoded for a text) at most: `nextSeq` is
 * where the next step starts, `done` once the search went past the log's end (or start).
 */
export function findInLog(log: LogStore, request: FindRequest): CommandResponse<'findInLog'> {
  const { filter, fromSeq, backward = false, maxMatches } = request;
  if (!Number.isSafeInteger(fromSeq)) {
    return fail('INVALID_REQUEST', { detail: 'fromSeq must be a whole number' });
  }
  if (!Number.isSafeInteger(maxMatches) || maxMatches < 1 || maxMatches > MAX_FIND_MATCHES) {
    return fail('INVALID_REQUEST', {
      detail: `maxMatches must be a whole number from 1 to ${MAX_FIND_MATCHES}`,
    });
  }
  const matches = compileLogFilter(filter);
  if (typeof matches !== 'function') return matches;

  const maxBytes = filter.text ? FIND_STEP_TEXT_BYTES : FIND_STEP_BYTES;
  const { firstSeq, lastSeq } = log.window;
  const step = backward ? -1 : 1;
  const inWindow = (seq: number) => seq >= firstSeq && seq <= lastSeq;
  let seq = backward ? Math.min(fromSeq, lastSeq) : Math.max(fromSeq, firstSeq);
  const seqs: number[] = [];
  let looked = 0;
  let bytes = 0;
  while (
    inWindow(seq) &&
    seqs.length < maxMatches &&
    looked < FIND_STEP_ENTRIES &&
    bytes < maxBytes
  ) {
    const entry = log.peek(seq)!;
    if (matches(entry)) seqs.push(seq);
    looked += 1;
    bytes += entry.bytes.length;
    seq += step;
  }
  return { ok: true, seqs, nextSeq: seq, done: !inWindow(seq) };
}
