/**
 * The log view's budget of new rows per frame: which rows wait as placeholders for a later frame.
 */
import { describe, expect, it } from 'vitest';
import { NEW_CONTENT_PER_FRAME, spendBudget } from '../../src/renderer/log/row-budget';
import type { RowRef } from '../../src/renderer/store/log-rows';

/** Rows for entries `seqs`, none deferred yet. */
function rowsOf(seqs: number[]) {
  return seqs.map((seq) => ({
    ref: { kind: 'data', seq } as RowRef,
    position: seq,
    deferred: false,
  }));
}

const deferredSeqs = (rows: ReturnType<typeof rowsOf>) =>
  rows.filter((row) => row.deferred).map((row) => row.position);

/** Every row costs a kilobyte of text (a full row of binary data). */
const KILOBYTE_ROWS = () => 1024;

describe('spendBudget', () => {
  it('following the tail, lays out the newest rows first and defers the rest to later frames', () => {
    const rows = rowsOf([1, 2, 3, 4]);
    const spent = spendBudget(rows, KILOBYTE_ROWS, new Map(), NEW_CONTENT_PER_FRAME, true);

    expect(deferredSeqs(rows)).toEqual([1, 2, 3]);
    expect(spent).toMatchObject({ cost: 1024, deferred: true });
    expect([...spent.costs.keys()]).toEqual([4]);
  });

  it('scrolled back, lays out from the top of the view down', () => {
    const rows = rowsOf([1, 2, 3, 4]);
    spendBudget(rows, KILOBYTE_ROWS, new Map(), NEW_CONTENT_PER_FRAME, false);

    expect(deferredSeqs(rows)).toEqual([2, 3, 4]);
  });

  it('lets a row dearer than the whole budget in when it is the first of its frame', () => {
    const rows = rowsOf([1]);
    const spent = spendBudget(rows, () => 64 * 1024, new Map(), NEW_CONTENT_PER_FRAME, true);

    expect(deferredSeqs(rows)).toEqual([]);
    expect(spent.cost).toBe(64 * 1024);
    // Later in the same frame, with the budget spent, a new row waits.
    const next = rowsOf([2]);
    expect(spendBudget(next, KILOBYTE_ROWS, spent.costs, 0, true).deferred).toBe(true);
  });

  it('charges nothing for rows already laid out with the same content, and again when it changed', () => {
    const previous = new Map([
      [1, 1024],
      [2, 64], // a placeholder then; fetched now
    ]);
    const rows = rowsOf([1, 2, 3]);
    const spent = spendBudget(rows, KILOBYTE_ROWS, previous, 1100, true);

    // Row 3 (new) takes 1024 of the 1100 left; row 2 changed and no longer fits; row 1 is free.
    expect(deferredSeqs(rows)).toEqual([2]);
    expect(spent.cost).toBe(1024);
    expect([...spent.costs.keys()].sort()).toEqual([1, 3]);
  });

  it('fits many short rows in one frame', () => {
    const rows = rowsOf(Array.from({ length: 15 }, (_, i) => i + 1));
    spendBudget(rows, () => 64 + 20, new Map(), NEW_CONTENT_PER_FRAME, true);

    expect(deferredSeqs(rows)).toEqual([]);
  });
});
