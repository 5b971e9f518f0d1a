import { useCallback, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { Failure, LogWindow } from '../../shared/contract';
import { useActions } from '../store/context';
import type { SeqSlice } from '../store/log-rows';
import { MAX_COPY_ENTRIES, copyText } from './copy-rows';
import type { CopyView } from './copy-rows';
import {
  clickSelection,
  selectAll,
  selectedCount,
  selectedRange,
  selectedSeqs,
} from './log-selection';
import type { LogSelection, SeqRange } from './log-selection';

/** What the last Copy did, for the line under the log tools. */
export type CopyNotice =
  | { kind: 'copying'; count: number }
  | { kind: 'copied'; count: number }
  | { kind: 'too-large'; count: number }
  /** `failure`: the engine's (worded in the user's language); else the clipboard's `error`. */
  | { kind: 'failed'; failure?: Failure; error: string };

export interface LogSelectionControls {
  /** The selected entries the log still holds (undefined: none). */
  range?: SeqRange;
  /** How many rows are selected (with Only matches: the matches in the range). */
  count: number;
  notice?: CopyNotice;
  /** For the log's scroll container: clicks select rows, keys select all, clear and copy. */
  handlers: {
    onMouseDown(event: MouseEvent<HTMLElement>): void;
    onClick(event: MouseEvent<HTMLElement>): void;
    onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  };
}

/** The entry a click landed on (undefined: a note, a button, the empty area). */
function clickedSeq(event: MouseEvent<HTMLElement>): number | undefined {
  const target = event.target as HTMLElement;
  // "Show all" and other controls inside a row keep their own meaning.
  if (target.closest('button, a, input, select, textarea')) return undefined;
  const row = target.closest<HTMLElement>('[data-seq]');
  return row ? Number(row.dataset.seq) : undefined;
}

/**
 * The entry row above or below `focus` among those rendered (the view renders a margin beyond
 * what is visible, so the next row is there); without a focus in view, the first (or last) row
 * fully in view. Undefined at the end of the rows.
 */
function neighbourRow(scroller: HTMLElement, focus: number | undefined, down: boolean) {
  const rows = [...scroller.querySelectorAll<HTMLElement>('[data-seq]')];
  const index = rows.findIndex((row) => Number(row.dataset.seq) === focus);
  let next: HTMLElement | undefined;
  if (index >= 0) next = rows[index + (down ? 1 : -1)];
  else {
    const view = scroller.getBoundingClientRect();
    const inView = rows.filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
    });
    next = down ? inView[0] : inView[inView.length - 1];
  }
  return next ? Number(next.dataset.seq) : undefined;
}

/** Text the user selected with the mouse: Ctrl+C copies that, as anywhere else. */
function hasTextSelection(): boolean {
  const selected = window.getSelection();
  return selected !== null && !selected.isCollapsed && selected.toString() !== '';
}

/**
 * Selecting entries in the log: click selects one, Shift+click stretches to another, ↑/↓ move to
 * the next row (with Shift: stretch), Ctrl/Cmd+A selects every kept entry, Escape clears, Ctrl/Cmd+C copies the selected rows as the log shows
 * them (at most MAX_COPY_ENTRIES: more is for Export log). The selection is a range of seqs,
 * forgotten with a cleared log or a new session (`resetKey`).
 */
export function useLogSelection(input: {
  tabId: string;
  resetKey: string;
  window: LogWindow;
  /** Only matches: the rows shown. */
  matches: SeqSlice | undefined;
  view: CopyView;
}): LogSelectionControls {
  const { tabId, resetKey, window: logWindow, matches, view } = input;
  const actions = useActions();
  const [state, setState] = useState<{ resetKey: string; selection?: LogSelection }>({
    resetKey,
  });
  const [notice, setNotice] = useState<CopyNotice | undefined>(undefined);
  const selection = state.resetKey === resetKey ? state.selection : undefined;
  const range = selectedRange(selection, logWindow);
  const count = selectedCount(range, matches);

  const latest = useRef({ selection, range, matches, view, logWindow, resetKey });
  latest.current = { selection, range, matches, view, logWindow, resetKey };
  const select = useCallback((next: LogSelection | undefined) => {
    setState({ resetKey: latest.current.resetKey, ...(next ? { selection: next } : {}) });
    setNotice(undefined);
  }, []);

  const copy = useCallback(async () => {
    const { range: copied, matches: shown, view: copyView } = latest.current;
    if (!copied) return;
    const seqs = selectedSeqs(copied, shown, MAX_COPY_ENTRIES);
    if (!seqs) {
      setNotice({ kind: 'too-large', count: selectedCount(copied, shown) });
      return;
    }
    setNotice({ kind: 'copying', count: seqs.length });
    const read = await actions.readEntries(tabId, seqs);
    if (read.ok === 'too-large') return setNotice({ kind: 'too-large', count: read.count });
    if (!read.ok) return setNotice({ kind: 'failed', failure: read, error: read.message });
    try {
      await navigator.clipboard.writeText(copyText(read.entries, copyView, read.before));
      setNotice({ kind: 'copied', count: read.entries.length });
    } catch (error) {
      setNotice({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }, [actions, tabId]);

  const handlers = {
    onMouseDown(event: MouseEvent<HTMLElement>) {
      // Shift+click would otherwise also select the text between the two rows.
      if (!event.shiftKey || clickedSeq(event) === undefined) return;
      event.preventDefault();
      event.currentTarget.focus({ preventScroll: true });
    },
    onClick(event: MouseEvent<HTMLElement>) {
      const seq = clickedSeq(event);
      if (seq === undefined) return;
      select(clickSelection(latest.current.selection, seq, event.shiftKey));
    },
    onKeyDown(event: KeyboardEvent<HTMLElement>) {
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (command && key === 'a') {
        event.preventDefault();
        select(selectAll(latest.current.logWindow));
      } else if (event.key === 'Escape' && latest.current.selection) {
        event.preventDefault();
        select(undefined);
      } else if (event.key === 'Enter' && !command && latest.current.range) {
        // "Show all" for the selected entries on screen that are shown cut short.
        const cut = event.currentTarget.querySelectorAll<HTMLElement>(
          '[aria-selected="true"] [data-show-all]',
        );
        if (cut.length === 0) return;
        event.preventDefault();
        for (const button of cut) button.click();
      } else if (command && key === 'c' && latest.current.range && !hasTextSelection()) {
        event.preventDefault();
        void copy();
      } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !command) {
        // A listbox's keys: the next row (Shift: the selection stretches to it), kept in view.
        const scroller = event.currentTarget;
        const next = neighbourRow(
          scroller,
          latest.current.selection?.focus,
          event.key === 'ArrowDown',
        );
        if (next === undefined) return;
        event.preventDefault();
        select(clickSelection(latest.current.selection, next, event.shiftKey));
        requestAnimationFrame(() =>
          scroller.querySelector(`[data-seq="${next}"]`)?.scrollIntoView({ block: 'nearest' }),
        );
      }
    },
  };
  return { ...(range ? { range } : {}), count, ...(notice ? { notice } : {}), handlers };
}
