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

/**
 * Offsets of variable-height rows without a per-row array: every row is ROW_ESTIMATE_PX tall
 * except those measured on screen, whose differences are summed by position. So a million rows
 * cost as little as ten, and rows joining or leaving the top shift nothing below them.
 */
export class RowLayout {
  private readonly heights = new Map<number, number>();
  private sorted: { positions: number[]; extraBefore: Float64Array } | undefined;

  constructor(readonly estimate = ROW_ESTIMATE_PX) {}

  get measuredCount() {
    return this.heights.size;
  }

  /** Records a row's height on screen; returns whether it changed. */
  measure(position: number, px: number): boolean {
    if (this.heights.get(position) === px) return false;
    if (px === this.estimate && !this.heights.has(position)) return false;
    this.heights.set(position, px);
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
      this.heights.delete(far);
    }
    this.sorted = undefined;
  }

  /** Sum of (measured − estimate) over the measured rows before `position`. */
  private extraBefore(position: number): number {
    if (!this.sorted) {
      const positions = [...this.heights.keys()].sort((a, b) => a - b);
      const extraBefore = new Float64Array(positions.length + 1);
      positions.forEach((p, i) => {
        extraBefore[i + 1] = extraBefore[i]! + this.heights.get(p)! - this.estimate;
      });
      this.sorted = { positions, extraBefore };
    }
    const { positions, extraBefore } = this.sorted;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (positions[middle]! < position) low = middle + 1;
      else high = middle;
    }
    return extraBefore[low]!;
  }

  /** Top of row `index`, from the top of row 0. */
  offsetOf(index: number, positionOf: PositionOf): number {
    if (index <= 0) return 0;
    return (
      index * this.estimate + this.extraBefore(positionOf(index)) - this.extraBefore(positionOf(0))
    );
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
