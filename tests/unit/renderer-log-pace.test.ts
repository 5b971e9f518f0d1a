/**
 * How often the log view shows new entries: quick while they trickle in, slower under a flood.
 */
import { describe, expect, it } from 'vitest';
import { FLOOD_UPDATE_MS, QUICK_UPDATE_MS, nextPace } from '../../src/renderer/log/log-pace';

describe('nextPace', () => {
  it('stays quick for a conversation: an echo a second, or a burst after a quiet minute', () => {
    expect(nextPace(QUICK_UPDATE_MS, 2, 1000)).toBe(QUICK_UPDATE_MS);
    expect(nextPace(QUICK_UPDATE_MS, 500, 60_000)).toBe(QUICK_UPDATE_MS);
  });

  it('slows down under a flood (64 KiB chunks at 100 MB/s: ~150 entries per 100 ms)', () => {
    expect(nextPace(QUICK_UPDATE_MS, 150, 100)).toBe(FLOOD_UPDATE_MS);
  });

  it('keeps the flood pace near the line, and is quick again once entries trickle', () => {
    // 100 entries/s: under the flood line, above the calm one.
    expect(nextPace(FLOOD_UPDATE_MS, 30, 300)).toBe(FLOOD_UPDATE_MS);
    expect(nextPace(QUICK_UPDATE_MS, 10, 100)).toBe(QUICK_UPDATE_MS);
    // The flood is over: one entry in two seconds.
    expect(nextPace(FLOOD_UPDATE_MS, 1, 2000)).toBe(QUICK_UPDATE_MS);
  });

  it('takes an update without time between (two in one frame) as no evidence either way', () => {
    expect(nextPace(QUICK_UPDATE_MS, 5, 0)).toBe(QUICK_UPDATE_MS);
    expect(nextPace(FLOOD_UPDATE_MS, 5, 0)).toBe(FLOOD_UPDATE_MS);
  });
});
