/** A zh-CN browser gets the Chinese UI, errors included. */
import { describe, expect, it } from 'vitest';
import { unusedPort } from '../support/node-peers';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const browser = useBrowser();

describe('languages', () => {
  it('shows Chinese labels and Chinese errors when the browser locale is zh-CN', async () => {
    const port = await unusedPort(HOST);
    const { page, tab, labels } = await openApp(browser(), { locale: 'zh-CN' });

    for (const locator of [
      tab.protocol,
      tab.remoteHost,
      tab.remotePort,
      tab.encoding,
      tab.hexDisplay,
      tab.hexSend,
      tab.message,
      tab.sendButton,
      tab.log,
      tab.button(labels.connect),
    ]) {
      await locator.waitFor();
    }
    expect(await page.getByRole('combobox', { name: 'Protocol' }).count()).toBe(0);

    await tab.chooseProtocol('tcp-client');
    await tab.setRemote(HOST, port);
    await tab.button(labels.connect).click();
    const alert = await tab.waitForAlert(/连接被拒绝/);
    expect(alert).toContain(`${HOST}:${port}`);
  });

  it('shows English labels when the browser locale is en-US', async () => {
    const { page } = await openApp(browser(), { locale: 'en-US' });

    await page.getByRole('combobox', { name: 'Protocol', exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: '协议' }).count()).toBe(0);
  });
});
