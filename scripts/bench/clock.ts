/**
 * Milliseconds since the epoch with sub-millisecond resolution. Chromium's
 * `performance.timeOrigin + performance.now()` is on the same clock, so a click in the page and
 * bytes arriving in a child process can be compared.
 */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
