import type { CloseReason, ReconnectStatus } from '../../shared/contract';

/**
 * Auto reconnect of a TCP client session: once a connection or an attempt ends for any reason but
 * the user's, the next attempt starts after the interval, until one connects or the user closes.
 * A lesson server that handles one client and exits, or a device that reboots, is then met again
 * as soon as it is back.
 */
export class Reconnector {
  private timer?: ReturnType<typeof setTimeout>;
  private nextAt?: number;
  private failed = 0;
  private reason?: CloseReason;

  constructor(
    private readonly intervalMs: number,
    private readonly attempt: () => void,
  ) {}

  /** Between connections: waiting for the next attempt, or one under way. */
  get status(): ReconnectStatus | undefined {
    if (this.reason === undefined) return undefined;
    return {
      failed: this.failed,
      reason: this.reason,
      ...(this.nextAt === undefined ? {} : { nextAt: this.nextAt }),
    };
  }

  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** A connection (`wasConnected`) or an attempt ended: the next attempt is scheduled. */
  ended(reason: CloseReason, wasConnected: boolean): ReconnectStatus {
    this.failed = wasConnected ? 0 : this.failed + 1;
    this.reason = reason;
    this.nextAt = Date.now() + this.intervalMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt = undefined;
      this.attempt();
    }, this.intervalMs);
    return this.status!;
  }

  connected() {
    this.failed = 0;
    this.reason = undefined;
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
    this.reason = undefined;
    this.failed = 0;
  }
}
