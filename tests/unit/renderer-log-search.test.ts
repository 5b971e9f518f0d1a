/** Next / Previous match over bounded findInLog steps. */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/contract';
import { LogSearch } from '../../src/renderer/log/log-search';
import type { FindStep } from '../../src/renderer/log/log-search';

/**
 * findInLog over entries 1..last where `matches` match: looks at `scan` entries per call and
 * answers at most `maxMatches`, as the engine does.
 */
function fakeFind(last: number, matches: readonly number[], scan = 100, maxMatches = 3) {
  const calls: Array<{ fromSeq: number; backward: boolean }> = [];
  const find = (fromSeq: number, backward: boolean): Promise<Result<FindStep>> => {
    calls.push({ fromSeq, backward });
    const seqs: number[] = [];
    let seq = fromSeq;
    let looked = 0;
    while (seq >= 1 && seq <= last && looked < scan && seqs.length < maxMatches) {
      if (matches.includes(seq)) seqs.push(seq);
      seq += backward ? -1 : 1;
      looked++;
    }
    const done = seq < 1 || seq > last;
    return Promise.resolve({ ok: true, seqs, nextSeq: seq, done });
  };
  return { find, calls };
}

const noPause = () => Promise.resolve();

describe('LogSearch', () => {
  it('finds the first match from the top of the view, going on past empty steps', async () => {
    const { find, calls } = fakeFind(5000, [4321, 4500]);
    const search = new LogSearch(find, noPause);
    expect(await search.step(false, 10)).toEqual({ kind: 'match', seq: 4321 });
    expect(calls[0]).toEqual({ fromSeq: 10, backward: false });
    expect(calls.length).toBeGreaterThan(40);
  });

  it('Next and Previous move between matches from the last one', async () => {
    const { find } = fakeFind(1000, [100, 200, 300, 400, 500], 1000, 100);
    const search = new LogSearch(find, noPause);
    expect(await search.step(false, 1)).toEqual({ kind: 'match', seq: 100 });
    expect(await search.step(false, 1)).toEqual({ kind: 'match', seq: 200 });
    expect(await search.step(false, 1)).toEqual({ kind: 'match', seq: 300 });
    expect(await search.step(true, 1)).toEqual({ kind: 'match', seq: 200 });
    expect(await search.step(true, 1)).toEqual({ kind: 'match', seq: 100 });
    expect(await search.step(true, 1)).toEqual({ kind: 'none' });
    // The match shown stays where the next search starts.
    expect(await search.step(false, 1)).toEqual({ kind: 'match', seq: 200 });
  });

  it('moves on within the last answer without asking the engine', async () => {
    const { find, calls } = fakeFind(1000, [5, 6, 7], 1000, 100);
    const search = new LogSearch(find, noPause);
    await search.step(false, 1);
    await search.step(false, 1);
    expect(await search.step(false, 1)).toEqual({ kind: 'match', seq: 7 });
    expect(calls).toHaveLength(1);
  });

  it('says when there is no further match', async () => {
    const { find } = fakeFind(300, [50]);
    const search = new LogSearch(find, noPause);
    expect(await search.step(false, 100)).toEqual({ kind: 'none' });
    expect(search.current).toBeUndefined();
  });

  it('a new search ends the running one; a reset starts from the view again', async () => {
    const { find } = fakeFind(10_000, [9000, 20]);
    const search = new LogSearch(find, noPause);
    const first = search.step(false, 1000);
    const second = search.step(true, 1000);
    expect(await first).toEqual({ kind: 'cancelled' });
    expect(await second).toEqual({ kind: 'match', seq: 20 });
    search.reset();
    expect(await search.step(false, 1000)).toEqual({ kind: 'match', seq: 9000 });
  });

  it('reports the engine refusing the filter', async () => {
    const search = new LogSearch(
      () => Promise.resolve({ ok: false, code: 'INVALID_HEX', message: 'bad hex', params: {} }),
      noPause,
    );
    const outcome = await search.step(false, 1);
    expect(outcome.kind).toBe('failed');
  });
});
