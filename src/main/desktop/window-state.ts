/**
 * The window's size and place, remembered between runs. Pure functions: the file comes through
 * `JsonFileStore`, the displays through Electron's `screen`, so both are testable under Node.
 */

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_WIDTH = 1200;
export const DEFAULT_WINDOW_HEIGHT = 800;
/** Below this the send box, the log and the session list no longer fit side by side. */
export const MIN_WINDOW_WIDTH = 720;
export const MIN_WINDOW_HEIGHT = 480;
/** How much of the title bar must be on a screen for the user to grab it. */
const MIN_VISIBLE_PIXELS = 64;

export const DEFAULT_WINDOW_STATE: WindowState = {
  width: DEFAULT_WINDOW_WIDTH,
  height: DEFAULT_WINDOW_HEIGHT,
  maximized: false,
};

const isWhole = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value);

/** Reads what the file holds; anything unexpected (a hand edit, an old format) gives the default. */
export function parseWindowState(stored: unknown): WindowState {
  if (stored === null || typeof stored !== 'object') return DEFAULT_WINDOW_STATE;
  const { x, y, width, height, maximized } = stored as Record<string, unknown>;
  if (!isWhole(width) || !isWhole(height)) return DEFAULT_WINDOW_STATE;
  const state: WindowState = {
    width: Math.max(width, MIN_WINDOW_WIDTH),
    height: Math.max(height, MIN_WINDOW_HEIGHT),
    maximized: maximized === true,
  };
  if (isWhole(x) && isWhole(y)) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/**
 * Keeps the remembered place only if the window would still be reachable: a monitor that was
 * unplugged since would otherwise open the app off-screen. Too large a size shrinks to fit.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const largest = workAreas.reduce<Rectangle | undefined>(
    (best, area) => (!best || area.width * area.height > best.width * best.height ? area : best),
    undefined,
  );
  const fitted: WindowState = {
    width: largest ? Math.min(state.width, largest.width) : state.width,
    height: largest ? Math.min(state.height, largest.height) : state.height,
    maximized: state.maximized,
  };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar = { x: state.x, y: state.y, width: fitted.width, height: MIN_VISIBLE_PIXELS };
  const reachable = workAreas.some(
    (area) =>
      overlap(titleBar.x, titleBar.width, area.x, area.width) >= MIN_VISIBLE_PIXELS &&
      overlap(titleBar.y, titleBar.height, area.y, area.height) >= MIN_VISIBLE_PIXELS / 2,
  );
  return reachable ? { ...fitted, x: state.x, y: state.y } : fitted;
}

function overlap(start: number, length: number, otherStart: number, otherLength: number) {
  return Math.min(start + length, otherStart + otherLength) - Math.max(start, otherStart);
}
