/**
 * A session's traffic log: the record of every chunk's bytes, bounded in memory.
 *
 * Payloads are copied into append-only arenas (so memory is what the limits say, whatever buffer
 * a socket handed us; TCP reads come from one shared read buffer, see socket-reader.ts), and entry
 * metadata lives in typed-array rings instead of one object per entry (a million small objects
 * would cost more than their payloads). When a limit is hit the oldest entries go first; their
 * count is kept. An arena whose entries are all gone is re-used, so a full log under a flood
 * allocates nothing. Nothing here decodes text: the UI decodes the rows it shows, with each
 * entry's `prefix` (the stream's previous bytes) for split characters.
 */
import type {
  Address,
  AutoSource,
  Direction,
  LogEntry,
  LogLimits,
  LogWindow,
} from '../../shared/contract';
import {
  DEFAULT_LOG_LIMITS,
  LOG_ARENA_BYTES,
  LOG_REUSE_MIN_BYTES,
  MAX_READ_LOG_ENTRIES,
} from './constants';
import type { Chunk } from './chunk';

/** Bytes of a stream's tail kept as the next entry's prefix: the longest GB18030/UTF-8 char. */
const PREFIX_BYTES = 4;
const INITIAL_CAPACITY = 1024;
/** at (8) + arena, offset, length, stream, peer, auto (4 each) + direction (1) + prefix (4 + 1). */
const BYTES_PER_SLOT = 38;
/** Interned connections and peers past which unused ones are dropped (see compactTables). */
const COMPACT_TABLES_AT = 4096;
/** Emptied arenas kept for re-use; more would be memory the limits do not account for. */
const SPARE_ARENAS = 2;

/** A stretch of memory payloads are copied into. */
interface Arena {
  bytes: Uint8Array;
  used: number;
  /** The newest entry stored in it: the arena is free once that entry is evicted. */
  lastSeq: number;
}

/** Limits of one `read`. */
export interface ReadCaps {
  /** Payload bytes in all (the first entry comes regardless). */
  maxBytes?: number;
  /** Payload bytes of each entry (the rest is cut; the entry says its `fullLength`). */
  maxEntryBytes?: number;
}

const NO_CAPS: Required<ReadCaps> = { maxBytes: Infinity, maxEntryBytes: Infinity };

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
  private auto = new Int32Array(0); // interned auto source (−1: sent by the user, or received)
  private prefixWord = new Uint32Array(0);
  private prefixLength = new Uint8Array(0);

  private readonly arenas = new Map<number, Arena>();
  /** The arena being filled; older ones are full, and freed oldest first. */
  private arenaId = -1;
  private readonly spareArenas: Uint8Array[] = [];

  private connectionIds: string[] = [];
  private connectionIndex = new Map<string, number>();
  private peers: Address[] = [];
  private peerIndex = new Map<string, number>();
  private lastPeer = -1;
  /** Connections and peers interned past this many: drop those no kept entry uses any more. */
  private compactTablesAt = COMPACT_TABLES_AT;
  /** Why the engine sent entries on its own: Echo, or one of the rules (a handful). */
  private readonly autos: AutoSource[] = [];
  private readonly autoIndex = new Map<string, number>();
  /**
   * Last bytes of each TCP stream (connection × direction, at 2 × connection + direction) for
   * the next entry's prefix, as a big-endian word and its length.
   */
  private tailWord: number[] = [];
  private tailLength: number[] = [];

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

  /** Memory the log holds: its arenas, spare arenas and rings. */
  get heldBytes(): number {
    let total = this.capacity * BYTES_PER_SLOT;
    for (const arena of this.arenas.values()) total += arena.bytes.length;
    for (const spare of this.spareArenas) total += spare.length;
    return total;
  }

  setLimits(limits: LogLimits) {
    this.limits = { ...limits };
    this.spareArenas.length = 0;
    this.evictBeyondLimits(0);
  }

  /**
   * Records a copy of one chunk and returns it: a view of the log's arena that stays as it is
   * until the entry is evicted (at the smallest limits where arenas are re-used, 64 MiB of later
   * traffic; the bridges and files hold a chunk a few hundred KiB at most).
   */
  append(
    seq: number,
    at: number,
    direction: Direction,
    peer: Address,
    data: Uint8Array,
    connectionId?: string,
    auto?: AutoSource,
  ): Uint8Array {
    if (this.count === 0) this.firstSeq = seq;
    this.evictBeyondLimits(data.length);
    // Before this entry takes any index: compaction renumbers the kept entries only.
    if (this.connectionIds.length + this.peers.length >= this.compactTablesAt) this.compactTables();
    if (this.count === this.capacity) this.grow();

    const slot = (this.head + this.count) % this.capacity;
    const stored = this.store(slot, seq, data);
    this.at[slot] = at;
    this.length[slot] = data.length;
    this.direction[slot] = direction === 'rx' ? 0 : 1;
    this.peer[slot] = this.intern(peer);
    this.auto[slot] = auto ? this.internAuto(auto) : -1;
    if (connectionId === undefined) {
      this.stream[slot] = -1;
      this.prefixLength[slot] = 0;
    } else {
      const stream = this.internConnection(connectionId);
      this.stream[slot] = stream;
      this.setPrefix(slot, 2 * stream + this.direction[slot]!, data);
    }
    this.count += 1;
    this.keptBytes += data.length;
    return stored;
  }

  /**
   * Entries from `fromSeq` on: at most `count`, and at most `caps.maxBytes` payload bytes (the
   * first entry always comes, so a reader never stalls on one large entry); each entry's bytes cut
   * to `caps.maxEntryBytes`. The entries' bytes are the reader's own (arenas get re-used).
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

  /**
   * One kept entry without copying its bytes, for a scan that looks at each entry once (a search,
   * an export): the bytes are a view of the log's arena, to be used at once (a later append may
   * evict the entry and re-use its arena). Undefined when `seq` is not kept.
   */
  peek(seq: number): Chunk | undefined {
    if (!Number.isSafeInteger(seq) || seq < this.firstSeq || seq >= this.firstSeq + this.count) {
      return undefined;
    }
    const slot = (this.head + (seq - this.firstSeq)) % this.capacity;
    const start = this.offset[slot]!;
    const stream = this.stream[slot]!;
    const auto = this.auto[slot]!;
    const chunk: Chunk = {
      seq,
      at: this.at[slot]!,
      direction: this.direction[slot] === 0 ? 'rx' : 'tx',
      peer: this.peers[this.peer[slot]!]!,
      bytes: this.arenas
        .get(this.arenaOf[slot]!)!
        .bytes.subarray(start, start + this.length[slot]!),
    };
    if (stream >= 0) chunk.connectionId = this.connectionIds[stream]!;
    if (auto >= 0) chunk.auto = this.autos[auto]!;
    return chunk;
  }

  /** The bytes the stream had before entry `seq` (its last few), for decoding a split character. */
  prefixOf(seq: number): Uint8Array {
    if (seq < this.firstSeq || seq >= this.firstSeq + this.count) return new Uint8Array(0);
    const slot = (this.head + (seq - this.firstSeq)) % this.capacity;
    const prefix = new Uint8Array(this.prefixLength[slot]!);
    const word = this.prefixWord[slot]!;
    for (let i = 0; i < prefix.length; i++)
      prefix[i] = (word >>> (8 * (prefix.length - 1 - i))) & 0xff;
    return prefix;
  }

  /** Forgets every entry (the user cleared the log); sequence numbers go on from where they were. */
  clear() {
    this.firstSeq += this.count;
    this.head = 0;
    this.count = 0;
    this.keptBytes = 0;
    this.arenas.clear();
    this.arenaId = -1;
    this.tailWord = [];
    this.tailLength = [];
    this.compactTables();
  }

  /** Forgets a finished connection's stream tails (its entries stay). */
  endStream(connectionId: string) {
    const stream = this.connectionIndex.get(connectionId);
    if (stream === undefined) return;
    this.tailLength[2 * stream] = 0;
    this.tailLength[2 * stream + 1] = 0;
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
    const end = start + shown;
    const auto = this.auto[slot]!;
    return {
      seq,
      at: this.at[slot]!,
      direction: this.direction[slot] === 0 ? 'rx' : 'tx',
      peer: this.peers[this.peer[slot]!]!,
      bytes: arena.bytes.slice(start, end),
      ...(shown < length ? { fullLength: length } : {}),
      prefix,
      ...(stream >= 0 ? { connectionId: this.connectionIds[stream]! } : {}),
      ...(auto >= 0 ? { auto: this.autos[auto]! } : {}),
    };
  }

  /** Evicts the oldest entries until one more entry of `incoming` bytes fits the limits. */
  private evictBeyondLimits(incoming: number) {
    const { maxEntries, maxBytes } = this.limits;
    let evicted = false;
    while (
      this.count > 0 &&
      (this.count + (incoming > 0 ? 1 : 0) > maxEntries || this.keptBytes + incoming > maxBytes)
    ) {
      this.keptBytes -= this.length[this.head]!;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
      this.firstSeq += 1;
      this.evicted += 1;
      evicted = true;
    }
    if (evicted) this.releaseArenas();
  }

  /** Frees arenas whose newest entry is gone, oldest first; a few are kept for re-use. */
  private releaseArenas() {
    for (const [id, arena] of this.arenas) {
      if (id === this.arenaId) {
        // Every entry is gone, the current arena's too: fill it from the start again.
        if (this.count === 0) arena.used = 0;
        break;
      }
      if (arena.lastSeq >= this.firstSeq) break;
      this.arenas.delete(id);
      const reusable =
        arena.bytes.length === this.arenaBytes && this.limits.maxBytes >= LOG_REUSE_MIN_BYTES;
      if (reusable && this.spareArenas.length < SPARE_ARENAS) this.spareArenas.push(arena.bytes);
    }
  }

  /**
   * A sixteenth of the byte limit (within 64 KiB – LOG_ARENA_BYTES): eviction frees whole arenas,
   * so the log holds at most its limit plus a few arenas.
   */
  private get arenaBytes() {
    return Math.min(LOG_ARENA_BYTES, Math.max(64 * 1024, Math.ceil(this.limits.maxBytes / 16)));
  }

  private store(slot: number, seq: number, data: Uint8Array): Uint8Array {
    let arena = this.arenas.get(this.arenaId);
    if (!arena || arena.bytes.length - arena.used < data.length) {
      const size = Math.max(this.arenaBytes, data.length);
      const bytes = (size === this.arenaBytes && this.spareArenas.pop()) || new Uint8Array(size);
      arena = { bytes, used: 0, lastSeq: seq };
      this.arenas.set(++this.arenaId, arena);
    }
    const start = arena.used;
    arena.bytes.set(data, start);
    arena.used += data.length;
    arena.lastSeq = seq;
    this.arenaOf[slot] = this.arenaId;
    this.offset[slot] = start;
    return arena.bytes.subarray(start, start + data.length);
  }

  /** The entry's prefix is the stream's tail so far; the tail then moves on by `data`. */
  private setPrefix(slot: number, tail: number, data: Uint8Array) {
    let word = this.tailWord[tail] ?? 0;
    const length = this.tailLength[tail] ?? 0;
    this.prefixWord[slot] = word;
    this.prefixLength[slot] = length;
    for (let i = Math.max(0, data.length - PREFIX_BYTES); i < data.length; i++)
      word = ((word << 8) | data[i]!) >>> 0;
    this.tailWord[tail] = word;
    this.tailLength[tail] = Math.min(PREFIX_BYTES, length + data.length);
  }

  private intern(peer: Address): number {
    const last = this.peers[this.lastPeer];
    if (last && last.port === peer.port && last.host === peer.host) return this.lastPeer;
    const key = `${peer.host}|${peer.port}`;
    let index = this.peerIndex.get(key);
    if (index === undefined) {
      index = this.peers.push(peer) - 1;
      this.peerIndex.set(key, index);
    }
    this.lastPeer = index;
    return index;
  }

  private internAuto(auto: AutoSource): number {
    const key = auto.kind === 'echo' ? 'echo' : JSON.stringify([auto.ruleId, auto.name]);
    let index = this.autoIndex.get(key);
    if (index === undefined) {
      index = this.autos.push(auto) - 1;
      this.autoIndex.set(key, index);
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

  /**
   * Keeps only the connections and peers that kept entries (or a stream still waiting for its
   * next entry) use, and renumbers them: a server that sees a million short connections must not
   * remember them all. Runs when the tables doubled since the last time, so its cost (one pass
   * over the kept entries) is spread over as many new connections.
   */
  private compactTables() {
    const streams = new Map<number, number>();
    const peers = new Map<number, number>();
    const connectionIds: string[] = [];
    const kept: Address[] = [];
    const tailWord: number[] = [];
    const tailLength: number[] = [];
    const keepStream = (old: number) => {
      let index = streams.get(old);
      if (index === undefined) {
        index = connectionIds.push(this.connectionIds[old]!) - 1;
        streams.set(old, index);
        for (const direction of [0, 1]) {
          tailWord[2 * index + direction] = this.tailWord[2 * old + direction] ?? 0;
          tailLength[2 * index + direction] = this.tailLength[2 * old + direction] ?? 0;
        }
      }
      return index;
    };
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.capacity;
      const stream = this.stream[slot]!;
      if (stream >= 0) this.stream[slot] = keepStream(stream);
      const peer = this.peer[slot]!;
      let index = peers.get(peer);
      if (index === undefined) {
        index = kept.push(this.peers[peer]!) - 1;
        peers.set(peer, index);
      }
      this.peer[slot] = index;
    }
    for (let old = 0; old < this.connectionIds.length; old++) {
      if (this.tailLength[2 * old] || this.tailLength[2 * old + 1]) keepStream(old);
    }
    this.connectionIds = connectionIds;
    this.connectionIndex = new Map(connectionIds.map((id, index) => [id, index]));
    this.peers = kept;
    this.peerIndex = new Map(kept.map((peer, index) => [`${peer.host}|${peer.port}`, index]));
    this.lastPeer = -1;
    this.tailWord = tailWord;
    this.tailLength = tailLength;
    this.compactTablesAt = Math.max(COMPACT_TABLES_AT, 2 * (connectionIds.length + kept.length));
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
    this.auto = unroll(this.auto, (n) => new Int32Array(n));
    this.prefixWord = unroll(this.prefixWord, (n) => new Uint32Array(n));
    this.prefixLength = unroll(this.prefixLength, (n) => new Uint8Array(n));
    this.head = 0;
    this.capacity = capacity;
  }
}
