/** Installs the application menu and the About panel for the system's language. */
import { app, Menu } from 'electron';
import { menuLanguage } from './menu-labels';
import { aboutPanelOptions, buildMenuTemplate } from './menu-template';

export function installApplicationMenu(): void {
  const language = menuLanguage(app.getLocale());
  app.setAboutPanelOptions(aboutPanelOptions(app.getVersion(), language));
  const template = buildMenuTemplate({
    language,
    platform: process.platform,
    developerTools: !app.isPackaged,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
