/** What a row is assumed to take until it has been on screen: one line of the log. */
export const ROW_ESTIMATE_PX = 24;
/**
 * The tallest scroll area the view makes. Browsers cap element heights (about 33.5 million px in
 * Chromium, 17.9 million in Firefox); a longer log maps its scroll position onto this height.
 */
export const MAX_SCROLL_PX = 8_000_000;
/** Row heights remembered at most; those farthest from the view go first. */
const MAX_MEASURED_ROWS = 5000;

/** Where row `index` is in the log's order (see rowPosition in store/log-rows). */
export type PositionOf = (index: number) => number;

/** Estimates stay within these, whatever odd rows were measured. */
const MIN_ESTIMATE_PX = 12;
const MAX_ESTIMATE_PX = 400;

/**
 * Offsets of variable-height rows without a per-row array: rows measured on screen count with
 * their height, every other row with an estimate (the average measured height, so the rows a
 * flood brings in are about the right size before they are drawn), summed by position. So a
 * million rows cost as little as ten, and rows leaving the top shift nothing below them.
 */
export class RowLayout {
  private readonly heights = new Map<number, number>();
  private measuredPx = 0;
  private measuredRows = 0;
  private sorted: { positions: number[]; pxBefore: Float64Array } | undefined;

  /** `adaptive`: estimate unmeasured rows by the measured ones (else always `initialEstimate`). */
  constructor(
    private readonly initialEstimate = ROW_ESTIMATE_PX,
    private readonly adaptive = true,
  ) {}

  get measuredCount() {
    return this.heights.size;
  }

  /** What an unmeasured row is taken to be. (Rows folded away, 0 px, do not count.) */
  get estimate(): number {
    if (!this.adaptive || this.measuredRows === 0) return this.initialEstimate;
    const average = this.measuredPx / this.measuredRows;
    return Math.min(MAX_ESTIMATE_PX, Math.max(MIN_ESTIMATE_PX, Math.round(average)));
  }

  /** Records a row's height on screen; returns whether it changed. */
  measure(position: number, px: number): boolean {
    const old = this.heights.get(position);
    if (old === px) return false;
    if (old !== undefined) this.forget(position, old);
    this.heights.set(position, px);
    if (px > 0) {
      this.measuredPx += px;
      this.measuredRows++;
    }
    this.sorted = undefined;
    return true;
  }

  heightAt(position: number): number {
    return this.heights.get(position) ?? this.estimate;
  }

  /** Keeps the heights of the rows nearest `position` when there are too many. */
  prune(position: number, max = MAX_MEASURED_ROWS) {
    if (this.heights.size <= max) return;
    const byDistance = [...this.heights.keys()].sort(
      (a, b) => Math.abs(b - position) - Math.abs(a - position),
    );
    for (const far of byDistance.slice(0, this.heights.size - Math.floor(max * 0.8))) {
      this.forget(far, this.heights.get(far)!);
      this.heights.delete(far);
    }
    this.sorted = undefined;
  }

  private forget(position: number, px: number) {
    if (px > 0) {
      this.measuredPx -= px;
      this.measuredRows--;
    }
  }

  /** How many rows before `position` were measured, and their height together. */
  private measuredBefore(position: number): { rows: number; px: number } {
    if (!this.sorted) {
      const positions = [...this.heights.keys()].sort((a, b) => a - b);
      const pxBefore = new Float64Array(positions.length + 1);
      positions.forEach((p, i) => {
        pxBefore[i + 1] = pxBefore[i]! + this.heights.get(p)!;
      });
      this.sorted = { positions, pxBefore };
    }
    const { positions, pxBefore } = this.sorted;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (positions[middle]! < position) low = middle + 1;
      else high = middle;
    }
    return { rows: low, px: pxBefore[low]! };
  }

  /** Top of row `index`, from the top of row 0. */
  offsetOf(index: number, positionOf: PositionOf): number {
    if (index <= 0) return 0;
    const before = this.measuredBefore(positionOf(index));
    const first = this.measuredBefore(positionOf(0));
    const measuredRows = before.rows - first.rows;
    return (index - measuredRows) * this.estimate + before.px - first.px;
  }

  totalHeight(count: number, positionOf: PositionOf): number {
    if (count === 0) return 0;
    return this.offsetOf(count - 1, positionOf) + this.heightAt(positionOf(count - 1));
  }

  /** The row under `offset` (clamped to the rows there are). */
  indexAt(offset: number, count: number, positionOf: PositionOf): number {
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.offsetOf(middle, positionOf) <= offset) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }
}

/**
 * The scroll area's height and how its scroll position maps onto the rows' offsets: one to one
 * up to MAX_SCROLL_PX, proportionally beyond.
 */
export interface ScrollMap {
  height: number;
  /** Content offset per scroll pixel (1 unless the log is taller than MAX_SCROLL_PX). */
  ratio: number;
}

export function scrollMap(total: number, viewport: number): ScrollMap {
  if (total <= MAX_SCROLL_PX || total <= viewport) return { height: total, ratio: 1 };
  return { height: MAX_SCROLL_PX, ratio: (total - viewport) / (MAX_SCROLL_PX - viewport) };
}
