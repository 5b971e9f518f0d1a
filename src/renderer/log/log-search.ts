import type { Failure, Result } from '../../shared/contract';

/** One bounded findInLog call's answer: matches in search order, and where to go on from. */
export interface FindStep {
  seqs: number[];
  nextSeq: number;
  done: boolean;
}

/** findInLog with the filter already chosen: from `fromSeq`, forward or backward. */
export type FindFrom = (fromSeq: number, backward: boolean) => Promise<Result<FindStep>>;

export type SearchOutcome =
  | { kind: 'match'; seq: number }
  /** The log's end (or start) was reached without another match. */
  | { kind: 'none' }
  /** A newer search (or a reset) took over. */
  | { kind: 'cancelled' }
  | { kind: 'failed'; failure: Failure };

/** Lets the page paint and take input between two engine calls of a long search. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Next / Previous match in a log of any size. Each findInLog call looks at a bounded number of
 * entries, so a search over a million entries is many short calls with a pause between them; a
 * new search (or a reset) ends the old one at its next answer. The matches of the last answer
 * are kept, so moving on within them asks the engine nothing.
 */
export class LogSearch {
  /** The match shown, where the next search starts from. */
  current: number | undefined;
  private generation = 0;
  private batch: { backward: boolean; seqs: readonly number[] } | undefined;

  constructor(
    private readonly find: FindFrom,
    private readonly pause: () => Promise<void> = breathe,
  ) {}

  /** The filter changed or the log was cleared: the next search starts from the view again. */
  reset(): void {
    this.generation++;
    this.batch = undefined;
    this.current = undefined;
  }

  /** Ends a running search; the match shown stays the start of the next one. */
  cancel(): void {
    this.generation++;
  }

  /**
   * The next match after the current one (`backward`: before it), or from `viewSeq` (the entry
   * at the top of the view, included) when there is none yet.
   */
  async step(backward: boolean, viewSeq: number): Promise<SearchOutcome> {
    const generation = ++this.generation;
    const known = this.fromBatch(backward);
    if (known !== undefined) return this.found(known);
    let fromSeq = this.current === undefined ? viewSeq : this.current + (backward ? -1 : 1);
    for (;;) {
      const answer = await this.find(fromSeq, backward);
      if (generation !== this.generation) return { kind: 'cancelled' };
      if (!answer.ok) return { kind: 'failed', failure: answer };
      if (answer.seqs.length > 0) {
        this.batch = { backward, seqs: answer.seqs };
        return this.found(answer.seqs[0]!);
      }
      if (answer.done) return { kind: 'none' };
      fromSeq = answer.nextSeq;
      await this.pause();
      if (generation !== this.generation) return { kind: 'cancelled' };
    }
  }

  private found(seq: number): SearchOutcome {
    this.current = seq;
    return { kind: 'match', seq };
  }

  /** The match after the current one in the last answer, if it went the same way. */
  private fromBatch(backward: boolean): number | undefined {
    const { batch, current } = this;
    if (!batch || batch.backward !== backward || current === undefined) return undefined;
    const index = batch.seqs.indexOf(current);
    return index < 0 ? undefined : batch.seqs[index + 1];
  }
}
