const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** How a row's time shows (the Timestamps select). */
export type TimestampMode = 'absolute' | 'since-previous' | 'since-start';
export const TIMESTAMP_MODES: readonly TimestampMode[] = [
  'absolute',
  'since-previous',
  'since-start',
];

/** `HH:MM:SS.mmm` in local time: the precision people compare timings with. */
export function formatTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `HH:MM:SS` for when a client connected. */
export function formatClock(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Up to 3 decimals, without trailing zeros: `12`, `12.5`, `12.345`. */
function decimals(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * A time between two entries: `+12.345 ms` under a second, `+1.234 s` under a minute, then
 * `+2:03.456` and `+1:02:03.456`. Timings of a protocol are read in ms; longer gaps in clock time.
 */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const size = Math.abs(ms);
  if (size < 1000) return `${sign}${decimals(size)} ms`;
  if (size < 60_000) return `${sign}${(size / 1000).toFixed(3)} s`;
  const whole = Math.round(size);
  const seconds = `${pad(Math.floor(whole / 1000) % 60)}.${pad(whole % 1000, 3)}`;
  const minutes = Math.floor(whole / 60_000);
  if (minutes < 60) return `${sign}${minutes}:${seconds}`;
  return `${sign}${Math.floor(minutes / 60)}:${pad(minutes % 60)}:${seconds}`;
}

/**
 * A row's time in `mode`: `reference` is the previous entry's time (`since-previous`) or the
 * first kept entry's (`since-start`); unknown yet (not fetched), the row shows `+…`. The first
 * entry has no previous one: `+0 ms`.
 */
export function formatStamp(
  mode: TimestampMode,
  at: number,
  reference: number | undefined,
): string {
  if (mode === 'absolute') return formatTime(at);
  if (reference === undefined) return '+…';
  return formatElapsed(at - reference);
}
