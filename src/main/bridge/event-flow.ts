/**
 * Credit-based flow control for one page (a browser tab's WebSocket, or the desktop window): each
 * batch carries a number, the page acknowledges the batches it has applied, and only so much goes
 * unacknowledged. A page out of credit gets nothing until it catches up; meanwhile its events wait
 * in a backlog without their data (see EventBacklog). So a slow page costs the main process a
 * bounded amount of memory and time, and the sockets never wait for it.
 */
import type { EngineEvent } from '../../shared/contract';
import { EventBacklog } from './event-backlog';
import { estimateEventBytes } from './event-queue';

/**
 * Unacknowledged batches at most. At a modest rate batches are small (one per 16 ms), so this is
 * how long a page may stall (a GC pause, a long frame) before it misses data: about 250 ms.
 */
export const MAX_BATCHES_IN_FLIGHT = 16;
/**
 * Unacknowledged bytes at most (estimated, as on the wire): four full batches. Under a flood this
 * is the limit, and it is what a page that keeps up costs per round trip. More only takes CPU from
 * the sockets on a small machine: measured on 2 cores, 4 MiB in flight cut a 5 s flood to less
 * than half its rate (and the page still could not keep up).
 */
export const MAX_BYTES_IN_FLIGHT = 1024 * 1024;
/** How soon a page held back only by a full send buffer is looked at again. */
export const CONGESTION_RETRY_MS = 20;

export interface EventFlowOptions {
  /** `Infinity` turns flow control off (a page that cannot acknowledge). */
  maxBatchesInFlight?: number;
  maxBytesInFlight?: number;
  maxBacklogEvents?: number;
  congestionRetryMs?: number;
}

/** Hands one numbered batch to the page. */
export type SendBatch = (batch: number, events: EngineEvent[]) => void;

export class EventFlow {
  private lastSent = 0;
  private lastAcknowledged = 0;
  /** Estimated size of each unacknowledged batch, oldest first (batch lastAcknowledged + 1…). */
  private inFlightSizes: number[] = [];
  private inFlightBytes = 0;
  private readonly backlog: EventBacklog;
  private readonly maxInFlight: number;
  private readonly maxBytesInFlight: number;
  private readonly retryMs: number;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  /** `isCongested`: the transport's own buffer is full (a WebSocket's `bufferedAmount`). */
  constructor(
    private readonly sendBatch: SendBatch,
    private readonly isCongested: () => boolean = () => false,
    options: EventFlowOptions = {},
  ) {
    this.maxInFlight = options.maxBatchesInFlight ?? MAX_BATCHES_IN_FLIGHT;
    this.maxBytesInFlight =
      this.maxInFlight === Infinity ? Infinity : (options.maxBytesInFlight ?? MAX_BYTES_IN_FLIGHT);
    this.retryMs = options.congestionRetryMs ?? CONGESTION_RETRY_MS;
    this.backlog = new EventBacklog(options.maxBacklogEvents);
  }

  get batchesInFlight(): number {
    return this.lastSent - this.lastAcknowledged;
  }

  /** Estimated size of what the page has not acknowledged yet. */
  get bytesInFlight(): number {
    return this.inFlightBytes;
  }

  /** Events held back for the page (never its data). */
  get pendingEvents(): number {
    return this.backlog.count;
  }

  get pendingBytes(): number {
    return this.backlog.bytes;
  }

  /** Data events the page did not get because it was behind (their entries are in the log). */
  get droppedDataEvents(): number {
    return this.backlog.droppedDataEvents;
  }

  /** A batch from the batcher: to the page now, or into the backlog. */
  offer(events: EngineEvent[]): void {
    if (this.disposed) return;
    this.release();
    if (this.backlog.count === 0 && this.canSend()) {
      this.send(events);
    } else {
      this.backlog.add(events);
      this.retryWhenUncongested();
    }
  }

  /** The page has applied every batch up to `batch`. Anything else is ignored. */
  acknowledge(batch: number): void {
    if (!Number.isSafeInteger(batch) || batch <= this.lastAcknowledged) return;
    this.settle(Math.min(batch, this.lastSent));
    this.release();
  }

  /** A new page took over (a reload): what was sent to the old one will never be acknowledged. */
  restart(): void {
    this.settle(this.lastSent);
    this.release();
  }

  /** Sends the backlog even without credit: a command's answer must not overtake it. */
  flushBacklog(): void {
    this.release(true);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backlog.clear();
  }

  private hasCredit() {
    return this.batchesInFlight < this.maxInFlight && this.inFlightBytes < this.maxBytesInFlight;
  }

  private canSend() {
    return this.hasCredit() && !this.isCongested();
  }

  private settle(acknowledged: number) {
    const settled = this.inFlightSizes.splice(0, acknowledged - this.lastAcknowledged);
    for (const size of settled) this.inFlightBytes -= size;
    this.lastAcknowledged = acknowledged;
  }

  private release(force = false) {
    if (this.disposed || this.backlog.count === 0) return;
    if (force || this.canSend()) this.send(this.backlog.take());
    else this.retryWhenUncongested();
  }

  private send(events: EngineEvent[]) {
    this.lastSent += 1;
    this.backlog.sent(events);
    if (this.maxBytesInFlight !== Infinity) {
      let size = 0;
      for (const event of events) size += estimateEventBytes(event);
      this.inFlightSizes.push(size);
      this.inFlightBytes += size;
    }
    this.sendBatch(this.lastSent, events);
  }

  /**
   * Credit comes back with an acknowledgement, which releases the backlog; a full send buffer
   * drains silently, so that case is polled, or the backlog's last `log` event could wait for
   * traffic that never comes.
   */
  private retryWhenUncongested() {
    if (this.retryTimer || this.backlog.count === 0 || !this.hasCredit()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.release();
    }, this.retryMs);
  }
}
