/**
 * ↑/↓ through sent messages, shell-style: `index === history.length` is the message being typed,
 * which is kept aside while browsing and comes back at the bottom.
 */
export interface HistoryCursor {
  index: number;
  draft: string;
}

export function startCursor(history: readonly string[], draft: string): HistoryCursor {
  return { index: history.length, draft };
}

/** The text to show after one step up (-1) or down (+1), or undefined at either end. */
export function stepHistory(
  history: readonly string[],
  cursor: HistoryCursor,
  step: -1 | 1,
): { cursor: HistoryCursor; text: string } | undefined {
  const index = cursor.index + step;
  if (index < 0 || index > history.length) return undefined;
  const text = index === history.length ? cursor.draft : history[index]!;
  return { cursor: { ...cursor, index }, text };
}
