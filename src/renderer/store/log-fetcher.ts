import type { CommandApi } from '../../shared/contract';
import type { CachedEntry } from './log-cache';
import { displaySettings } from './state';
import type { Store } from './store';

/** Scrolling fires many wishes: the one still standing after this long is fetched. */
export const FETCH_DELAY_MS = 40;
/**
 * Following the tail of a flood whose data events the bridge drops, the newest rows are always
 * missing: fetch them this often, no more (the display catches up; the log stays exact).
 */
export const TAIL_FETCH_DELAY_MS = 150;
/** Entries per readLog at most… */
export const MAX_PAGE_ENTRIES = 500;
/** …and about this much payload around the rows shown (64 KiB TCP reads add up fast). */
const PAGE_BYTES = 1024 * 1024;
/** At the tail only what is on screen is fetched, plus this much of what came since. */
const TAIL_EXTRA_BYTES = 128 * 1024;
/** What an entry is assumed to weigh when the page holds none yet: rather too much than too little. */
const FIRST_GUESS_ENTRY_BYTES = 16 * 1024;

/**
 * Whether the page holds enough of an entry to show it: all of it, or at least the `shownBytes`
 * the view shows before "Show all" (an entry fetched under a smaller limit is fetched again).
 */
export function holdsEnough(entry: CachedEntry, shownBytes: number): boolean {
  return entry.fullLength === undefined || entry.bytes.length >= shownBytes;
}

interface SessionFetch {
  /** `seqs`: only these entries of `from`..`to` are shown (Only matches). */
  wanted?: { from: number; to: number; followTail: boolean; seqs?: readonly number[] };
  /** The wish changed since the last request was made. */
  fresh: boolean;
  inFlight: boolean;
  /** The gap the last request was for: asking again for the same one would loop. */
  lastGap?: string;
  timer?: ReturnType<typeof setTimeout>;
  /** The size of the entries fetched so far, on average (undefined: none yet). */
  averageBytes?: number;
}

/** Entries the view shows that the page lacks. */
interface Gap {
  first: number;
  last: number;
  /** Only matches: the last entry lacking that one page from `first` reaches. */
  reach?: number;
  firstSeq: number;
  entryBytes: number;
  maxEntryBytes: number;
}

function sameSeqs(a: readonly number[] | undefined, b: readonly number[] | undefined) {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((seq, i) => seq === b[i]);
}

/**
 * Fetches the log entries the view shows but the page does not hold, with readLog: a page around
 * them, one request in flight per session, the latest wish after a short delay.
 */
export class LogFetcher {
  private readonly sessions = new Map<string, SessionFetch>();
  private disposed = false;

  constructor(
    private readonly client: Pick<CommandApi, 'readLog'>,
    private readonly store: Store,
    private readonly delayMs = FETCH_DELAY_MS,
  ) {}

  /**
   * The view shows entries `from`..`to` of this session (`followTail`: it sticks to the end);
   * `seqs`: only these of them (Only matches), so the entries between are not fetched.
   */
  want(sessionId: string, from: number, to: number, followTail = false, seqs?: readonly number[]) {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { fresh: true, inFlight: false };
      this.sessions.set(sessionId, session);
    }
    const old = session.wanted;
    if (
      old &&
      old.from === from &&
      old.to === to &&
      old.followTail === followTail &&
      sameSeqs(old.seqs, seqs)
    ) {
      return;
    }
    session.wanted = { from, to, followTail, ...(seqs ? { seqs } : {}) };
    session.fresh = true;
    this.schedule(sessionId, session);
  }

  /**
   * Fetches entries `seq`..`seq + count - 1` whole where the page holds them cut short, a page at a
   * time (readLog caps a page's bytes), outside the view's fetches.
   */
  async fetchWhole(sessionId: string, seq: number, count: number) {
    const cache = this.store.logs.of(sessionId);
    const end = seq + count;
    let from = seq;
    while (from < end && cache?.get(from)?.fullLength === undefined) from++;
    while (from < end && !this.disposed) {
      const read = await this.client.readLog({ sessionId, fromSeq: from, count: end - from });
      if (!read.ok || read.entries.length === 0) return;
      const { entries, firstSeq, lastSeq, evicted } = read;
      this.store.dispatch({
        type: 'log-fetched',
        sessionId,
        entries,
        window: { firstSeq, lastSeq, evicted },
      });
      from = entries[entries.length - 1]!.seq + 1;
    }
  }

  dispose() {
    this.disposed = true;
    for (const session of this.sessions.values()) clearTimeout(session.timer);
    this.sessions.clear();
  }

  private schedule(sessionId: string, session: SessionFetch) {
    if (session.inFlight || session.timer !== undefined || this.disposed) return;
    const delay = session.wanted?.followTail
      ? Math.max(this.delayMs, TAIL_FETCH_DELAY_MS)
      : this.delayMs;
    session.timer = setTimeout(() => {
      session.timer = undefined;
      void this.fetch(sessionId, session);
    }, delay);
  }

  /** The first and last entry wanted that the page lacks, if any. */
  private missing(sessionId: string, session: SessionFetch): Gap | undefined {
    const cache = this.store.logs.of(sessionId);
    const tab = this.store.getState().tabs.find((t) => t.sessionId === sessionId);
    if (!cache || !tab) {
      this.sessions.delete(sessionId); // the tab went, or has another session now
      return undefined;
    }
    if (!session.wanted) return undefined;
    const from = Math.max(session.wanted.from, tab.log.window.firstSeq);
    const to = Math.min(session.wanted.to, tab.log.window.lastSeq);
    const { maxBytesShown } = displaySettings(tab.receive);
    const held = (seq: number) => cache.has(seq) && holdsEnough(cache.get(seq)!, maxBytesShown);
    // Per-entry guesses as below: until pages tell, entries weigh what those that came as events do.
    const perEntry = cache.size > 0 ? cache.bytes / cache.size : FIRST_GUESS_ENTRY_BYTES;
    const known = {
      firstSeq: tab.log.window.firstSeq,
      entryBytes: Math.min(perEntry, maxBytesShown),
      maxEntryBytes: maxBytesShown,
    };
    const { seqs } = session.wanted;
    if (seqs) {
      const lacking = seqs.filter((seq) => seq >= from && seq <= to && !held(seq));
      if (lacking.length === 0) return undefined;
      const first = lacking[0]!;
      // One page from the first entry lacking, up to the last lacking one it can reach.
      let reach = first;
      for (const seq of lacking) if (seq < first + MAX_PAGE_ENTRIES) reach = seq;
      return { first, last: lacking[lacking.length - 1]!, reach, ...known };
    }
    let first = from;
    while (first <= to && held(first)) first++;
    if (first > to) return undefined;
    let last = to;
    while (last > first && held(last)) last--;
    return { first, last, ...known };
  }

  private async fetch(sessionId: string, session: SessionFetch) {
    const gap = this.missing(sessionId, session);
    if (!gap) return;
    const gapKey = `${gap.first}-${gap.last}`;
    if (!session.fresh && gapKey === session.lastGap) return;
    session.lastGap = gapKey;
    const span = gap.last - gap.first + 1;
    const perEntry = Math.max(1, session.averageBytes ?? gap.entryBytes);
    let fromSeq: number;
    let count: number;
    if (gap.reach !== undefined) {
      // Only matches: from the first entry lacking to the last one a page reaches, no context.
      fromSeq = gap.first;
      count = gap.reach - gap.first + 1;
    } else if (session.wanted?.followTail) {
      // The rows on screen and what arrived since (readLog goes past the end the page knows).
      count = Math.min(MAX_PAGE_ENTRIES, span + Math.floor(TAIL_EXTRA_BYTES / perEntry));
      fromSeq = gap.first;
    } else {
      // Some context either side of the gap, for scrolling on without another wait.
      count = Math.min(MAX_PAGE_ENTRIES, Math.max(span, Math.floor(PAGE_BYTES / perEntry)));
      fromSeq = Math.max(gap.firstSeq, gap.first - Math.floor(Math.max(0, count - span) / 2));
    }
    session.inFlight = true;
    session.fresh = false;
    // Only what the view shows of each entry crosses the bridge; "Show all" fetches the rest.
    const read = await this.client.readLog({
      sessionId,
      fromSeq,
      count,
      maxEntryBytes: gap.maxEntryBytes,
    });
    session.inFlight = false;
    if (this.disposed || this.sessions.get(sessionId) !== session) return;
    if (!read.ok) return; // the host is gone or forgot the session: resync deals with that
    const { entries, firstSeq, lastSeq, evicted } = read;
    if (entries.length > 0) {
      const bytes = entries.reduce((sum, entry) => sum + entry.bytes.length, 0);
      const average = bytes / entries.length;
      session.averageBytes = ((session.averageBytes ?? average) + average) / 2;
    }
    this.store.dispatch({
      type: 'log-fetched',
      sessionId,
      entries,
      window: { firstSeq, lastSeq, evicted },
    });
    // Go on while the view moved meanwhile, or while gaps remain that this page did not fill.
    this.schedule(sessionId, session);
  }
}
