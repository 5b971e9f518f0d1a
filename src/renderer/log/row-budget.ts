import type { RowRef } from '../store/log-rows';

/**
 * How much new content (see `rowCost`) the view lays out per animation frame. Laying out a row
 * the first time is the view's dearest work (a kilobyte of binary data decoded as text is some
 * milliseconds); rows past this budget stand in as placeholders and come in the next frames, so
 * a screenful of new rows never holds one frame back for long.
 */
export const NEW_CONTENT_PER_FRAME = 1500;

/** What rows cost when they went in (by position): they cost nothing while they stay the same. */
export type RowCosts = ReadonlyMap<number, number>;

/**
 * Marks the rows over this frame's budget as deferred. A row shown in the last commit at the same
 * cost (the same content) is already laid out and costs nothing; the first new row of a frame
 * always fits. New rows are taken from where the user looks: the bottom while following the
 * tail, else the top of the view.
 */
export function spendBudget(
  shown: { ref: RowRef; position: number; deferred: boolean }[],
  rowCost: (ref: RowRef) => number,
  previous: RowCosts,
  left: number,
  fromBottom: boolean,
): { cost: number; deferred: boolean; costs: RowCosts } {
  let cost = 0;
  let deferred = false;
  const costs = new Map<number, number>();
  for (let i = 0; i < shown.length; i++) {
    const row = shown[fromBottom ? shown.length - 1 - i : i]!;
    const more = rowCost(row.ref);
    const laidOut = previous.get(row.position) === more;
    const firstOfFrame = cost === 0 && left >= NEW_CONTENT_PER_FRAME;
    if (!laidOut && !firstOfFrame && cost + more > left) {
      row.deferred = true;
      deferred = true;
      continue;
    }
    if (!laidOut) cost += more;
    costs.set(row.position, more);
  }
  return { cost, deferred, costs };
}
