import { useEffect, useRef, useState } from 'react';
import { useThrottledLog } from '../store/context';
import type { LogState } from '../store/state';

/** How often the log shows new entries while they come at a talking pace: an echo shows at once. */
export const QUICK_UPDATE_MS = 100;
/**
 * …and under a flood, when every update replaces the rows on screen: each one lays out, paints
 * and rasterises a screenful of new text, and nobody reads ten screenfuls a second.
 */
export const FLOOD_UPDATE_MS = 300;
/** Entries per second from which the log counts as flooded… */
const FLOOD_ENTRIES_PER_SECOND = 200;
/** …and below which it is calm again (apart, so a rate near the line does not flap). */
const CALM_ENTRIES_PER_SECOND = 50;

/** The pace for the next update, from how fast entries came between the last two shown. */
export function nextPace(current: number, entries: number, elapsedMs: number): number {
  const flooded = current === FLOOD_UPDATE_MS;
  if (elapsedMs <= 0) return flooded ? FLOOD_UPDATE_MS : QUICK_UPDATE_MS;
  const perSecond = (entries * 1000) / elapsedMs;
  if (perSecond >= FLOOD_ENTRIES_PER_SECOND) return FLOOD_UPDATE_MS;
  return flooded && perSecond >= CALM_ENTRIES_PER_SECOND ? FLOOD_UPDATE_MS : QUICK_UPDATE_MS;
}

/**
 * The tab's log as the view shows it (see `useThrottledLog`): new entries at most every 100 ms
 * while they trickle in, every 300 ms under a flood. The pace follows the rate of entries between
 * the last two updates shown.
 */
export function usePacedLog(tabId: string): LogState {
  const [pace, setPace] = useState<number>(QUICK_UPDATE_MS);
  const log = useThrottledLog(tabId, pace);
  const last = useRef({ lastSeq: log.window.lastSeq, at: performance.now() });
  useEffect(() => {
    const now = performance.now();
    const entries = Math.max(0, log.window.lastSeq - last.current.lastSeq);
    const elapsed = now - last.current.at;
    last.current = { lastSeq: log.window.lastSeq, at: now };
    setPace((current) => nextPace(current, entries, elapsed));
  }, [log]);
  return log;
}
