/**
 * A session's file send: `sendFile` over a chosen source, plus what the user sees of it — its
 * status reported at the start ('waiting' for an upload, else 'sending'), at most every
 * PROGRESS_INTERVAL_MS while it sends, and at the end (done, failed or cancelled).
 */
import type { Failure, FileSendStatus } from '../../shared/contract';
import { raceAbort } from './abort-race';
import { PROGRESS_INTERVAL_MS } from './constants';
import type { FileSendPlan } from './file-sender';
import { sendFile } from './file-sender';
import type { FileSource, SourceInput } from './file-source';
import type { SendResult } from './transport';

export type FileSendSend = (bytes: Uint8Array) => Promise<SendResult>;

export class SessionFileSend {
  private current: FileSendStatus;
  private readonly cancelling = new AbortController();
  /** Why it must end as failed rather than cancelled (the session closed under it). */
  private failure?: Failure;
  private input?: SourceInput;
  private progressTimer?: ReturnType<typeof setTimeout>;
  /** Resolves with the final status once the send ended. */
  readonly ended: Promise<FileSendStatus>;

  constructor(
    private readonly source: FileSource,
    private readonly plan: FileSendPlan,
    private readonly send: FileSendSend,
    private readonly changed: (status: FileSendStatus) => void,
  ) {
    const ready = 'ready' in source ? source.ready : undefined;
    this.current = {
      name: ready?.name ?? source.name,
      state: ready ? 'sending' : 'waiting',
      sent: 0,
      ...(ready?.total !== undefined ? { total: ready.total } : {}),
    };
    this.changed(this.status());
    this.ended = this.run();
  }

  get active(): boolean {
    return this.current.state === 'waiting' || this.current.state === 'sending';
  }

  status(): FileSendStatus {
    return { ...this.current };
  }

  /** Stops sending (what was sent stays sent). Idempotent. */
  cancel(): Promise<FileSendStatus> {
    if (!this.cancelling.signal.aborted) {
      this.cancelling.abort();
      if ('pending' in this.source) this.source.pending.abandon();
      // A source that stalls (an upload the browser paused) must not hold the cancel.
      this.input?.input.destroy();
    }
    return this.ended;
  }

  /** Ends the send as failed with `failure` (the session closed under it). */
  fail(failure: Failure): Promise<FileSendStatus> {
    if (this.active) this.failure ??= failure;
    return this.cancel();
  }

  private async run(): Promise<FileSendStatus> {
    const arrival =
      'ready' in this.source
        ? { ok: true as const, ...this.source.ready }
        : await this.source.pending.arrived;
    if (!arrival.ok) return this.finish(arrival);
    this.input = arrival;
    if (this.cancelling.signal.aborted) {
      arrival.input.destroy();
      return this.finish();
    }
    if (this.current.state === 'waiting') {
      this.current = {
        ...this.current,
        state: 'sending',
        ...(arrival.name !== undefined ? { name: arrival.name } : {}),
        ...(arrival.total !== undefined ? { total: arrival.total } : {}),
      };
      this.changed(this.status());
    }
    const result = await sendFile({
      source: arrival.input,
      name: this.current.name,
      // A write waiting for a peer that stopped reading must not hold a cancel: its bytes are
      // handed to the socket already, so they count as sent.
      send: (bytes) =>
        raceAbort(this.send(bytes), this.cancelling.signal, () => ({
          ok: true,
          bytes: bytes.length,
          recipients: 0,
        })),
      plan: this.plan,
      cancel: this.cancelling.signal,
      onProgress: (sent) => this.progress(sent),
    });
    if (!arrival.input.destroyed && !arrival.input.readableEnded) arrival.input.destroy();
    return this.finish(result.ok ? undefined : result);
  }

  private progress(sent: number) {
    this.current.sent = sent;
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      if (this.active) this.changed(this.status());
    }, PROGRESS_INTERVAL_MS);
  }

  /** `problem`: why it did not finish (absent: done, or cancelled before the bytes came). */
  private finish(problem?: Failure): FileSendStatus {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    const cancelled = this.cancelling.signal.aborted && !this.failure;
    const failure =
      this.failure ?? (cancelled || problem?.code === 'CANCELLED' ? undefined : problem);
    const state = failure ? 'failed' : cancelled ? 'cancelled' : 'done';
    this.current = {
      ...this.current,
      state,
      ...(failure
        ? { error: { code: failure.code, message: failure.message, params: failure.params } }
        : {}),
    };
    const status = this.status();
    this.changed(status);
    this.input?.ended?.(status);
    return status;
  }
}
