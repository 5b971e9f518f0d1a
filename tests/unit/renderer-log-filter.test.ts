/** The Filter fields as findInLog's LogFilter, and the Timestamps mode as settings keep it. */
import { describe, expect, it } from 'vitest';
import { filterOf } from '../../src/renderer/log/use-log-search';
import { readSettings } from '../../src/renderer/settings/persisted-settings';

describe('filterOf', () => {
  const draft = { text: '', hex: false, direction: 'all', peer: '' } as const;

  it('sends only the fields the user filled in', () => {
    expect(filterOf(draft, 'gbk')).toEqual({ encoding: 'gbk' });
    expect(filterOf({ ...draft, text: 'OK', direction: 'rx', peer: ' :5000 ' }, 'utf-8')).toEqual({
      encoding: 'utf-8',
      text: 'OK',
      direction: 'rx',
      peer: ':5000',
    });
  });

  it('sends hex digits as hex, not as text', () => {
    expect(filterOf({ ...draft, text: '0D 0A', hex: true }, 'utf-8')).toEqual({
      encoding: 'utf-8',
      hex: '0D 0A',
    });
  });
});

describe('Timestamps mode in saved settings', () => {
  const saved = (receive: object) => readSettings({ tabs: [{ receive }] }).tabs[0]!.receive;

  it('keeps a known mode', () => {
    expect(saved({ timestampMode: 'since-previous' }).timestampMode).toBe('since-previous');
  });

  it('reads settings from before the modes, or a bad value, as clock time', () => {
    expect(saved({}).timestampMode).toBe('absolute');
    expect(saved({ timestampMode: 'sideways' }).timestampMode).toBe('absolute');
  });
});
