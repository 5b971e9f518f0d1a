/**
 * Applies the shell's security decisions (security-policy.ts) to Electron: the session denies
 * every permission and adds the CSP; every web contents, now or later, refuses navigation, new
 * windows and <webview>. External https links open in the system browser instead.
 */
import type { Session, WebContents } from 'electron';
import { shell } from 'electron';
import { addContentSecurityPolicy, externalLinkToOpen } from './security-policy';

export function hardenSession(session: Session): void {
  // NetAssist needs no camera, microphone, notifications, geolocation, USB, HID or serial port.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived(addContentSecurityPolicy);
}

/** For `app.on('web-contents-created')`: every web contents gets the same guards. */
export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
  // `will-frame-navigate` (not `will-navigate`): it also fires for sub-frames.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    if (event.isMainFrame) openInBrowser(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openInBrowser(url: string): void {
  const link = externalLinkToOpen(url);
  if (link === undefined) return;
  // Reviewed: `link` passed externalLinkToOpen (https only, no credentials), so no file: or
  // custom scheme can start another program.
  const opening = shell.openExternal(link); // eng-disable OPEN_EXTERNAL_JS_CHECK
  opening.catch((error: unknown) => {
    console.error(`NetAssist: could not open ${link} in the browser:`, error);
  });
}
