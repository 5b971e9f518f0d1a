/** The log's timestamps: absolute clock time, or time since the previous entry or the start. */
import { describe, expect, it } from 'vitest';
import { formatElapsed, formatStamp, formatTime } from '../../src/renderer/log/format-time';

describe('formatElapsed', () => {
  it('shows gaps under a second in ms, without trailing zeros', () => {
    expect(formatElapsed(0)).toBe('+0 ms');
    expect(formatElapsed(12)).toBe('+12 ms');
    expect(formatElapsed(12.345)).toBe('+12.345 ms');
    expect(formatElapsed(999.4)).toBe('+999.4 ms');
  });

  it('shows gaps under a minute in seconds with ms resolution', () => {
    expect(formatElapsed(1000)).toBe('+1.000 s');
    expect(formatElapsed(1234)).toBe('+1.234 s');
    expect(formatElapsed(59_999)).toBe('+59.999 s');
  });

  it('shows longer gaps as clock time', () => {
    expect(formatElapsed(60_000)).toBe('+1:00.000');
    expect(formatElapsed(123_456)).toBe('+2:03.456');
    expect(formatElapsed(3_723_004)).toBe('+1:02:03.004');
  });

  it('marks a negative gap (a clock set back) with a minus', () => {
    expect(formatElapsed(-5)).toBe('−5 ms');
  });
});

describe('formatStamp', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();

  it('absolute: HH:MM:SS.mmm in local time', () => {
    expect(formatStamp('absolute', at, undefined)).toBe('03:04:05.067');
    expect(formatTime(at)).toBe('03:04:05.067');
  });

  it('relative: the gap to the reference entry', () => {
    expect(formatStamp('since-previous', at, at - 1500)).toBe('+1.500 s');
    expect(formatStamp('since-start', at, at - 7)).toBe('+7 ms');
  });

  it('relative with the reference not fetched yet: a stand-in', () => {
    expect(formatStamp('since-previous', at, undefined)).toBe('+…');
  });
});
