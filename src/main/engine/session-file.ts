import type { FileKind, FileStatus } from '../../shared/contract';
import { fail } from '../../shared/errors';
import type { Writable } from 'node:stream';
import type { Chunk, ChunkFormat } from './chunk';
import type { FileDestination } from './file-destination';
import { endFileStream, watchFileStream, whenStreamArrives } from './file-stream';

/** How often a growing file reports its size (at most). */
export const FILE_STATUS_INTERVAL_MS = 100;

type FileState = FileStatus['state'];

export interface SessionFileOwner {
  /** The file started, grew, stopped or failed. */
  changed(status: FileStatus): void;
  /**
   * The file's stream is behind (`true`: stop reading TCP sockets, so TCP's flow control slows
   * the sender and nothing is lost or piles up in memory) or caught up (`false`).
   */
  behind(kind: FileKind, behind: boolean): void;
}

/**
 * One file a session writes while it runs (receive to file, log to file): each chunk goes
 * through the kind's format to the destination's stream. Owns that stream and its timer.
 *
 * waiting (the browser has not fetched the download yet: chunks are not kept) → writing →
 * stopped (stopFile, the session disposed) or failed (a disk error, the download aborted).
 */
export class SessionFile {
  private state: FileState = 'waiting';
  private bytes = 0;
  private error?: FileStatus['error'];
  private output?: Writable;
  private isBehind = false;
  private statusTimer?: ReturnType<typeof setTimeout>;
  private stopping?: Promise<number>;

  constructor(
    readonly kind: FileKind,
    private readonly destination: FileDestination,
    private readonly format: ChunkFormat,
    readonly connectionId: string | undefined,
    private readonly owner: SessionFileOwner,
  ) {
    if ('output' in destination) this.begin(destination.output);
    else {
      whenStreamArrives(destination.pending.arrived, {
        waiting: () => this.state === 'waiting' && !this.stopping,
        start: (output) => {
          this.begin(output);
          this.report();
        },
        failed: ({ code, message, params }) => {
          this.error = { code, message, params };
          this.settle('failed');
        },
      });
    }
    this.report();
  }

  get active(): boolean {
    return this.state === 'waiting' || this.state === 'writing';
  }

  status(): FileStatus {
    return {
      kind: this.kind,
      name: this.destination.name,
      state: this.state,
      bytes: this.bytes,
      ...(this.connectionId !== undefined ? { connectionId: this.connectionId } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Writes what this file's format makes of `chunk`, if it is writing. */
  offer(chunk: Chunk) {
    const output = this.output;
    if (this.state !== 'writing' || !output || this.stopping) return;
    const data = this.format(chunk);
    if (data === undefined) return;
    this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (!output.write(data)) this.setBehind(true);
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      this.report();
    }, FILE_STATUS_INTERVAL_MS);
  }

  /** Flushes and closes the file; resolves with its size once it is closed. Idempotent. */
  stop(): Promise<number> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<number> {
    if (this.state === 'waiting') {
      if ('pending' in this.destination) this.destination.pending.abandon();
      this.settle('stopped');
    } else if (this.state === 'writing' && this.output) {
      const output = this.output;
      this.setBehind(false);
      const closed = await endFileStream(output);
      if (!closed) this.fail('ETIMEDOUT');
      if (this.state === 'writing') this.settle('stopped');
    }
    return this.bytes;
  }

  private begin(output: Writable) {
    this.output = output;
    this.state = 'writing';
    output.on('drain', this.onDrain);
    watchFileStream(output, (errno) => this.fail(errno));
  }

  private readonly onDrain = () => this.setBehind(false);

  /** The file is incomplete: the user must hear of it, and the session goes on without it. */
  private fail(errno: string) {
    if (this.state !== 'writing') return;
    const { code, message, params } = fail('FILE_ERROR', { path: this.destination.name, errno });
    this.error = { code, message, params };
    this.output?.destroy();
    this.settle('failed');
  }

  private settle(state: 'stopped' | 'failed') {
    this.state = state;
    this.setBehind(false);
    this.output?.off('drain', this.onDrain);
    this.report();
  }

  private setBehind(behind: boolean) {
    if (this.isBehind === behind) return;
    this.isBehind = behind;
    this.owner.behind(this.kind, behind);
  }

  private report() {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.owner.changed(this.status());
  }
}
