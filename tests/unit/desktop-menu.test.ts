import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_LABELS, menuLanguage } from '../../src/main/desktop/menu-labels';
import type { MenuLanguage } from '../../src/main/desktop/menu-labels';
import { aboutPanelOptions, buildMenuTemplate } from '../../src/main/desktop/menu-template';

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

const roles = (menu: MenuItemConstructorOptions[]) =>
  items(menu).flatMap((item) => (item.role ? [item.role] : []));

describe('application menu', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['', 'en'],
  ] as const)('the system locale %s gives the %s menu', (locale, language) => {
    expect(menuLanguage(locale)).toBe(language);
  });

  it('has every label in both languages, and the Chinese ones are Chinese', () => {
    const keys = Object.keys(MENU_LABELS.en).sort();
    expect(Object.keys(MENU_LABELS['zh-CN']).sort()).toEqual(keys);
    for (const key of keys as (keyof typeof MENU_LABELS.en)[]) {
      expect(MENU_LABELS.en[key]).not.toBe('');
      if (key !== 'app') expect(MENU_LABELS['zh-CN'][key]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each(['win32', 'linux', 'darwin'] as const)(
    'on %s, has the usual editing, view and window roles, all labelled',
    (platform) => {
      const menu = buildMenuTemplate({ language: 'zh-CN', platform, developerTools: false });
      expect(roles(menu)).toEqual(
        expect.arrayContaining([
          'undo',
          'redo',
          'cut',
          'copy',
          'paste',
          'selectAll',
          'reload',
          'resetZoom',
          'zoomIn',
          'zoomOut',
          'togglefullscreen',
          'minimize',
          'close',
          'quit',
          'about',
        ]),
      );
      for (const item of items(menu)) {
        if (item.type === 'separator') continue;
        expect(item.label, JSON.stringify(item)).toMatch(/\S/);
        expect(item.role ?? item.submenu, JSON.stringify(item)).toBeDefined();
      }
      expect(items(menu).map((item) => item.label)).toContain('关于 NetAssist');
    },
  );

  it('follows each platform: the app menu on macOS, Help → About elsewhere', () => {
    const labels = (platform: NodeJS.Platform, language: MenuLanguage = 'en') =>
      buildMenuTemplate({ language, platform, developerTools: false }).map((item) => item.label);
    expect(labels('darwin')).toEqual(['NetAssist', 'File', 'Edit', 'View', 'Window']);
    expect(labels('win32')).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels('linux', 'zh-CN')).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
  });

  it('offers developer tools only when not installed', () => {
    const devtools = (developerTools: boolean) =>
      roles(buildMenuTemplate({ language: 'en', platform: 'linux', developerTools })).includes(
        'toggleDevTools',
      );
    expect(devtools(true)).toBe(true);
    expect(devtools(false)).toBe(false);
  });

  it('About shows the name and the version, described in the menu language', () => {
    expect(aboutPanelOptions('1.2.3', 'en')).toMatchObject({
      applicationName: 'NetAssist',
      applicationVersion: '1.2.3',
    });
    expect(aboutPanelOptions('1.2.3', 'zh-CN').credits).toMatch(/网络调试助手/);
  });
});
