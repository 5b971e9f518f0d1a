/**
 * Groups engine events into batches so a flood of small TCP reads costs one frame per interval
 * instead of one per read (after Hyper's DataBatcher, vercel/hyper app/session.ts). Within a
 * batch, only the newest `counters` and `log` event of each session is kept.
 */
import type { EngineEvent } from '../../shared/contract';
import { CoalescingEventQueue } from './event-queue';

export { estimateEventBytes } from './event-queue';

/** One batch per display frame at most: faster than this, the page cannot show it anyway. */
export const EVENT_BATCH_INTERVAL_MS = 16;
/** Estimated wire size at which a batch goes out at once, without waiting for the interval. */
export const EVENT_BATCH_MAX_BYTES = 256 * 1024;

export interface EventBatcherOptions {
  intervalMs?: number;
  maxBytes?: number;
}

export class EventBatcher {
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  private readonly batch = new CoalescingEventQueue();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly flush: (events: EngineEvent[]) => void,
    options: EventBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? EVENT_BATCH_INTERVAL_MS;
    this.maxBytes = options.maxBytes ?? EVENT_BATCH_MAX_BYTES;
  }

  /** Events waiting for the next flush. */
  get pendingEvents(): number {
    return this.batch.count;
  }

  /** Their estimated size on the wire (below `maxBytes` plus one event). */
  get pendingBytes(): number {
    return this.batch.bytes;
  }

  push(event: EngineEvent): void {
    if (this.disposed) return;
    this.batch.push(event);
    if (this.batch.bytes >= this.maxBytes) {
      this.flushNow();
    } else if (!this.timer) {
      this.timer = setTimeout(this.flushNow, this.intervalMs);
    }
  }

  /** Sends what is pending now (the host is closing, a command answers, or a test wants it). */
  readonly flushNow = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Taken before flushing: the flush may push again (re-entrancy), as in Hyper.
    const events = this.batch.take();
    if (events.length > 0) this.flush(events);
  };

  /** Drops what is pending without sending it. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batch.clear();
  }
}
