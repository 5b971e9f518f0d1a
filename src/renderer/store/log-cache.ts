import type {
  Address,
  AutoSource,
  DataEvent,
  Direction,
  EngineEvent,
  LogEntry,
} from '../../shared/contract';

/** The page keeps at most this many entries per session… */
export const MAX_CACHED_ENTRIES = 50_000;
/** …and this many bytes of payload (the engine keeps the full log; the page keeps a view). */
export const MAX_CACHED_BYTES = 64 * 1024 * 1024;
/** Past a limit, pages far from the view go until the cache is down to this share of it. */
const TRIM_TO = 0.8;
/** Entries per page: the unit of eviction. */
export const CACHE_PAGE_SIZE = 256;
/** What an entry object costs besides its payload (fields, views, map slots), roughly. */
const ENTRY_OVERHEAD_BYTES = 160;
/** Bytes of a stream's tail kept for the next entry's prefix, as the engine does. */
const PREFIX_BYTES = 4;
const NO_BYTES = new Uint8Array(0);

/** An entry as the page holds it. */
export interface CachedEntry {
  seq: number;
  at: number;
  direction: Direction;
  connectionId?: string;
  peer: Address;
  bytes: Uint8Array;
  /** Set when `bytes` is the start of a longer entry (fetched with readLog's `maxEntryBytes`). */
  fullLength?: number;
  /**
   * The stream's bytes just before this entry (see LogEntry.prefix); undefined when the page does
   * not know them (it missed the data events before this one), so the view fetches the entry.
   */
  prefix: Uint8Array | undefined;
  /** The same stream's previous entry, when the page saw both arrive in order. */
  previousInStream?: number;
  /** Sent by the engine on its own (an auto-reply rule or Echo). */
  auto?: AutoSource;
}

interface CachePage {
  entries: (CachedEntry | undefined)[];
  count: number;
  bytes: number;
}

/** TCP: one stream per connection and direction. UDP datagrams stand alone. */
export function streamOf(entry: { connectionId?: string; direction: Direction }) {
  return entry.connectionId === undefined ? undefined : `${entry.connectionId}/${entry.direction}`;
}

function costOf(entry: CachedEntry) {
  return entry.bytes.length + ENTRY_OVERHEAD_BYTES;
}

function tailOf(previous: Uint8Array | undefined, bytes: Uint8Array): Uint8Array {
  const length = Math.min(PREFIX_BYTES, (previous?.length ?? 0) + bytes.length);
  const tail = new Uint8Array(length);
  const fromBytes = Math.min(bytes.length, length);
  const fromPrevious = length - fromBytes;
  if (previous && fromPrevious > 0) tail.set(previous.subarray(previous.length - fromPrevious));
  tail.set(bytes.subarray(bytes.length - fromBytes), fromPrevious);
  return tail;
}

/**
 * One session's entries that the page holds: those that arrived as data events and pages fetched
 * with readLog, keyed by seq. Bounded: past MAX_CACHED_ENTRIES or MAX_CACHED_BYTES the pages
 * farthest from what the view shows are dropped (they can be fetched again).
 */
export class LogCache {
  private readonly pages = new Map<number, CachePage>();
  private entryCount = 0;
  private byteCount = 0;
  private firstSeq = 1;
  /** The seqs the view shows; eviction spares them and drops what is farthest away. */
  private focus = { from: 0, to: 0 };
  /** Only matches: the pages of the entries shown, spared; the rest of `focus` is not. */
  private sparedPages: ReadonlySet<number> | undefined;
  private followTail = true;
  private newestSeq = 0;
  // In-order arrival: what the page knows of each stream's previous bytes and entry. Seqs start
  // at 1, so a first event with seq 1 follows nothing missed.
  private lastEventSeq = 0;
  private readonly tails = new Map<string, Uint8Array>();
  private readonly lastInStream = new Map<string, number>();

  constructor(
    private readonly maxEntries = MAX_CACHED_ENTRIES,
    private readonly maxBytes = MAX_CACHED_BYTES,
  ) {}

  get size() {
    return this.entryCount;
  }

  get bytes() {
    return this.byteCount;
  }

  get(seq: number): CachedEntry | undefined {
    return this.pages.get(Math.floor(seq / CACHE_PAGE_SIZE))?.entries[seq % CACHE_PAGE_SIZE];
  }

  /**
   * Whether the page holds entry `seq` as the engine does. An entry whose prefix the page does not
   * know can be shown (decoded without it) but is fetched again.
   */
  has(seq: number): boolean {
    const entry = this.get(seq);
    return entry !== undefined && entry.prefix !== undefined;
  }

  /**
   * The view shows `from`..`to`; `followTail`: it sticks to the newest entries. `seqs`: only
   * these of them (Only matches), far apart maybe: the pages between them are not spared.
   */
  setFocus(from: number, to: number, followTail: boolean, seqs?: readonly number[]) {
    this.focus = { from, to };
    this.followTail = followTail;
    this.sparedPages = seqs && new Set(seqs.map((seq) => Math.floor(seq / CACHE_PAGE_SIZE)));
  }

  /**
   * A batch of engine events, in emission order: data events are kept; a new connection's streams
   * start empty, so their first entries need no prefix.
   */
  takeEvents(events: readonly EngineEvent[]) {
    for (const event of events) {
      if (event.type === 'data') this.addEvent(event);
      else if (event.type === 'connection-opened') {
        this.tails.set(`${event.connection.connectionId}/rx`, NO_BYTES);
        this.tails.set(`${event.connection.connectionId}/tx`, NO_BYTES);
      }
    }
    this.trim();
  }

  private addEvent(event: DataEvent) {
    if (event.seq < this.firstSeq) return;
    if (event.seq <= this.lastEventSeq) return; // seen already
    if (event.seq !== this.lastEventSeq + 1) {
      // Events were dropped (the bridge coalesced while the page was behind), or the page came
      // late (a reload): what came before on each stream is unknown.
      this.tails.clear();
      this.lastInStream.clear();
    }
    this.lastEventSeq = event.seq;
    const stream = streamOf(event);
    let prefix: Uint8Array | undefined = NO_BYTES;
    let previousInStream: number | undefined;
    if (stream !== undefined) {
      prefix = this.tails.get(stream);
      previousInStream = this.lastInStream.get(stream);
      this.lastInStream.set(stream, event.seq);
      // An entry of PREFIX_BYTES or more is the next one's prefix by itself; a chunk the bridge
      // cut short says its own tail.
      if (event.tail) this.tails.set(stream, event.tail);
      else if (prefix !== undefined || event.bytes.length >= PREFIX_BYTES) {
        this.tails.set(stream, tailOf(prefix, event.bytes));
      }
    }
    this.put({
      seq: event.seq,
      at: event.at,
      direction: event.direction,
      peer: event.peer,
      bytes: event.bytes,
      ...(event.fullLength === undefined ? {} : { fullLength: event.fullLength }),
      ...(event.auto === undefined ? {} : { auto: event.auto }),
      prefix,
      ...(event.connectionId === undefined ? {} : { connectionId: event.connectionId }),
      ...(previousInStream === undefined ? {} : { previousInStream }),
    });
  }

  /** A page fetched with readLog. */
  addFetched(entries: readonly LogEntry[]) {
    for (const entry of entries) {
      if (entry.seq < this.firstSeq) continue;
      const held = this.get(entry.seq);
      // An entry that came in order keeps its link to the previous one (cheap decoding).
      const previousInStream = held?.previousInStream;
      // A page cut short (readLog's maxEntryBytes) never takes back bytes the page already holds.
      const longer = held !== undefined && held.bytes.length > entry.bytes.length ? held : entry;
      this.put({
        seq: entry.seq,
        at: entry.at,
        direction: entry.direction,
        peer: entry.peer,
        bytes: longer.bytes,
        prefix: entry.prefix,
        ...(longer.fullLength === undefined ? {} : { fullLength: longer.fullLength }),
        ...(entry.auto === undefined ? {} : { auto: entry.auto }),
        ...(entry.connectionId === undefined ? {} : { connectionId: entry.connectionId }),
        ...(previousInStream === undefined ? {} : { previousInStream }),
      });
    }
    this.trim();
  }

  /** The engine evicted (or cleared) every entry before `firstSeq`. */
  dropBefore(firstSeq: number) {
    if (firstSeq <= this.firstSeq) return;
    this.firstSeq = firstSeq;
    const firstPage = Math.floor(firstSeq / CACHE_PAGE_SIZE);
    for (const [number, page] of this.pages) {
      if (number < firstPage) this.dropPage(number, page);
    }
    const page = this.pages.get(firstPage);
    if (!page) return;
    for (let i = 0; i < firstSeq % CACHE_PAGE_SIZE; i++) {
      const entry = page.entries[i];
      if (!entry) continue;
      page.entries[i] = undefined;
      page.count--;
      page.bytes -= costOf(entry);
      this.entryCount--;
      this.byteCount -= costOf(entry);
    }
    if (page.count === 0) this.pages.delete(firstPage);
  }

  /** Clear: the engine's log is empty from `firstSeq` on. */
  clear(firstSeq: number) {
    this.pages.clear();
    this.entryCount = 0;
    this.byteCount = 0;
    this.firstSeq = Math.max(this.firstSeq, firstSeq);
    this.tails.clear();
    this.lastInStream.clear();
  }

  private put(entry: CachedEntry) {
    const number = Math.floor(entry.seq / CACHE_PAGE_SIZE);
    let page = this.pages.get(number);
    if (!page) {
      page = { entries: new Array<CachedEntry | undefined>(CACHE_PAGE_SIZE), count: 0, bytes: 0 };
      this.pages.set(number, page);
    }
    const slot = entry.seq % CACHE_PAGE_SIZE;
    const old = page.entries[slot];
    if (old) {
      page.bytes -= costOf(old);
      this.byteCount -= costOf(old);
    } else {
      page.count++;
      this.entryCount++;
    }
    page.entries[slot] = entry;
    page.bytes += costOf(entry);
    this.byteCount += costOf(entry);
    this.newestSeq = Math.max(this.newestSeq, entry.seq);
  }

  private dropPage(number: number, page: CachePage) {
    this.pages.delete(number);
    this.entryCount -= page.count;
    this.byteCount -= page.bytes;
  }

  /** Past a limit, drops the pages farthest from the view, never one it shows. */
  private trim() {
    if (this.entryCount <= this.maxEntries && this.byteCount <= this.maxBytes) return;
    // Following the tail, the view moves on to the newest entries: spare a screenful of those.
    const span = Math.max(0, this.focus.to - this.focus.from);
    const { from, to } = this.followTail
      ? { from: this.newestSeq - span, to: this.newestSeq }
      : this.focus;
    const firstShown = Math.floor(from / CACHE_PAGE_SIZE);
    const lastShown = Math.floor(to / CACHE_PAGE_SIZE);
    const spared = this.sparedPages;
    const distance = (number: number) => {
      if (spared) return spared.has(number) ? 0 : 1 + Math.abs(number - firstShown);
      return number < firstShown
        ? firstShown - number
        : number > lastShown
          ? number - lastShown
          : 0;
    };
    const candidates = [...this.pages.keys()]
      .filter((number) => distance(number) > 0)
      .sort((a, b) => distance(b) - distance(a));
    for (const number of candidates) {
      if (
        this.entryCount <= this.maxEntries * TRIM_TO &&
        this.byteCount <= this.maxBytes * TRIM_TO
      ) {
        break;
      }
      this.dropPage(number, this.pages.get(number)!);
    }
  }
}

/** Every session's cache, made and dropped as tabs gain and lose sessions. */
export class LogCaches {
  private readonly bySession = new Map<string, LogCache>();

  /** Events of every session, in emission order; those of sessions without a tab are ignored. */
  takeEvents(events: readonly EngineEvent[]) {
    let mine: EngineEvent[] | undefined;
    let session: string | undefined;
    // Batches are mostly one session's: group consecutive runs instead of filtering per session.
    const flush = () => {
      if (mine && session !== undefined) this.bySession.get(session)?.takeEvents(mine);
      mine = undefined;
    };
    for (const event of events) {
      if (event.type !== 'data' && event.type !== 'connection-opened') continue;
      if (event.sessionId !== session) {
        flush();
        session = event.sessionId;
      }
      (mine ??= []).push(event);
    }
    flush();
  }

  of(sessionId: string): LogCache | undefined {
    return this.bySession.get(sessionId);
  }

  /** Keeps a cache for exactly these sessions. */
  keepOnly(sessionIds: ReadonlySet<string>) {
    for (const sessionId of this.bySession.keys()) {
      if (!sessionIds.has(sessionId)) this.bySession.delete(sessionId);
    }
    for (const sessionId of sessionIds) {
      if (!this.bySession.has(sessionId)) this.bySession.set(sessionId, new LogCache());
    }
  }
}
