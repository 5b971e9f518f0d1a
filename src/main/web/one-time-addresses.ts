/**
 * The one-time addresses of browser mode's files: each waits for one request from the page (a
 * download's GET, an upload's POST). The first request to an address takes it; an address no
 * request comes to within the wait fails and is forgotten.
 */
import { randomBytes } from 'node:crypto';

/** An address just opened. */
export interface OpenAddress<Arrival> {
  /** The address's last part, after its path. */
  id: string;
  /** Settles once: with what the page's request brought, or why it never came. */
  arrived: Promise<Arrival>;
  /** Forgets the address (the file or send was stopped first): `arrived` says it was cancelled. */
  abandon(): void;
}

/** What `arrived` settles with when no request comes: in time, or at all. */
export interface NoArrival<Arrival> {
  timedOut: Arrival;
  cancelled: Arrival;
}

export class OneTimeAddresses<Waiting, Arrival> {
  private readonly waiting = new Map<string, { waiting: Waiting; cancel(): void }>();

  constructor(private readonly waitMs: number) {}

  /**
   * Opens an address. `waitingFor(arrive)` makes what `take` hands the page's request; it calls
   * `arrive` with what the request brought.
   */
  open(
    noArrival: NoArrival<Arrival>,
    waitingFor: (arrive: (arrival: Arrival) => void) => Waiting,
  ): OpenAddress<Arrival> {
    // Unguessable: the address is the only thing between a page on this host and the stream or
    // socket behind it.
    const id = randomBytes(18).toString('base64url');
    let settle!: (arrival: Arrival) => void;
    const arrived = new Promise<Arrival>((resolve) => (settle = resolve));
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      settle(noArrival.timedOut);
    }, this.waitMs);
    const forget = () => {
      clearTimeout(timer);
      this.waiting.delete(id);
    };
    const abandon = () => {
      forget();
      settle(noArrival.cancelled);
    };
    const arrive = (arrival: Arrival) => {
      forget();
      settle(arrival);
    };
    this.waiting.set(id, { waiting: waitingFor(arrive), cancel: abandon });
    return { id, arrived, abandon };
  }

  /** What waits at `id`, once: a second request to the same address finds nothing. */
  take(id: string): Waiting | undefined {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    return entry?.waiting;
  }

  /** Fails every address no request has come to yet (the host is stopping). */
  dispose() {
    for (const entry of [...this.waiting.values()]) entry.cancel();
  }
}
