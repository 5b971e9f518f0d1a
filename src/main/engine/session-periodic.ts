/**
 * A session's periodic send: the drift-free PeriodicSender plus what the user sees of it — its
 * status (running, how many were sent, how it ended) reported at the start, at most every
 * PROGRESS_INTERVAL_MS while it sends, and at the end.
 */
import type { Failure, PeriodicStatus } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { raceAbort } from './abort-race';
import { PROGRESS_INTERVAL_MS } from './constants';
import type { PeriodicClock, PeriodicPlan } from './periodic-sender';
import { PeriodicSender, realClock } from './periodic-sender';
import type { SendResult } from './transport';

export type PeriodicSend = () => Promise<SendResult>;

export class SessionPeriodic {
  private readonly sender: PeriodicSender;
  private current: PeriodicStatus;
  private failure?: Failure;
  /** Asked to stop: a failure that comes after (the socket closing) does not count. */
  private stopped = false;
  private readonly stopping = new AbortController();
  /** A send was left waiting for the peer at a stop. */
  private abandoned = false;
  private progressTimer?: ReturnType<typeof setTimeout>;
  /** Resolves with the final status once the run ended. */
  readonly ended: Promise<PeriodicStatus>;

  constructor(
    plan: PeriodicPlan,
    send: PeriodicSend,
    private readonly changed: (status: PeriodicStatus) => void,
    clock: PeriodicClock = realClock,
  ) {
    this.current = {
      running: true,
      intervalMs: plan.intervalMs,
      ...(plan.count !== undefined ? { count: plan.count } : {}),
      sent: 0,
    };
    this.changed(this.status());
    const sendOnce = async (): Promise<SendResult> => {
      // The sends due before a stop still go, unless one was left waiting for a peer that does
      // not read: more would only pile up in memory behind it.
      if (this.abandoned) return fail('CANCELLED', { what: 'send' });
      // A send waiting for a peer that stopped reading must not hold a stop: its bytes are in
      // the socket's buffer already (logged and counted, so it counts as sent).
      const result = await raceAbort(send(), this.stopping.signal, () => {
        this.abandoned = true;
        return { ok: true as const, bytes: 0, recipients: 0 };
      });
      // Overdue sends after a stop that fail (the session is closing) do not make it a failure.
      if (!result.ok && !this.stopped) this.failure ??= result;
      return result;
    };
    this.sender = new PeriodicSender(plan, sendOnce, (sent) => this.progress(sent), clock);
    this.ended = this.sender.done.then((end) => this.finish(end));
  }

  get running(): boolean {
    return this.current.running;
  }

  get sent(): number {
    return this.sender.sent;
  }

  status(): PeriodicStatus {
    return { ...this.current };
  }

  /** Stops after the send in flight, if any (ends as 'stopped'). Idempotent. */
  stop(): Promise<PeriodicStatus> {
    this.stopped = true;
    this.stopping.abort();
    this.sender.stop();
    return this.ended;
  }

  /** Ends the run as 'failed' with `failure` (the connection closed under it). */
  fail(failure: Failure): Promise<PeriodicStatus> {
    if (this.current.running && !this.stopped) this.failure ??= failure;
    this.stopping.abort();
    this.sender.stop();
    return this.ended;
  }

  private progress(sent: number) {
    this.current.sent = sent;
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      if (this.current.running) this.changed(this.status());
    }, PROGRESS_INTERVAL_MS);
  }

  private finish(end: 'finished' | 'stopped' | 'failed'): PeriodicStatus {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    const failure =
      end === 'finished' || (end === 'stopped' && this.stopped) ? undefined : this.failure;
    this.current = {
      ...this.current,
      running: false,
      sent: this.sender.sent,
      end: failure ? 'failed' : end === 'failed' ? 'stopped' : end,
      ...(failure
        ? { error: { code: failure.code, message: failure.message, params: failure.params } }
        : {}),
    };
    this.changed(this.status());
    return this.status();
  }
}
