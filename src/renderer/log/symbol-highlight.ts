import { visiblePieces } from './visible-text';

/** A payload's text as shown, and where in it the escapes standing for invisible bytes are. */
export interface VisibleText {
  text: string;
  /** [start, end) offsets of the escapes (`\r\n`, `\x1B`…) in `text`. */
  symbols: readonly (readonly [number, number])[];
}

export function visibleText(text: string): VisibleText {
  let shown = '';
  const symbols: [number, number][] = [];
  for (const piece of visiblePieces(text)) {
    if (piece.symbol) symbols.push([shown.length, shown.length + piece.text.length]);
    shown += piece.text;
  }
  return { text: shown, symbols };
}

/** The name log.css styles with `::highlight(log-symbol)`. */
const HIGHLIGHT_NAME = 'log-symbol';

let registered: Highlight | null | undefined;

function symbolHighlight(): Highlight | null {
  if (registered !== undefined) return registered;
  registered =
    typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function'
      ? new Highlight()
      : null;
  if (registered) CSS.highlights.set(HIGHLIGHT_NAME, registered);
  return registered;
}

/**
 * Whether escapes can be coloured inside one text node (the CSS Custom Highlight API). A payload
 * of binary data has an escape every few bytes: as elements of their own they made laying out a
 * row several times dearer; highlighted ranges cost layout nothing.
 */
export function canHighlightSymbols(): boolean {
  return symbolHighlight() !== null;
}

/** Colours `symbols` in `node` until the returned disposer runs. */
export function highlightSymbols(node: Text, symbols: VisibleText['symbols']): () => void {
  const highlight = symbolHighlight();
  if (!highlight || symbols.length === 0) return () => {};
  const ranges = symbols.map(
    ([start, end]) =>
      new StaticRange({
        startContainer: node,
        startOffset: start,
        endContainer: node,
        endOffset: end,
      }),
  );
  for (const range of ranges) highlight.add(range);
  return () => {
    for (const range of ranges) highlight.delete(range);
  };
}
