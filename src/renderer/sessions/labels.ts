import type { EncodingName } from '../../shared/contract';

/** Encodings as people write them (the contract uses WHATWG labels). */
export const ENCODING_LABELS: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  gbk: 'GBK',
  gb18030: 'GB18030',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'euc-kr': 'EUC-KR',
  'iso-8859-1': 'ISO-8859-1',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  ascii: 'ASCII',
};
