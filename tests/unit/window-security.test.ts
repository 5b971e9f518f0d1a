import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { newMainWindow } from '../../src/main/desktop/secure-window';
import {
  addContentSecurityPolicy,
  externalLinkToOpen,
  isRendererPage,
} from '../../src/main/desktop/security-policy';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  MIN_WINDOW_HEIGHT,
  MIN_WINDOW_WIDTH,
  parseWindowState,
} from '../../src/main/desktop/window-state';

/** Stands in for Electron's BrowserWindow: keeps the options it was constructed with. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

const INDEX =
  'file:///Applications/NetAssist.app/Contents/Resources/app.asar/dist/renderer/index.html';

function windowOptions(state = DEFAULT_WINDOW_STATE, dark = false) {
  return newMainWindow(RecordingWindow, '/app/dist/preload/index.cjs', state, dark).options;
}

describe('the main window', () => {
  it('isolates and sandboxes the page, with no Node, no <webview> and web security on', () => {
    expect(windowOptions().webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('turns nothing dangerous on: no extra Blink features, middle-click new windows off', () => {
    const preferences = windowOptions().webPreferences ?? {};
    expect(preferences.enableBlinkFeatures).toBeUndefined();
    expect(preferences.disableBlinkFeatures).toBe('Auxclick');
    expect(preferences.additionalArguments).toBeUndefined();
  });

  it('stays hidden until painted, over the theme background (no white flash)', () => {
    expect(windowOptions().show).toBe(false);
    expect(windowOptions(DEFAULT_WINDOW_STATE, true).backgroundColor).toBe('#1e1e1e');
    expect(windowOptions(DEFAULT_WINDOW_STATE, false).backgroundColor).toBe('#ffffff');
  });

  it('opens where it was left, or centred by the system when no place is known', () => {
    const placed = windowOptions({ x: 40, y: 30, width: 1000, height: 700, maximized: false });
    expect(placed).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(placed).toMatchObject({ minWidth: MIN_WINDOW_WIDTH, minHeight: MIN_WINDOW_HEIGHT });
    const fresh = windowOptions();
    expect(fresh.x).toBeUndefined();
    expect(fresh.y).toBeUndefined();
  });
});

describe('the Content-Security-Policy', () => {
  function policy(headers?: Record<string, string | string[]>) {
    let answer: Record<string, string | string[]> = {};
    addContentSecurityPolicy({ responseHeaders: headers }, (response) => {
      answer = response.responseHeaders;
    });
    return answer;
  }
  function directives() {
    const [text] = policy()['Content-Security-Policy'] as string[];
    return new Map(
      (text ?? '').split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
  }

  it('starts from nothing allowed, then allows only the app’s own files', () => {
    const csp = directives();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('allows no inline or evaluated script, no plugins, no frames, no network', () => {
    const [text] = policy()['Content-Security-Policy'] as string[];
    expect(text).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|wss?:/);
    const csp = directives();
    expect(csp.get('connect-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('keeps the response’s other headers', () => {
    expect(policy({ 'Content-Type': ['text/html'] })).toMatchObject({
      'Content-Type': ['text/html'],
    });
  });
});

describe('which page may talk to the engine', () => {
  it.each([
    [INDEX, true],
    [`${INDEX}?lang=zh-CN`, true],
    [`${INDEX}#/session/2`, true],
    [
      'file:///Applications/NetAssist.app/Contents/Resources/app.asar/dist/renderer/other.html',
      false,
    ],
    ['file:///tmp/index.html', false],
    ['https://example.com/dist/renderer/index.html', false],
    ['about:blank', false],
    ['not a url', false],
  ])('%s → %s', (url, trusted) => {
    expect(isRendererPage(url, INDEX)).toBe(trusted);
  });
});

describe('external links', () => {
  it.each([
    [
      'https://docs.python.org/3/library/socket.html',
      'https://docs.python.org/3/library/socket.html',
    ],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ])('opens %s in the browser as %s', (url, opened) => {
    expect(externalLinkToOpen(url)).toBe(opened);
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker/share',
    'ms-msdt:/id',
    'https://user:secret@example.com/',
    'https:',
    'not a url',
  ])('refuses %s', (url) => {
    expect(externalLinkToOpen(url)).toBeUndefined();
  });
});

describe('the remembered window place', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 875 };
  const external = { x: 1440, y: 0, width: 2560, height: 1415 };

  it('reads a stored place, and gives the default for anything unexpected', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 1000, height: 700, maximized: true })).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
    });
    for (const junk of [undefined, null, 'big', { width: '1000', height: 700 }, { width: 1.5 }]) {
      expect(parseWindowState(junk)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('never makes the window smaller than its minimum', () => {
    expect(parseWindowState({ width: 10, height: 10 })).toMatchObject({
      width: MIN_WINDOW_WIDTH,
      height: MIN_WINDOW_HEIGHT,
    });
  });

  it('keeps a place that is on a connected screen', () => {
    const state = { x: 2000, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [laptop, external])).toEqual(state);
  });

  it('forgets a place on a screen that was unplugged, so the window is not lost off-screen', () => {
    const state = { x: 2000, y: 100, width: 1200, height: 800, maximized: false };
    const fitted = fitToDisplays(state, [laptop]);
    expect(fitted.x).toBeUndefined();
    expect(fitted.y).toBeUndefined();
  });

  it('shrinks a window larger than the largest screen', () => {
    const state = { width: 4000, height: 3000, maximized: false };
    expect(fitToDisplays(state, [laptop])).toMatchObject({ width: 1440, height: 875 });
  });
});
