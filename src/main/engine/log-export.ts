import type { FileStatus } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ChunkFormat } from './chunk';
import { EXPORT_PAGE_BYTES, EXPORT_PAGE_ENTRIES, PROGRESS_INTERVAL_MS } from './constants';
import type { FileDestination } from './file-destination';
import { endFileStream, watchFileStream, whenStreamArrives } from './file-stream';
import type { LogMatcher } from './log-search';
import type { LogStore } from './log-store';

/**
 * The entries an export writes: `from`..`to`, inclusive (none when `to < from`), only those
 * `matches` accepts when it is given.
 */
export interface ExportRange {
  from: number;
  to: number;
  matches?: LogMatcher;
}

type ExportState = FileStatus['state'];

/** Resolves once `output` can take more (or is gone: the write loop then sees the failure). */
function drained(output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done);
      output.off('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One export of a session's log: reads the range page by page (EXPORT_PAGE_ENTRIES), writes each
 * page through `format` and waits whenever the stream is behind, so a slow disk or download holds
 * no more than a page in memory and the sockets are read between pages.
 *
 * Progress counts entries looked at: `entries.total` is the range's size and `done` goes up by
 * every entry read, written or not (with a filter, how many will match is known only at the
 * end). Entries the log evicts before the export reaches them (a flood into a full log) are
 * skipped: `done` then stays below `total` when it stops.
 *
 * waiting (the download not fetched yet) → writing → stopped (every entry written) or failed.
 */
export class LogExport {
  private state: ExportState = 'waiting';
  private bytes = 0;
  private done = 0;
  private readonly total: number;
  private error?: FileStatus['error'];
  private output?: Writable;
  private statusTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly log: LogStore,
    private readonly range: ExportRange,
    private readonly header: string,
    private readonly format: ChunkFormat,
    private readonly destination: FileDestination,
    private readonly changed: (status: FileStatus) => void,
  ) {
    this.total = Math.max(0, range.to - range.from + 1);
    if ('output' in destination) this.begin(destination.output);
    else {
      whenStreamArrives(destination.pending.arrived, {
        waiting: () => this.state === 'waiting',
        start: (output) => {
          this.begin(output);
          this.report();
        },
        failed: (failure) => this.settleFailed(failure),
      });
    }
    this.report();
  }

  get active(): boolean {
    return this.state === 'waiting' || this.state === 'writing';
  }

  status(): FileStatus {
    return {
      kind: 'export',
      name: this.destination.name,
      state: this.state,
      bytes: this.bytes,
      entries: { done: this.done, total: this.total },
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Abandons the export (the session is going away); what was written stays. */
  cancel() {
    if (this.state === 'waiting' && 'pending' in this.destination) {
      this.destination.pending.abandon();
    }
    this.settleFailed(fail('CANCELLED', { what: 'export' }));
  }

  /**
   * The user stopped the export: it fails with CANCELLED ('export-stopped'). A file on disk is
   * deleted (a partial export looks whole to whoever opens it later); a download's response is
   * destroyed, so the browser marks it failed instead of saving a file that ends early. Resolves
   * once the file is gone and the status says so. Idempotent.
   */
  async stop(): Promise<void> {
    if (!this.active) return;
    if (this.state === 'waiting' && 'pending' in this.destination) {
      this.destination.pending.abandon();
    }
    const output = this.output;
    const { code, message, params } = fail('CANCELLED', { what: 'export-stopped' });
    this.error = { code, message, params };
    this.state = 'failed';
    if (output) {
      output.destroy();
      if (output instanceof WriteStream) {
        if (!output.closed)
          await new Promise<void>((resolve) => output.once('close', () => resolve()));
        // Nothing to delete when it is already gone; nothing better to do when it cannot be.
        await rm(output.path, { force: true }).catch(() => undefined);
      }
    }
    this.report();
  }

  private begin(output: Writable) {
    this.output = output;
    this.state = 'writing';
    watchFileStream(output, (errno) => this.failWith(errno));
    void this.write(output);
  }

  private async write(output: Writable) {
    if (this.header) this.put(output, this.header);
    let seq = this.range.from;
    while (seq <= this.range.to && this.state === 'writing') {
      const { firstSeq } = this.log.window;
      if (seq < firstSeq) seq = Math.min(firstSeq, this.range.to + 1);
      const parts: (string | Uint8Array)[] = [];
      let pageBytes = 0;
      const end = Math.min(this.range.to, seq + EXPORT_PAGE_ENTRIES - 1);
      const { matches } = this.range;
      for (; seq <= end && pageBytes < EXPORT_PAGE_BYTES; seq++) {
        const entry = this.log.peek(seq)!;
        pageBytes += entry.bytes.length;
        this.done += 1;
        if (matches && !matches(entry)) continue;
        const data = this.format(entry);
        if (data !== undefined) parts.push(data);
      }
      const ready = parts.length > 0 ? this.put(output, this.join(parts)) : true;
      if (!ready) await drained(output);
      // Always a turn of the event loop too: a fast reader's 'drain' can come from a nextTick,
      // and a loop of those alone would starve the sockets, the host and cancelExport.
      await nextTurn();
      this.reportSoon();
    }
    if (this.state === 'writing') await this.finish(output);
  }

  /**
   * One write per page. Raw bytes are copied here: the entries are views of the log's arenas,
   * which the log may re-use while the write waits in the stream's buffer.
   */
  private join(parts: (string | Uint8Array)[]): string | Buffer {
    return typeof parts[0] === 'string' ? parts.join('') : Buffer.concat(parts as Uint8Array[]);
  }

  private put(output: Writable, data: string | Buffer): boolean {
    this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    return output.write(data);
  }

  private async finish(output: Writable) {
    const closed = await endFileStream(output);
    if (!closed) this.failWith('ETIMEDOUT');
    if (this.state === 'writing') {
      this.state = 'stopped';
      this.report();
    }
  }

  private failWith(errno: string) {
    if (this.state !== 'writing') return;
    this.settleFailed(fail('FILE_ERROR', { path: this.destination.name, errno }));
  }

  private settleFailed({ code, message, params }: ReturnType<typeof fail>) {
    if (!this.active) return;
    this.error = { code, message, params };
    this.state = 'failed';
    this.output?.destroy();
    this.report();
  }

  private reportSoon() {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      this.report();
    }, PROGRESS_INTERVAL_MS);
  }

  private report() {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.changed(this.status());
  }
}
