import type { LineEnding } from '../contract';

const LINE_ENDING_TEXT: Record<LineEnding, string> = {
  none: '',
  cr: '\r',
  lf: '\n',
  crlf: '\r\n',
};

/** The line ending as characters, for text that is encoded afterwards (UTF-16 needs `0D 00`). */
export function lineEndingText(ending: LineEnding): string {
  return LINE_ENDING_TEXT[ending];
}

/** The line ending as single bytes, as hex payloads and every ASCII-compatible encoding write it. */
export function lineEndingBytes(ending: LineEnding): Uint8Array {
  const text = LINE_ENDING_TEXT[ending];
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
