import type { LogWindow } from '../../shared/contract';
import type { SeqSlice } from '../store/log-rows';
import { lowerBound } from '../store/log-rows';

/**
 * Entries selected in the log: every seq between `anchor` (where the selection started) and
 * `focus` (the last row clicked; Shift+click moves it). A range of seqs, so it holds while new
 * entries arrive and shrinks as the engine evicts the oldest.
 */
export interface LogSelection {
  anchor: number;
  focus: number;
}

export interface SeqRange {
  from: number;
  to: number;
}

/** A click on entry `seq`; with Shift the selection stretches from its anchor to it. */
export function clickSelection(
  selection: LogSelection | undefined,
  seq: number,
  extend: boolean,
): LogSelection {
  if (extend && selection) return { anchor: selection.anchor, focus: seq };
  return { anchor: seq, focus: seq };
}

/** Every kept entry (Ctrl/Cmd+A); undefined when the log is empty. */
export function selectAll(window: LogWindow): LogSelection | undefined {
  if (window.lastSeq < window.firstSeq) return undefined;
  return { anchor: window.firstSeq, focus: window.lastSeq };
}

/** The selected seqs the log still holds (undefined: nothing of the selection is left). */
export function selectedRange(
  selection: LogSelection | undefined,
  window: LogWindow,
): SeqRange | undefined {
  if (!selection) return undefined;
  const from = Math.max(Math.min(selection.anchor, selection.focus), window.firstSeq);
  const to = Math.min(Math.max(selection.anchor, selection.focus), window.lastSeq);
  return from <= to ? { from, to } : undefined;
}

/** The rows a range selects: every entry in it, or with Only matches the matches in it. */
export function selectedCount(range: SeqRange | undefined, matches: SeqSlice | undefined): number {
  if (!range) return 0;
  if (!matches) return range.to - range.from + 1;
  return lowerBound(matches, range.to + 1) - lowerBound(matches, range.from);
}

/** The selected seqs, ascending, when there are at most `max` of them (else undefined). */
export function selectedSeqs(
  range: SeqRange,
  matches: SeqSlice | undefined,
  max: number,
): number[] | undefined {
  if (selectedCount(range, matches) > max) return undefined;
  if (matches) {
    const from = lowerBound(matches, range.from);
    const to = lowerBound(matches, range.to + 1);
    return matches.items.slice(from, to);
  }
  const seqs: number[] = [];
  for (let seq = range.from; seq <= range.to; seq++) seqs.push(seq);
  return seqs;
}

/** Whether entry `seq` is selected. */
export function isSelected(range: SeqRange | undefined, seq: number): boolean {
  return range !== undefined && seq >= range.from && seq <= range.to;
}
