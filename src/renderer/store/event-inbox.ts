import type { DataEvent, EngineEvent } from '../../shared/contract';

/** Runs `callback` once, soon; returns a canceller. */
export type Schedule = (callback: () => void) => () => void;

/** rAF waits while the page is hidden; the state still moves on, more slowly. */
const HIDDEN_PAGE_FLUSH_MS = 250;

/**
 * The next animation frame (or a timer when there are no frames: a hidden page, Node in tests):
 * however many event batches arrive in between, the page re-renders once per frame.
 */
export const nextFrame: Schedule = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  const timer = setTimeout(run, HIDDEN_PAGE_FLUSH_MS);
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : 0;
  return () => {
    done = true;
    clearTimeout(timer);
    if (frame) cancelAnimationFrame(frame);
  };
};

/**
 * Engine events waiting for the next frame, kept small: of a run of data events only the newest
 * (and the newest received one, for "reply to last sender") still says anything to the reducer,
 * since their bytes already went to the log cache; of log windows, the newest of a run; of
 * counters, the newest per session. Everything else stays, in order.
 */
export class EventInbox {
  private pending: (EngineEvent | undefined)[] = [];
  /** `${sessionId}|kind` → index in `pending` of the event that a newer one replaces. */
  private readonly slots = new Map<string, number>();

  get empty() {
    return this.pending.length === 0;
  }

  add(events: readonly EngineEvent[]) {
    for (const event of events) {
      const session = event.sessionId;
      switch (event.type) {
        case 'data':
          this.addData(event);
          break;
        case 'counters':
        case 'log':
        case 'periodic':
        case 'file-send':
        case 'multicast':
          this.replace(`${session}|${event.type}`, event);
          break;
        case 'file':
          // Progress of a file: only its newest state matters, and it is no note in the log.
          this.replace(`${session}|file|${event.file.kind}`, event);
          break;
        default:
          // Notes are placed after the newest entry before them (a data event, or the log window
          // the bridge sends instead of the ones it dropped): those stay before this event.
          this.slots.delete(`${session}|data`);
          this.slots.delete(`${session}|rx`);
          this.slots.delete(`${session}|log`);
          this.pending.push(event);
      }
    }
  }

  /** The events to apply now, in order; the inbox is empty after. */
  take(): EngineEvent[] {
    const events = this.pending.filter((event): event is EngineEvent => event !== undefined);
    this.pending = [];
    this.slots.clear();
    return events;
  }

  private addData(event: DataEvent) {
    const dataKey = `${event.sessionId}|data`;
    const rxKey = `${event.sessionId}|rx`;
    const data = this.slots.get(dataKey);
    const rx = this.slots.get(rxKey);
    const index = this.pending.push(event) - 1;
    // The older newest-data event goes, unless it is also the newest received one and this one
    // is not received.
    if (data !== undefined && (data !== rx || event.direction === 'rx')) {
      this.pending[data] = undefined;
    }
    this.slots.set(dataKey, index);
    if (event.direction === 'rx') {
      if (rx !== undefined) this.pending[rx] = undefined;
      this.slots.set(rxKey, index);
    }
  }

  private replace(slot: string, event: EngineEvent) {
    const older = this.slots.get(slot);
    if (older !== undefined) this.pending[older] = undefined;
    this.slots.set(slot, this.pending.push(event) - 1);
  }
}
