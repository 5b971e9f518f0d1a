/**
 * The application menu as data: the usual roles (so copy/paste, zoom and full screen work as
 * the platform expects), labelled in the user's language. Pure, so tests read it under Node.
 */
import type { AboutPanelOptionsOptions, MenuItemConstructorOptions } from 'electron';
import type { MenuLanguage } from './menu-labels';
import { MENU_LABELS } from './menu-labels';

export interface MenuContext {
  language: MenuLanguage;
  /** `process.platform`: macOS has the app menu and no Help → About. */
  platform: NodeJS.Platform;
  /** Developer tools only in a development run, not in an installed app. */
  developerTools: boolean;
}

export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const t = MENU_LABELS[context.language];
  const mac = context.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { role: 'about', label: t.about };

  const appMenu: MenuItemConstructorOptions = {
    label: t.app,
    submenu: [
      about,
      separator,
      { role: 'services', label: t.services },
      separator,
      { role: 'hide', label: t.hide },
      { role: 'hideOthers', label: t.hideOthers },
      { role: 'unhide', label: t.unhide },
      separator,
      { role: 'quit', label: t.quit },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: t.file,
    submenu: [mac ? { role: 'close', label: t.closeWindow } : { role: 'quit', label: t.quit }],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      separator,
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      ...(mac ? [{ role: 'pasteAndMatchStyle', label: t.pasteAndMatchStyle } as const] : []),
      { role: 'delete', label: t.delete },
      separator,
      { role: 'selectAll', label: t.selectAll },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: t.view,
    submenu: [
      { role: 'reload', label: t.reload },
      ...(context.developerTools
        ? [{ role: 'toggleDevTools', label: t.toggleDevTools } as const]
        : []),
      separator,
      { role: 'resetZoom', label: t.resetZoom },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      separator,
      { role: 'togglefullscreen', label: t.toggleFullScreen },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: t.window,
    submenu: mac
      ? [
          { role: 'minimize', label: t.minimize },
          { role: 'zoom', label: t.zoom },
          separator,
          { role: 'front', label: t.front },
        ]
      : [
          { role: 'minimize', label: t.minimize },
          { role: 'close', label: t.closeWindow },
        ],
  };
  const helpMenu: MenuItemConstructorOptions = { role: 'help', label: t.help, submenu: [about] };

  return mac
    ? [appMenu, fileMenu, editMenu, viewMenu, windowMenu]
    : [fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

/** What About shows: the name, the version and what the program is, in the menu's language. */
export function aboutPanelOptions(
  version: string,
  language: MenuLanguage,
): AboutPanelOptionsOptions {
  return {
    applicationName: 'NetAssist',
    applicationVersion: version,
    copyright: 'MIT License',
    credits:
      language === 'zh-CN'
        ? '网络调试助手：TCP 客户端、TCP 服务端与 UDP，文本（UTF-8、GBK 等）与十六进制显示。'
        : 'A network debugging assistant: TCP client, TCP server and UDP, shown as text (UTF-8, GBK, …) or hex.',
  };
}
