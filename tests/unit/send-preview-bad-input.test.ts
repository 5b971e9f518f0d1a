/**
 * The send box's preview says what Send will do: for text the encoding cannot hold, the same
 * UNENCODABLE_TEXT sentence the engine answers with, at the same position.
 */
import { describe, expect, it } from 'vitest';
import type { EncodingName } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { describeError } from '../../src/shared/errors';
import { buildPayload } from '../../src/main/engine/payload';
import { previewPayload } from '../../src/renderer/send/payload-preview';
import { DEFAULT_SEND } from '../../src/renderer/store/state';

function both(message: string, encoding: EncodingName, escapes = false) {
  return {
    preview: previewPayload(message, { ...DEFAULT_SEND, escapes }, encoding),
    engine: buildPayload(message, { ...DEFAULT_SEND_OPTIONS, encoding, escapes }),
  };
}

describe('preview of text the encoding cannot hold', () => {
  it.each([
    [
      'ab😀',
      'gbk',
      false,
      '"😀" at position 3 cannot be written in gbk; choose another encoding (such as UTF-8).',
    ],
    [
      '😀',
      'shift_jis',
      false,
      '"😀" at position 1 cannot be written in shift_jis; choose another encoding (such as UTF-8).',
    ],
    [
      '한😀',
      'euc-kr',
      false,
      '"😀" at position 2 cannot be written in euc-kr; choose another encoding (such as UTF-8).',
    ],
    [
      'café',
      'ascii',
      false,
      '"é" at position 4 cannot be written in ascii; choose another encoding (such as UTF-8).',
    ],
    [
      'Ā',
      'iso-8859-1',
      false,
      '"Ā" at position 1 cannot be written in iso-8859-1; choose another encoding (such as UTF-8).',
    ],
    [
      '\\x41\\n😀',
      'gbk',
      true,
      '"😀" at position 7 cannot be written in gbk; choose another encoding (such as UTF-8).',
    ],
    [
      'a\uD800b',
      'utf-8',
      false,
      '"\uD800" at position 2 cannot be written in utf-8; choose another encoding (such as UTF-8).',
    ],
  ] as const)("%j in %s: the engine's sentence", (message, encoding, escapes, sentence) => {
    const { preview, engine } = both(message, encoding, escapes);
    expect(engine).toMatchObject({ ok: false, message: sentence });
    expect(preview.kind).toBe('invalid');
    if (preview.kind !== 'invalid' || engine.ok) return;
    expect(preview.failure).toEqual(engine);
    expect(describeError(preview.failure.code, preview.failure.params)).toBe(sentence);
  });

  it.each([
    ['😀', 'gb18030'],
    ['😀', 'utf-16le'],
    ['é', 'iso-8859-1'],
    ['\\xFF', 'ascii'],
  ] as const)('%j in %s can be sent, and the preview counts it', (message, encoding) => {
    const { preview, engine } = both(message, encoding, message.startsWith('\\'));
    expect(engine.ok).toBe(true);
    if (!engine.ok) return;
    expect(preview).toMatchObject({ kind: 'ok', size: engine.bytes.length });
  });

  it('a character inside U+FFFF missing from GBK is only found on Send (the count is an estimate)', () => {
    // U+1100 (a Hangul jamo) is not in GBK; the page has no GBK table to know that.
    const { preview, engine } = both('\u1100', 'gbk');
    expect(preview).toMatchObject({ kind: 'ok', exact: false });
    expect(engine).toMatchObject({ ok: false, code: 'UNENCODABLE_TEXT', params: { position: 1 } });
  });
});
