import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { LogRows, RowRef } from '../store/log-rows';
import { rowAt, rowAtPosition, rowPosition } from '../store/log-rows';
import type { RowLayout } from './row-layout';
import { scrollMap } from './row-layout';
import { NEW_CONTENT_PER_FRAME, spendBudget } from './row-budget';
import type { RowCosts } from './row-budget';

/** Rows rendered beyond the visible area, so a short scroll shows rows already laid out. */
const OVERSCAN_PX = 120;
/** Within this of the bottom counts as "at the bottom": auto-scroll takes over again. */
const BOTTOM_SLACK_PX = 4;
/** Measuring may change offsets, which may bring other rows into view: a few rounds at most. */
const MAX_MEASURE_ROUNDS = 4;
export interface ShownRow {
  ref: RowRef;
  /** Its order key (see rowPosition), also its measured height's key. */
  position: number;
  /** Over this frame's budget for new rows: show a placeholder, the row comes in a later frame. */
  deferred: boolean;
}

export interface LogViewport {
  /** For the scroll container (role="log"). */
  scrollerRef: (element: HTMLDivElement | null) => void;
  /** The scroll area's height. */
  height: number;
  /** The rows to render, in order, one under the other from `top`. */
  rows: readonly ShownRow[];
  /** Where the first of them starts in the scroll area, in px. */
  top: number;
  /** The view is sticking to the newest entries. */
  following: boolean;
  /** The scroll container's width: rows wrap differently when it changes. */
  width: number;
}

/** Where the view is: a row (by position) and how far its top is above the viewport's top. */
interface Anchor {
  position: number;
  within: number;
}

/**
 * Virtual scrolling for the log, anchored to a row: the view keeps showing the same row at the
 * same place while rows above it are measured, evicted or joined by notes, and sticks to the
 * bottom while `follow` is on and the user has not scrolled up. Only the rows in view are
 * rendered; a million rows cost a few binary searches per frame.
 */
export function useLogViewport(input: {
  rows: LogRows;
  layout: RowLayout;
  follow: boolean;
  /** A new value starts over (a cleared log, a new session): at the bottom, nothing measured. */
  resetKey: string;
  /** What laying out a row costs, roughly (bytes of text shown); counts while it is unmeasured. */
  rowCost: (ref: RowRef) => number;
  /** Bring entry `seq` into view (a search's match); a new `serial` moves there again. */
  target?: { seq: number; serial: number };
}): LogViewport {
  const { rows, layout, follow, resetKey, rowCost, target } = input;
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [width, setWidth] = useState(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const anchor = useRef<Anchor | undefined>(undefined);
  const stuck = useRef(true);
  const seen = useRef({ resetKey, follow });
  const measureRounds = useRef(0);
  /** New content still allowed this frame; a frame callback refills it (and shows what waited). */
  const budget = useRef({
    left: NEW_CONTENT_PER_FRAME,
    refill: 0,
    waiting: false,
    /** The rows of the last commit and what they cost. */
    costs: new Map() as RowCosts,
  });
  /** Row elements already measured, and for which layout: a row is measured once. */
  const measured = useRef(new WeakMap<Element, RowLayout>());

  // A new log, or auto-scroll (re)started: back to the bottom.
  if (seen.current.resetKey !== resetKey || (follow && !seen.current.follow)) {
    anchor.current = undefined;
    stuck.current = true;
  }
  seen.current = { resetKey, follow };
  /** The scroll position the view last set (or took from the user). */
  const placed = useRef<number | undefined>(undefined);
  // A match to show: a third down the view, and no longer stuck to the tail.
  const shownTarget = useRef<number | undefined>(undefined);
  if (target && target.serial !== shownTarget.current) {
    shownTarget.current = target.serial;
    anchor.current = { position: target.seq, within: -Math.round(viewportHeight / 3) };
    stuck.current = false;
    // The view moves itself: a scroll position the browser clamps meanwhile (rows measured
    // shorter) is not the user scrolling back to the tail.
    placed.current = undefined;
  }

  const positionOf = (index: number) => rowPosition(rowAt(rows, index));
  const count = rows.count;
  const total = layout.totalHeight(count, positionOf);
  const map = scrollMap(total, viewportHeight);
  const maxContent = Math.max(0, total - viewportHeight);
  const following = follow && stuck.current;
  let content = 0;
  if (following) content = maxContent;
  else if (anchor.current && count > 0) {
    const index = Math.min(count - 1, rowAtPosition(rows, anchor.current.position));
    content = layout.offsetOf(index, positionOf) + anchor.current.within;
  }
  content = Math.min(Math.max(0, content), maxContent);
  const scrollTop = content / map.ratio;

  // The rows in view are laid out by the browser, one under the other: only where the first
  // one starts depends on the heights measured so far.
  const shown: ShownRow[] = [];
  let top = 0;
  let spent: ReturnType<typeof spendBudget> = { cost: 0, deferred: false, costs: new Map() };
  if (count > 0) {
    // Following the tail, nobody scrolls: rows above the view would only cost layout.
    const above = following ? 0 : OVERSCAN_PX;
    const first = layout.indexAt(content - above, count, positionOf);
    const last = layout.indexAt(content + viewportHeight + OVERSCAN_PX, count, positionOf);
    top = scrollTop + layout.offsetOf(first, positionOf) - content;
    for (let index = first; index <= last; index++) {
      const ref = rowAt(rows, index);
      shown.push({ ref, position: rowPosition(ref), deferred: false });
    }
    const { left, costs } = budget.current;
    spent = spendBudget(shown, rowCost, costs, left, following);
  }

  // What the scroll handler and the effect need from this render.
  const latest = useRef({ rows, layout, ratio: map.ratio, scrollTop, content, positionOf });
  latest.current = { rows, layout, ratio: map.ratio, scrollTop, content, positionOf };

  /** The user moved the view: stick to the bottom if they went there, else stay where they are. */
  const adopt = useCallback((scroller: HTMLDivElement, top: number) => {
    const current = latest.current;
    placed.current = top;
    stuck.current = top >= scroller.scrollHeight - scroller.clientHeight - BOTTOM_SLACK_PX;
    if (current.rows.count === 0) return;
    const content = top * current.ratio;
    const index = current.layout.indexAt(content, current.rows.count, current.positionOf);
    anchor.current = {
      position: current.positionOf(index),
      within: content - current.layout.offsetOf(index, current.positionOf),
    };
  }, []);

  // The budget is spent once the rows are in the page; what waited comes with the next frame.
  useLayoutEffect(() => {
    const frame = budget.current;
    frame.left -= spent.cost;
    frame.costs = spent.costs;
    frame.waiting ||= spent.deferred;
    if (frame.refill !== 0 || (spent.cost === 0 && !spent.deferred)) return;
    frame.refill = requestAnimationFrame(() => {
      frame.refill = 0;
      frame.left = NEW_CONTENT_PER_FRAME;
      if (!frame.waiting) return;
      frame.waiting = false;
      rerender();
    });
  });
  useEffect(() => () => cancelAnimationFrame(budget.current.refill), []);

  useLayoutEffect(() => {
    if (!element) return;
    let changed = false;
    // Rows standing in at the estimate (placeholders) are not measured: their height is the
    // layout's own, and a flood's placeholders would drag the estimate for real rows down.
    for (const node of element.querySelectorAll<HTMLElement>(
      '[data-position]:not([data-estimated])',
    )) {
      // A row whose content changes (fetched, expanded) comes back as a new element.
      if (measured.current.get(node) === layout) continue;
      measured.current.set(node, layout);
      const px = node.getBoundingClientRect().height;
      changed = layout.measure(Number(node.dataset.position), px) || changed;
    }
    if (changed && measureRounds.current < MAX_MEASURE_ROUNDS) {
      measureRounds.current++;
      rerender();
      return;
    }
    measureRounds.current = 0;
    const live = element.scrollTop;
    if (placed.current !== undefined && Math.abs(live - placed.current) >= 1) {
      // The user scrolled since the view last placed itself, and its scroll event is still to
      // come: their position wins over following the tail.
      adopt(element, live);
      rerender();
      return;
    }
    const current = latest.current;
    if (Math.abs(live - current.scrollTop) >= 1) element.scrollTop = current.scrollTop;
    placed.current = element.scrollTop; // as the browser took it (clamped to the scroll area)
    // Remember where the view is, so a pause (or new rows) keeps it there.
    if (current.rows.count > 0) {
      const index = current.layout.indexAt(current.content, current.rows.count, current.positionOf);
      const position = current.positionOf(index);
      anchor.current = {
        position,
        within: current.content - current.layout.offsetOf(index, current.positionOf),
      };
      current.layout.prune(position);
    }
  });

  useLayoutEffect(() => {
    if (!element) return;
    const onScroll = () => {
      const top = element.scrollTop;
      // The view's own placement coming back: nothing moved.
      if (placed.current !== undefined && Math.abs(top - placed.current) < 1) return;
      adopt(element, top);
      rerender();
    };
    const measureViewport = () => {
      setViewportHeight(element.clientHeight);
      setWidth(element.clientWidth);
    };
    const resized = new ResizeObserver(measureViewport);
    element.addEventListener('scroll', onScroll, { passive: true });
    resized.observe(element);
    measureViewport();
    return () => {
      element.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  }, [element, adopt]);

  const scrollerRef = useCallback((node: HTMLDivElement | null) => setElement(node), []);
  return { scrollerRef, height: map.height, rows: shown, top, following, width };
}
