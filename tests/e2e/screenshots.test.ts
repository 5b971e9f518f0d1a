/**
 * The README's screenshots (docs/screenshots/*.png, 1280×800): a TCP client talking to a lesson
 * server, a TCP server with two lesson clients, and the hex view — in English and Chinese, light
 * and dark. Each also checks the view shows what it claims and that dark really is dark.
 */
import { describe, expect, it } from 'vitest';
import { startPeer, startServerPeer } from '../support/python-peer';
import type { UiLocale } from './support/browser';
import { openApp, useBrowser } from './support/fixture';
import { saveBothThemes } from './support/screenshots';

const HOST = '127.0.0.1';
const browser = useBrowser();
const LOCALES: [UiLocale, string][] = [
  ['en-US', 'en'],
  ['zh-CN', 'zh'],
];

function expectThemesDiffer(seen: { light: string; dark: string }) {
  expect(seen.light).not.toBe('none');
  expect(seen.dark).not.toBe(seen.light);
}

describe.each(LOCALES)('screenshots (%s)', (locale, language) => {
  it('TCP client talking to a lesson server', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { page, tab } = await openApp(browser(), { locale });
    await tab.connect(HOST, port);
    for (const [ours, theirs] of [
      ['你好，服务端', '你好，我是 Python 服务端'],
      ['今天不想上课', '明天必须来'],
    ]) {
      await tab.send(ours ?? '');
      await peer.nextReceived();
      peer.type(theirs ?? '');
      await tab.waitForLog(theirs ?? '');
    }

    expectThemesDiffer(await saveBothThemes(page, `client-${language}`));
  });

  it('TCP server with two lesson clients', async () => {
    const { page, tab, server } = await openApp(browser(), { locale });
    const port = await tab.listen(HOST);
    const clients = [
      startPeer('interactive_client.py', HOST, port, 'utf-8'),
      startPeer('interactive_client.py', HOST, port, 'utf-8'),
    ];
    const addresses: string[] = [];
    for (const [index, client] of clients.entries()) {
      const [, host = '', clientPort = ''] = await client.waitForLine(/^CONNECTED (\S+) (\d+)$/);
      addresses.push(`${host}:${clientPort}`);
      client.type(`我是客户端 ${index + 1}`);
      await tab.waitForLog(`我是客户端 ${index + 1}`);
    }
    await server.waitForClients(addresses);
    await tab.send('欢迎两位同学');
    for (const client of clients) expect((await client.nextReceived()).text).toBe('欢迎两位同学');

    expectThemesDiffer(await saveBothThemes(page, `server-${language}`));
  });

  it('hex view', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { page, tab } = await openApp(browser(), { locale });
    await tab.connect(HOST, port);
    await tab.setHexSend(true);
    await tab.setHexDisplay(true);
    await tab.send('48 65 6C 6C 6F 0D 0A');
    expect((await peer.nextReceived()).bytes.toString('hex')).toBe('48656c6c6f0d0a');
    peer.type('你好');
    await tab.waitForLog('E4 BD A0 E5 A5 BD');
    await tab.message.fill('01 03 00 00 00 0A C5 CD');

    expectThemesDiffer(await saveBothThemes(page, `hex-${language}`));
  });
});
