/** One piece of shown text: plain, or a visible stand-in for an invisible character. */
export interface TextPiece {
  text: string;
  symbol: boolean;
}

const ESCAPES: Record<number, string> = { 0x00: '\\0', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

function escapeOf(code: number) {
  return ESCAPES[code] ?? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Payload text with its invisible characters made visible, written as the escapes people type in
 * the send box: a line ending shows as `\r\n` (or `\n`, `\r`) followed by a real line break, since
 * someone debugging a protocol needs to see which one arrived; other control characters show as
 * `\0`, `\x1B`…. Tabs stay tabs.
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
      const crlf = code === 0x0d && text.charCodeAt(i + 1) === 0x0a;
      const label = crlf ? '\\r\\n' : escapeOf(code);
      if (crlf) i++;
      flush();
      pieces.push({ text: i + 1 >= text.length ? label : `${label}\n`, symbol: true });
    } else if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      flush();
      pieces.push({ text: escapeOf(code), symbol: true });
    } else {
      plain += text[i];
    }
  }
  flush();
  return pieces;
}
