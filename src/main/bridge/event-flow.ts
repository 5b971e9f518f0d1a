/**
 * Credit-based flow control for one page (a browser tab's WebSocket, or the desktop window): each
 * batch carries a number, the page acknowledges the batches it has applied, and at most
 * `maxBatchesInFlight` go unacknowledged. A page out of credit gets nothing until it catches up;
 * meanwhile its events wait in a backlog without their data (see EventBacklog). So a slow page
 * costs the main process a bounded amount of memory and time, and the sockets never wait for it.
 */
import type { EngineEvent } from '../../shared/contract';
import { EventBacklog } from './event-backlog';

/** Enough to keep a page that keeps up busy while its acknowledgements travel back. */
export const MAX_BATCHES_IN_FLIGHT = 4;
/** How soon a page held back only by a full send buffer is looked at again. */
export const CONGESTION_RETRY_MS = 20;

export interface EventFlowOptions {
  /** `Infinity` turns flow control off (a page that cannot acknowledge). */
  maxBatchesInFlight?: number;
  maxBacklogEvents?: number;
  congestionRetryMs?: number;
}

/** Hands one numbered batch to the page. */
export type SendBatch = (batch: number, events: EngineEvent[]) => void;

export class EventFlow {
  private lastSent = 0;
  private lastAcknowledged = 0;
  private readonly backlog: EventBacklog;
  private readonly maxInFlight: number;
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
    this.retryMs = options.congestionRetryMs ?? CONGESTION_RETRY_MS;
    this.backlog = new EventBacklog(options.maxBacklogEvents);
  }

  get batchesInFlight(): number {
    return this.lastSent - this.lastAcknowledged;
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
    this.lastAcknowledged = Math.min(batch, this.lastSent);
    this.release();
  }

  /** A new page took over (a reload): what was sent to the old one will never be acknowledged. */
  restart(): void {
    this.lastAcknowledged = this.lastSent;
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

  private canSend() {
    return this.batchesInFlight < this.maxInFlight && !this.isCongested();
  }

  private release(force = false) {
    if (this.disposed || this.backlog.count === 0) return;
    if (force || this.canSend()) this.send(this.backlog.take());
    else this.retryWhenUncongested();
  }

  private send(events: EngineEvent[]) {
    this.lastSent += 1;
    this.sendBatch(this.lastSent, events);
  }

  /**
   * Credit comes back with an acknowledgement, which releases the backlog; a full send buffer
   * drains silently, so that case is polled, or the backlog's last `log` event could wait for
   * traffic that never comes.
   */
  private retryWhenUncongested() {
    if (this.retryTimer || this.backlog.count === 0 || this.batchesInFlight >= this.maxInFlight)
      return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.release();
    }, this.retryMs);
  }
}
