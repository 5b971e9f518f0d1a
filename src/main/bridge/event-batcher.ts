/**
 * Groups engine events into batches so a flood of small TCP reads costs one frame per interval
 * instead of one per read (after Hyper's DataBatcher, vercel/hyper app/session.ts).
 */
import type { CountersEvent, EngineEvent } from '../../shared/contract';

/** One batch per display frame at most: faster than this, the page cannot show it anyway. */
export const EVENT_BATCH_INTERVAL_MS = 16;
/** Estimated wire size at which a batch goes out at once, without waiting for the interval. */
export const EVENT_BATCH_MAX_BYTES = 256 * 1024;
/** Rough JSON size of an event's fields besides its bytes. */
const EVENT_OVERHEAD_BYTES = 160;

export interface EventBatcherOptions {
  intervalMs?: number;
  maxBytes?: number;
}

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

export class EventBatcher {
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  /** A slot is emptied when a newer `counters` event of the same session replaces it. */
  private batch: (EngineEvent | undefined)[] = [];
  private batchBytes = 0;
  /** Where each session's pending `counters` event sits in `batch`. */
  private countersSlot = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly flush: (events: EngineEvent[]) => void,
    options: EventBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? EVENT_BATCH_INTERVAL_MS;
    this.maxBytes = options.maxBytes ?? EVENT_BATCH_MAX_BYTES;
  }

  push(event: EngineEvent): void {
    if (this.disposed) return;
    if (event.type === 'counters') this.dropOlderCounters(event);
    this.batch.push(event);
    this.batchBytes += estimateEventBytes(event);
    if (this.batchBytes >= this.maxBytes) {
      this.flushNow();
    } else if (!this.timer) {
      this.timer = setTimeout(this.flushNow, this.intervalMs);
    }
  }

  /** Sends what is pending now (the host is closing, or a test wants it). */
  readonly flushNow = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.batch.filter((event): event is EngineEvent => event !== undefined);
    // Reset before flushing: the flush may push again (re-entrancy), as in Hyper.
    this.batch = [];
    this.batchBytes = 0;
    this.countersSlot.clear();
    if (events.length > 0) this.flush(events);
  };

  /** Drops what is pending without sending it. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batch = [];
    this.countersSlot.clear();
  }

  /**
   * Counters are totals, so only the newest per session matters; it moves to the end of the
   * batch so it never claims bytes whose `data` event comes after it.
   */
  private dropOlderCounters(event: CountersEvent) {
    const older = this.countersSlot.get(event.sessionId);
    if (older !== undefined) {
      const dropped = this.batch[older];
      if (dropped) this.batchBytes -= estimateEventBytes(dropped);
      this.batch[older] = undefined;
    }
    this.countersSlot.set(event.sessionId, this.batch.length);
  }
}
