/** One piece of shown text: plain, or a visible stand-in for an invisible character. */
export interface TextPiece {
  text: string;
  symbol: boolean;
}

const LINE_BREAK = /\r\n|\n|\r/y;

/**
 * Payload text with its invisible characters made visible: line breaks become `↵` followed by a
 * real break (people debugging a protocol need to see whether a line ended with \r\n or \n), and
 * other control characters their Unicode "symbol for" pictures (␀, ␛…).
 */
export function visiblePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let plain = '';
  const flush = () => {
    if (plain) pieces.push({ text: plain, symbol: false });
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) {
      LINE_BREAK.lastIndex = i;
      const match = LINE_BREAK.exec(text);
      const ending = match?.[0] ?? text[i]!;
      flush();
      const label = ending === '\r\n' ? '␍␊' : ending === '\n' ? '␊' : '␍';
      const last = i + ending.length >= text.length;
      pieces.push({ text: last ? label : `${label}\n`, symbol: true });
      i += ending.length - 1;
    } else if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      flush();
      pieces.push({
        text: String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code),
        symbol: true,
      });
    } else {
      plain += text[i];
    }
  }
  flush();
  return pieces;
}
