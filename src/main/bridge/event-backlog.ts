/**
 * What a page that fell behind has not had yet. Data events are not kept: their bytes are in the
 * engine's log, and the newest `log` event tells the page which entries exist, so it can fetch
 * the ones it shows with `readLog`. Everything else is kept in order (totals coalesced), so the
 * backlog grows with what happens to sessions (states, connections, errors), never with traffic.
 */
import type { EngineEvent, LogEvent } from '../../shared/contract';
import { CoalescingEventQueue } from './event-queue';

/** Past this, the backlog keeps only the net effect of its events (see `netEffect`). */
export const MAX_BACKLOG_EVENTS = 10_000;

export class EventBacklog {
  private readonly queue = new CoalescingEventQueue();
  private compactAt: number;
  private dropped = 0;
  /** Per session: the newest log window the page was sent or will be sent. */
  private readonly windows = new Map<string, LogEvent>();
  /** Per session: the newest entry left out that no log window in the backlog covers yet. */
  private readonly uncovered = new Map<string, number>();

  constructor(private readonly maxEvents = MAX_BACKLOG_EVENTS) {
    this.compactAt = maxEvents;
  }

  get count(): number {
    return this.queue.count;
  }

  /** Estimated wire size of what is kept. */
  get bytes(): number {
    return this.queue.bytes;
  }

  /** Data events left out since the page was attached. */
  get droppedDataEvents(): number {
    return this.dropped;
  }

  /** Events held back from the page. */
  add(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type === 'data') {
        this.dropped += 1;
        this.uncovered.set(event.sessionId, event.seq);
        continue;
      }
      if (event.type === 'log') this.remember(event);
      else if (event.type !== 'counters') this.placeAfterDroppedEntries(event);
      this.queue.push(event);
    }
    if (this.queue.count > this.compactAt) this.compact();
  }

  /** Events that went to the page: their log windows are what the page knows. */
  sent(events: readonly EngineEvent[]): void {
    for (const event of events) if (event.type === 'log') this.remember(event);
  }

  /** Everything kept, in order; the backlog is empty afterwards. */
  take(): EngineEvent[] {
    this.compactAt = this.maxEvents;
    return this.queue.take();
  }

  clear(): void {
    this.queue.clear();
  }

  private remember(window: LogEvent) {
    this.windows.set(window.sessionId, window);
    if (window.lastSeq >= (this.uncovered.get(window.sessionId) ?? Infinity))
      this.uncovered.delete(window.sessionId);
  }

  /**
   * A note (a connection closed, a state) goes after the newest entry the page knows of. When the
   * entries before it were left out, a log window up to the last of them goes first, so the note
   * keeps its place: the session's last known window, extended to that entry.
   */
  private placeAfterDroppedEntries(event: EngineEvent) {
    const lastSeq = this.uncovered.get(event.sessionId);
    const known = this.windows.get(event.sessionId);
    if (lastSeq === undefined || !known) return;
    const window: LogEvent = { ...known, at: event.at, lastSeq };
    this.remember(window);
    this.queue.push(window);
  }

  private compact() {
    for (const event of netEffect(this.queue.take())) this.queue.push(event);
    // What is left is live state (open connections); compacting again before it doubles would
    // cost quadratic time for nothing.
    this.compactAt = Math.max(this.maxEvents, 2 * this.queue.count);
  }
}

/**
 * The events that leave a page in the same state as all of `events` would: each session's newest
 * `state`, `error`, `periodic` and `file-send` (the last two are statuses), no connection that both opened and closed within `events`, and only the log
 * windows that still place a note (plus each session's newest). Only the history in between is
 * lost (the notes of short-lived connections, older errors).
 */
export function netEffect(events: readonly EngineEvent[]): EngineEvent[] {
  const newest = new Map<string, number>();
  const opened = new Set<string>();
  const openedAndClosed = new Set<string>();
  events.forEach((event, index) => {
    if (isNewestOnly(event)) newest.set(sessionKey(event), index);
    else if (event.type === 'connection-opened') opened.add(connectionKey(event));
    else if (event.type === 'connection-closed' && opened.has(connectionKey(event)))
      openedAndClosed.add(connectionKey(event));
  });
  const kept = events.filter((event, index) => {
    if (isNewestOnly(event)) return newest.get(sessionKey(event)) === index;
    if (event.type === 'connection-opened' || event.type === 'connection-closed')
      return !openedAndClosed.has(connectionKey(event));
    return true;
  });
  return withoutIdleWindows(kept);
}

/** Drops each log window that is neither its session's newest nor followed by one of its notes. */
function withoutIdleWindows(events: readonly EngineEvent[]): EngineEvent[] {
  const windowSeen = new Set<string>();
  const noteAhead = new Set<string>();
  const kept: EngineEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    const session = event.sessionId;
    if (event.type === 'log') {
      if (windowSeen.has(session) && !noteAhead.has(session)) continue;
      windowSeen.add(session);
      noteAhead.delete(session);
    } else if (event.type !== 'counters' && event.type !== 'data') {
      noteAhead.add(session);
    }
    kept.push(event);
  }
  return kept.reverse();
}

function isNewestOnly(event: EngineEvent): boolean {
  return (
    event.type === 'state' ||
    event.type === 'error' ||
    event.type === 'periodic' ||
    event.type === 'file-send' ||
    event.type === 'multicast'
  );
}

function sessionKey(event: EngineEvent): string {
  return `${event.type}\u0000${event.sessionId}`;
}

function connectionKey(event: EngineEvent): string {
  const connectionId =
    event.type === 'connection-opened'
      ? event.connection.connectionId
      : event.type === 'connection-closed'
        ? event.connectionId
        : '';
  return `${event.sessionId}\u0000${connectionId}`;
}
