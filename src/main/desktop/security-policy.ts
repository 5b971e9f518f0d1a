/**
 * The shell's security decisions as plain functions, so tests can check them under Node
 * (security.ts applies them to Electron's session and web contents).
 */

type ResponseHeaders = Record<string, string | string[]>;

/**
 * Adds the Content-Security-Policy to every response the window loads. The page needs only its
 * own scripts, styles, images and fonts; it talks to the engine through the preload, never the
 * network, so `connect-src` is closed too.
 *
 * Written as an `onHeadersReceived` listener with the policy inline, where security scanners
 * such as electronegativity look for it.
 */
export function addContentSecurityPolicy(
  details: { responseHeaders?: ResponseHeaders },
  callback: (response: { responseHeaders: ResponseHeaders }) => void,
): void {
  callback({
    responseHeaders: {
      ...details.responseHeaders,
      'Content-Security-Policy': [
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'",
      ],
    },
  });
}

/** Is this the renderer's own page (any query or hash), loaded from our `index.html`? */
export function isRendererPage(url: string, indexUrl: string): boolean {
  const page = parseUrl(url);
  const index = parseUrl(indexUrl);
  return (
    page !== undefined &&
    index !== undefined &&
    page.protocol === 'file:' &&
    index.protocol === 'file:' &&
    page.host === index.host &&
    page.pathname === index.pathname
  );
}

/** The parts of an IPC event that say who sent it (structural, so tests need no Electron). */
export interface IpcSender {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Only the top frame of our own window, showing our own page, may call the engine: not a
 * sub-frame, not another window, not a page the window was somehow navigated to.
 */
export function isTrustedSender(event: IpcSender, webContents: unknown, indexUrl: string): boolean {
  const frame = event.senderFrame;
  return (
    event.sender === webContents &&
    frame !== null &&
    frame.parent === null &&
    isRendererPage(frame.url, indexUrl)
  );
}

/**
 * A link the user may follow in the system browser: https only (no `file:`, `javascript:`,
 * custom schemes that launch other programs, or passwords in the URL). `undefined`: refuse.
 */
export function externalLinkToOpen(url: string): string | undefined {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:') return undefined;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return undefined;
  return parsed.href;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
