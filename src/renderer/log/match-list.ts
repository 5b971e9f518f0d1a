import type { Failure, Result } from '../../shared/contract';
import type { SeqSlice } from '../store/log-rows';
import { lowerBound } from '../store/log-rows';
import type { FindStep } from './log-search';

/** Seqs dropped from the front before the list is copied down to what is left. */
const COMPACT_AFTER = 4096;

/**
 * The seqs of the entries matching a filter, ascending, found so far. Appended to as the search
 * goes on and as new entries arrive; entries the engine evicted are dropped from the front. A
 * slice handed out stays valid: its seqs never change (a compaction copies into a new array).
 */
export class MatchList {
  private items: number[] = [];
  private start = 0;
  /** Where the search goes on from. */
  nextSeq: number;

  constructor(fromSeq: number) {
    this.nextSeq = fromSeq;
  }

  get count(): number {
    return this.items.length - this.start;
  }

  /** One findInLog step forward: its matches (in order) and where it stopped. */
  add(step: Pick<FindStep, 'seqs' | 'nextSeq'>): void {
    const last = this.items[this.items.length - 1] ?? -Infinity;
    for (const seq of step.seqs) if (seq > last) this.items.push(seq);
    this.nextSeq = Math.max(this.nextSeq, step.nextSeq);
  }

  /** The engine holds entries from `firstSeq` on. */
  dropBefore(firstSeq: number): void {
    this.start = lowerBound(this.slice(), firstSeq);
    if (this.start >= COMPACT_AFTER && this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  slice(): SeqSlice {
    return { items: this.items, start: this.start, end: this.items.length };
  }
}

/** findInLog forward from `fromSeq` with the filter already chosen. */
export type FindForward = (fromSeq: number) => Promise<Result<FindStep>>;

export interface CollectorUpdate {
  list: MatchList;
  /** The search has not reached the log's end yet. */
  searching: boolean;
  failure?: Failure;
}

/** Lets the page paint and take input between two engine calls. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Fills a MatchList with bounded findInLog steps, from the log's start to its end, then waits for
 * new entries (`more`) and goes on from where it stopped: a log of a million entries is never
 * loaded into the page, only the seqs that match. `stop` ends it at its next answer.
 */
export class MatchCollector {
  readonly list: MatchList;
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastSeq = 0;
  private firstSeq = 0;

  constructor(
    private readonly find: FindForward,
    private readonly onUpdate: (update: CollectorUpdate) => void,
    window: { firstSeq: number; lastSeq: number },
    private readonly pause: () => Promise<void> = breathe,
  ) {
    this.list = new MatchList(window.firstSeq);
    this.firstSeq = window.firstSeq;
    this.lastSeq = window.lastSeq;
  }

  /** The log now holds `firstSeq`..`lastSeq`. */
  more(window: { firstSeq: number; lastSeq: number }): void {
    this.lastSeq = Math.max(this.lastSeq, window.lastSeq);
    if (window.firstSeq > this.firstSeq) {
      // Evicted entries leave the list at once, even while the search waits for new ones.
      this.firstSeq = window.firstSeq;
      this.list.dropBefore(this.firstSeq);
    }
    if (this.list.nextSeq <= this.lastSeq) this.wakeUp();
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  async run(): Promise<void> {
    const { list } = this;
    while (!this.stopped) {
      if (list.nextSeq > this.lastSeq) {
        this.onUpdate({ list, searching: false });
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const answer = await this.find(list.nextSeq);
      if (this.stopped) return;
      if (!answer.ok) {
        this.onUpdate({ list, searching: false, failure: answer });
        return;
      }
      list.add(answer);
      list.dropBefore(this.firstSeq);
      if (!answer.done || list.nextSeq <= this.lastSeq) {
        this.onUpdate({ list, searching: true });
        await this.pause();
      }
    }
  }

  private wakeUp() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
