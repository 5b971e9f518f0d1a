/**
 * Engine events waiting to cross to a page, in emission order, where a session's `counters` and
 * `log` events are totals: only the newest of each is kept. Shared by the batcher (one batch) and
 * a page's backlog (what a page that fell behind has not had yet).
 *
 * A `log` event also places what follows it among the entries (a note such as "client
 * disconnected" goes after the newest entry the page knows of), so a session's events other than
 * data and totals end the coalescing of its log windows: the window before a note stays there.
 */
import type { EngineEvent } from '../../shared/contract';

/** Rough JSON size of an event's fields besides its bytes. */
const EVENT_OVERHEAD_BYTES = 160;

/** What an event will roughly cost on the wire: its bytes travel as base64 (4 chars per 3). */
export function estimateEventBytes(event: EngineEvent): number {
  switch (event.type) {
    case 'data':
      return EVENT_OVERHEAD_BYTES + Math.ceil(event.bytes.length / 3) * 4;
    case 'counters':
      return EVENT_OVERHEAD_BYTES * (1 + Object.keys(event.connections).length);
    default:
      return EVENT_OVERHEAD_BYTES;
  }
}

/** Events of these types are totals (counters) or a window (log): a newer one says it all. */
function totalKey(event: EngineEvent): string | undefined {
  return event.type === 'counters' || event.type === 'log'
    ? `${event.type}\u0000${event.sessionId}`
    : undefined;
}

export class CoalescingEventQueue {
  /** A slot is emptied when a newer total of the same session replaces its event. */
  private slots: (EngineEvent | undefined)[] = [];
  /** Where each session's pending `counters` and `log` events sit in `slots`. */
  private readonly totalSlots = new Map<string, number>();
  private events = 0;
  private wireBytes = 0;

  /** Events waiting (replaced totals not counted). */
  get count(): number {
    return this.events;
  }

  /** Their estimated size on the wire. */
  get bytes(): number {
    return this.wireBytes;
  }

  /**
   * A total replaces the older one of its session and moves to the end, so it never claims bytes
   * whose `data` event comes after it.
   */
  push(event: EngineEvent): void {
    const key = totalKey(event);
    if (key === undefined) {
      // A data event places itself (its seq); any other event is placed by the window before it.
      if (event.type !== 'data') this.totalSlots.delete(`log\u0000${event.sessionId}`);
    } else {
      const older = this.totalSlots.get(key);
      const replaced = older === undefined ? undefined : this.slots[older];
      if (older !== undefined && replaced) {
        this.slots[older] = undefined;
        this.events -= 1;
        this.wireBytes -= estimateEventBytes(replaced);
      }
      this.totalSlots.set(key, this.slots.length);
    }
    this.slots.push(event);
    this.events += 1;
    this.wireBytes += estimateEventBytes(event);
  }

  /** Everything waiting, in order; the queue is empty afterwards. */
  take(): EngineEvent[] {
    const events = this.slots.filter((event): event is EngineEvent => event !== undefined);
    this.clear();
    return events;
  }

  clear(): void {
    this.slots = [];
    this.totalSlots.clear();
    this.events = 0;
    this.wireBytes = 0;
  }
}
