import type { Failure } from '../contract';
import { fail } from '../errors';

/** Text runs stay strings (they are encoded later); `\xHH` runs are raw bytes. */
export type EscapedSegment = string | Uint8Array;

export type EscapesResult = { ok: true; segments: EscapedSegment[] } | Failure;

const CHARACTER_ESCAPES = new Map([
  ['r', '\r'],
  ['n', '\n'],
  ['t', '\t'],
  ['0', '\0'],
  ['\\', '\\'],
]);

function hexValue(char: string | undefined): number {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char) ? parseInt(char, 16) : -1;
}

/** 1-based position in code points, as the user counts characters. */
function positionAt(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}

function invalid(text: string, index: number, sequence: string): Failure {
  return fail('INVALID_ESCAPE', { position: positionAt(text, index), sequence });
}

/**
 * `\r \n \t \0 \\` become characters, so they are encoded like the text around them (two bytes
 * each in UTF-16). `\xHH` becomes the byte HH itself, never a character: `\xFF` sends 0xFF in
 * every encoding, which is what someone typing it wants.
 */
export function parseEscapes(text: string): EscapesResult {
  const segments: EscapedSegment[] = [];
  let textRun = '';
  let byteRun: number[] = [];

  const endByteRun = () => {
    if (byteRun.length > 0) segments.push(Uint8Array.from(byteRun));
    byteRun = [];
  };
  const endTextRun = () => {
    if (textRun !== '') segments.push(textRun);
    textRun = '';
  };

  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') continue;
    if (i > runStart) {
      endByteRun();
      textRun += text.slice(runStart, i);
    }
    const next = text[i + 1];
    if (next === 'x') {
      const high = hexValue(text[i + 2]);
      const low = hexValue(text[i + 3]);
      if (high < 0 || low < 0) return invalid(text, i, text.slice(i, i + 4));
      endTextRun();
      byteRun.push((high << 4) | low);
      i += 3;
    } else if (next !== undefined && CHARACTER_ESCAPES.has(next)) {
      endByteRun();
      textRun += CHARACTER_ESCAPES.get(next);
      i += 1;
    } else {
      const sequence =
        next === undefined ? '\\' : '\\' + String.fromCodePoint(text.codePointAt(i + 1)!);
      return invalid(text, i, sequence);
    }
    runStart = i + 1;
  }
  if (runStart < text.length) {
    endByteRun();
    textRun += text.slice(runStart);
  }
  endByteRun();
  endTextRun();
  return { ok: true, segments };
}
