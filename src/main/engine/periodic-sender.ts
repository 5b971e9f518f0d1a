/**
 * Periodic send: the n-th send is due at start + n × interval, so a late timer or a slow send
 * (backpressure) never pushes the later ones back. Sends never overlap: a send that is due while
 * the previous one is still in flight goes right after it. A stop ends the run at that moment of
 * the schedule: the sends due before it still go (late, after a stall), none due after it.
 */
import { sleep } from './sleep';

/**
 * How far behind the schedule a run catches up. Sends missed by more (the computer slept, the
 * process was suspended) are skipped: an hour asleep at 1 ms would otherwise wake to 3.6 million
 * sends at once.
 */
export const MAX_CATCH_UP_MS = 1000;

export interface PeriodicPlan {
  intervalMs: number;
  /** How many sends in all; absent: until stopped. */
  count?: number;
}

/** Whether a send went out; a failed send stops the run (the connection is gone, say). */
export type SendOnce = () => Promise<{ ok: boolean }>;

export interface PeriodicClock {
  now(): number;
  /** Resolves after `ms` (or at once for ms ≤ 0); `cancel` makes it resolve early. */
  sleep(ms: number, cancel: AbortSignal): Promise<void>;
}

export const realClock: PeriodicClock = { now: () => performance.now(), sleep };

export type PeriodicEnd = 'finished' | 'stopped' | 'failed';

export class PeriodicSender {
  private readonly stopping = new AbortController();
  private sentCount = 0;
  /** When stop() was called: sends due up to then still go out. */
  private stopAt?: number;
  readonly done: Promise<PeriodicEnd>;

  constructor(
    private readonly plan: PeriodicPlan,
    private readonly sendOnce: SendOnce,
    private readonly onSent: (sent: number) => void = () => {},
    private readonly clock: PeriodicClock = realClock,
  ) {
    this.done = this.run();
  }

  get sent() {
    return this.sentCount;
  }

  stop() {
    this.stopAt ??= this.clock.now();
    this.stopping.abort();
  }

  private async run(): Promise<PeriodicEnd> {
    const { intervalMs, count = Infinity } = this.plan;
    const start = this.clock.now();
    for (let n = 0; n < count; n++) {
      const behind = this.clock.now() - (start + n * intervalMs);
      if (behind > MAX_CATCH_UP_MS) n += Math.floor((behind - MAX_CATCH_UP_MS) / intervalMs) + 1;
      if (n >= count) break;
      const due = start + n * intervalMs;
      if (this.stopAt !== undefined && due > this.stopAt) return 'stopped';
      await this.clock.sleep(due - this.clock.now(), this.stopping.signal);
      // So the count at a stop is what the schedule says, however late single timers fired.
      if (this.stopAt !== undefined && due > this.stopAt) return 'stopped';
      const result = await this.sendOnce();
      if (!result.ok) return 'failed';
      this.sentCount += 1;
      this.onSent(this.sentCount);
    }
    return 'finished';
  }
}
