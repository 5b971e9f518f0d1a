/**
 * A session's traffic log: the record of every chunk's bytes, bounded in memory.
 *
 * Payloads are copied into append-only arenas (so memory is what the limits say, whatever buffer
 * sizes the sockets hand us), and entry metadata lives in typed-array rings instead of one object
 * per entry (a million small objects would cost more than their payloads). When a limit is hit
 * the oldest entries go first; their count is kept. Nothing here decodes text: the UI decodes the
 * rows it shows, with each entry's `prefix` (the stream's previous bytes) for split characters.
 */
import type { Address, Direction, LogEntry, LogLimits, LogWindow } from '../../shared/contract';
import { DEFAULT_LOG_LIMITS, LOG_ARENA_BYTES, MAX_READ_LOG_ENTRIES } from './constants';

/** Bytes of a stream's tail kept as the next entry's prefix: the longest GB18030/UTF-8 char. */
const PREFIX_BYTES = 4;
const INITIAL_CAPACITY = 1024;
/** at (8) + arena, offset, length, stream, peer (4 each) + direction (1) + prefix (4 + 1). */
const BYTES_PER_SLOT = 34;

/** Limits of one `read`. */
export interface ReadCaps {
  /** Payload bytes in all (the first entry comes regardless). */
  maxBytes?: number;
  /** Payload bytes of each entry (the rest is cut; the entry says its `fullLength`). */
  maxEntryBytes?: number;
}

const NO_CAPS: Required<ReadCaps> = { maxBytes: Infinity, maxEntryBytes: Infinity };

interface Arena {
  bytes: Uint8Array;
  used: number;
}

export interface AppendedEntry {
  seq: number;
  /** A view of the stored copy (valid for as long as anyone holds it). */
  bytes: Uint8Array;
}

export class LogStore {
  private limits: LogLimits;
  private capacity = 0;
  private head = 0; // ring index of the oldest entry
  private count = 0;
  private firstSeq = 1;
  private evicted = 0;
  private keptBytes = 0;

  // One slot per entry, in ring order.
  private at = new Float64Array(0);
  private arenaOf = new Int32Array(0);
  private offset = new Int32Array(0);
  private length = new Int32Array(0);
  private direction = new Uint8Array(0);
  private stream = new Int32Array(0); // interned connection id (−1: none)
  private peer = new Int32Array(0); // interned peer address
  private prefixWord = new Uint32Array(0);
  private prefixLength = new Uint8Array(0);

  private readonly arenas = new Map<number, Arena>();
  private arenaNumber = -1;
  private readonly connectionIds: string[] = [];
  private readonly connectionIndex = new Map<string, number>();
  private readonly peers: Address[] = [];
  private readonly peerIndex = new Map<string, number>();
  /** Last bytes of each TCP stream (connection + direction), for the next entry's prefix. */
  private readonly streamTails = new Map<string, Uint8Array>();

  constructor(limits: LogLimits = DEFAULT_LOG_LIMITS) {
    this.limits = { ...limits };
  }

  get window(): LogWindow {
    return {
      firstSeq: this.firstSeq,
      lastSeq: this.firstSeq + this.count - 1,
      evicted: this.evicted,
    };
  }

  /** Memory the log holds: its arenas and rings. */
  get heldBytes(): number {
    let total = this.capacity * BYTES_PER_SLOT;
    for (const arena of this.arenas.values()) total += arena.bytes.length;
    return total;
  }

  setLimits(limits: LogLimits) {
    this.limits = { ...limits };
    this.evictBeyondLimits(0);
  }

  append(
    seq: number,
    at: number,
    direction: Direction,
    peer: Address,
    data: Uint8Array,
    connectionId?: string,
  ): AppendedEntry {
    if (this.count === 0) this.firstSeq = seq;
    this.evictBeyondLimits(data.length);
    if (this.count === this.capacity) this.grow();

    const slot = (this.head + this.count) % this.capacity;
    const { arenaId, start } = this.store(data);
    this.at[slot] = at;
    this.arenaOf[slot] = arenaId;
    this.offset[slot] = start;
    this.length[slot] = data.length;
    this.direction[slot] = direction === 'rx' ? 0 : 1;
    this.peer[slot] = this.intern(peer);
    this.stream[slot] = connectionId === undefined ? -1 : this.internConnection(connectionId);
    this.setPrefix(slot, direction, data, connectionId);
    this.count += 1;
    this.keptBytes += data.length;
    const arena = this.arenas.get(arenaId)!;
    return { seq, bytes: arena.bytes.subarray(start, start + data.length) };
  }

  /**
   * Entries from `fromSeq` on: at most `count`, and at most `caps.maxBytes` payload bytes (the
   * first entry always comes, so a reader never stalls on one large entry); each entry's bytes cut
   * to `caps.maxEntryBytes`.
   */
  read(fromSeq: number, count: number, caps: Required<ReadCaps> = NO_CAPS): LogEntry[] {
    const from = Math.max(fromSeq, this.firstSeq);
    const to = Math.min(from + Math.min(count, MAX_READ_LOG_ENTRIES), this.firstSeq + this.count);
    const entries: LogEntry[] = [];
    let bytes = 0;
    for (let seq = from; seq < to; seq++) {
      const entry = this.entryAt(seq, caps.maxEntryBytes);
      bytes += entry.bytes.length;
      if (bytes > caps.maxBytes && entries.length > 0) break;
      entries.push(entry);
    }
    return entries;
  }

  /** Forgets every entry (the user cleared the log); sequence numbers go on from where they were. */
  clear() {
    this.firstSeq += this.count;
    this.head = 0;
    this.count = 0;
    this.keptBytes = 0;
    this.arenas.clear();
    this.streamTails.clear();
  }

  /** Forgets a finished connection's stream tail (its entries stay). */
  endStream(connectionId: string) {
    this.streamTails.delete(`${connectionId}/rx`);
    this.streamTails.delete(`${connectionId}/tx`);
  }

  private entryAt(seq: number, maxEntryBytes: number): LogEntry {
    const slot = (this.head + (seq - this.firstSeq)) % this.capacity;
    const arena = this.arenas.get(this.arenaOf[slot]!)!;
    const start = this.offset[slot]!;
    const stream = this.stream[slot]!;
    const prefix = new Uint8Array(this.prefixLength[slot]!);
    const word = this.prefixWord[slot]!;
    for (let i = 0; i < prefix.length; i++)
      prefix[i] = (word >>> (8 * (prefix.length - 1 - i))) & 0xff;
    const length = this.length[slot]!;
    const shown = Math.min(length, maxEntryBytes);
    return {
      seq,
      at: this.at[slot]!,
      direction: this.direction[slot] === 0 ? 'rx' : 'tx',
      peer: this.peers[this.peer[slot]!]!,
      bytes: arena.bytes.subarray(start, start + shown),
      ...(shown < length ? { fullLength: length } : {}),
      prefix,
      ...(stream >= 0 ? { connectionId: this.connectionIds[stream]! } : {}),
    };
  }

  /** Evicts the oldest entries until one more entry of `incoming` bytes fits the limits. */
  private evictBeyondLimits(incoming: number) {
    const { maxEntries, maxBytes } = this.limits;
    while (
      this.count > 0 &&
      (this.count + (incoming > 0 ? 1 : 0) > maxEntries || this.keptBytes + incoming > maxBytes)
    ) {
      this.keptBytes -= this.length[this.head]!;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
      this.firstSeq += 1;
      this.evicted += 1;
    }
    this.releaseArenas();
  }

  /** Arenas older than the oldest kept entry's are garbage once nobody else holds a view. */
  private releaseArenas() {
    const oldest = this.count > 0 ? this.arenaOf[this.head]! : this.arenaNumber;
    for (const id of this.arenas.keys()) {
      if (id >= oldest) break;
      this.arenas.delete(id);
    }
  }

  /**
   * A sixteenth of the byte limit (within 64 KiB – LOG_ARENA_BYTES): eviction frees whole arenas,
   * so the log holds at most its limit plus two arenas.
   */
  private get arenaBytes() {
    return Math.min(LOG_ARENA_BYTES, Math.max(64 * 1024, Math.ceil(this.limits.maxBytes / 16)));
  }

  private store(data: Uint8Array): { arenaId: number; start: number } {
    let arena = this.arenas.get(this.arenaNumber);
    if (!arena || arena.bytes.length - arena.used < data.length) {
      arena = { bytes: new Uint8Array(Math.max(this.arenaBytes, data.length)), used: 0 };
      this.arenas.set(++this.arenaNumber, arena);
    }
    const start = arena.used;
    arena.bytes.set(data, start);
    arena.used += data.length;
    return { arenaId: this.arenaNumber, start };
  }

  private setPrefix(slot: number, direction: Direction, data: Uint8Array, connectionId?: string) {
    let word = 0;
    let length = 0;
    if (connectionId !== undefined) {
      const key = `${connectionId}/${direction}`;
      const tail = this.streamTails.get(key);
      if (tail) {
        length = tail.length;
        for (const byte of tail) word = ((word << 8) | byte) >>> 0;
      }
      // The new tail: the last bytes of (old tail + data).
      const next = new Uint8Array(Math.min(PREFIX_BYTES, length + data.length));
      const fromData = Math.min(data.length, next.length);
      const fromTail = next.length - fromData;
      if (tail) next.set(tail.subarray(tail.length - fromTail), 0);
      next.set(data.subarray(data.length - fromData), fromTail);
      this.streamTails.set(key, next);
    }
    this.prefixWord[slot] = word;
    this.prefixLength[slot] = length;
  }

  private intern(peer: Address): number {
    const key = `${peer.host}|${peer.port}`;
    let index = this.peerIndex.get(key);
    if (index === undefined) {
      index = this.peers.push(peer) - 1;
      this.peerIndex.set(key, index);
    }
    return index;
  }

  private internConnection(connectionId: string): number {
    let index = this.connectionIndex.get(connectionId);
    if (index === undefined) {
      index = this.connectionIds.push(connectionId) - 1;
      this.connectionIndex.set(connectionId, index);
    }
    return index;
  }

  /** Doubles the rings (up to the entry limit), unrolling the ring so the oldest is at 0. */
  private grow() {
    const capacity = Math.min(
      Math.max(INITIAL_CAPACITY, this.capacity * 2),
      Math.max(this.limits.maxEntries, this.capacity + 1),
    );
    const unroll = <T extends Float64Array | Int32Array | Uint8Array | Uint32Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) % this.capacity]!;
      return next;
    };
    this.at = unroll(this.at, (n) => new Float64Array(n));
    this.arenaOf = unroll(this.arenaOf, (n) => new Int32Array(n));
    this.offset = unroll(this.offset, (n) => new Int32Array(n));
    this.length = unroll(this.length, (n) => new Int32Array(n));
    this.direction = unroll(this.direction, (n) => new Uint8Array(n));
    this.stream = unroll(this.stream, (n) => new Int32Array(n));
    this.peer = unroll(this.peer, (n) => new Int32Array(n));
    this.prefixWord = unroll(this.prefixWord, (n) => new Uint32Array(n));
    this.prefixLength = unroll(this.prefixLength, (n) => new Uint8Array(n));
    this.head = 0;
    this.capacity = capacity;
  }
}
