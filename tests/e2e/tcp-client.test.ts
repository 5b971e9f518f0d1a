/** The app as the missing TCP client of the lessons: connect, talk in UTF-8 or GBK, see it end. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { unusedPort } from '../support/node-peers';
import { startServerPeer } from '../support/python-peer';
import { startStalledListener } from '../support/stalled-listener';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const browser = useBrowser();

describe('TCP client', () => {
  it('talks UTF-8 with a lesson server: the server reads our text and its reply shows in Traffic', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { tab } = await openApp(browser());

    await tab.connect(HOST, port);
    await tab.send('你好，服务端');
    const received = await peer.nextReceived();
    peer.type('收到了，同学！');

    expect(received.text).toBe('你好，服务端');
    expect(received.bytes.toString('hex')).toBe(Buffer.from('你好，服务端').toString('hex'));
    await tab.waitForLog('收到了，同学！');
    await tab.waitForLog('你好，服务端');
  });

  it('talks GBK with the lesson GBK server: our text arrives as GBK, its GBK reply reads right', async () => {
    const { peer, port } = await startServerPeer('gbk_reply_server.py', HOST);
    const { tab } = await openApp(browser());

    await tab.chooseEncoding(/^GBK/i);
    await tab.connect(HOST, port);
    await tab.send('你好');
    const received = await peer.nextReceived();

    expect(received.bytes.toString('hex')).toBe('c4e3bac3');
    expect(received.text).toBe('你好');
    await tab.waitForLog('好的,已经收到!~');
    await peer.finished();
  });

  it('sending exit ends the lesson server, and the state says the peer closed', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { tab, labels } = await openApp(browser());

    await tab.connect(HOST, port);
    await tab.send('exit');

    expect((await peer.nextReceived()).text).toBe('exit');
    await peer.finished();
    await tab.waitForText(/closed by the peer/i);
    await tab.button(labels.connect).waitFor();
  });

  it('counts RX and TX bytes exactly in the status bar', async () => {
    const { peer, port } = await startServerPeer('interactive_server.py', HOST, 'utf-8');
    const { tab } = await openApp(browser());
    const exchanges = [
      ['hello', '你好'],
      ['abc', 'ok'],
      ['中文', 'done'],
    ] as const;

    await tab.connect(HOST, port);
    for (const [ours, theirs] of exchanges) {
      await tab.send(ours);
      await peer.nextReceived();
      peer.type(theirs);
      await tab.waitForLog(theirs);
    }

    const tx = exchanges.reduce((sum, [ours]) => sum + Buffer.byteLength(ours), 0);
    const rx = exchanges.reduce((sum, [, theirs]) => sum + Buffer.byteLength(theirs), 0);
    expect({ rx, tx }).toEqual({ rx: 12, tx: 14 });
    await tab.waitForCounters({ rx, tx });
  });

  it('switching the Encoding re-renders the entries already in the log', async () => {
    const { peer, port } = await startServerPeer('gbk_reply_server.py', HOST);
    const { tab } = await openApp(browser());

    await tab.chooseEncoding(/^UTF-8/i);
    await tab.connect(HOST, port);
    await tab.send('hello');
    await peer.finished();
    await tab.waitForLog('hello');
    // The GBK reply, read as UTF-8, is not the right characters…
    await tab.waitForLog(/\uFFFD/);
    expect(await tab.logText()).not.toContain('好的');

    await tab.chooseEncoding(/^GBK/i);

    // …and the same entry, read again as GBK, is.
    await tab.waitForLog('好的,已经收到!~');
    expect(await tab.logText()).toContain('hello');
  });

  it('a refused connection is an alert naming the address', async () => {
    const port = await unusedPort(HOST);
    const { tab, labels } = await openApp(browser());

    await tab.chooseProtocol('tcp-client');
    await tab.setRemote(HOST, port);
    await tab.button(labels.connect).click();

    const alert = await tab.waitForAlert(/refused/i);
    expect(alert).toContain(`${HOST}:${port}`);
    await tab.button(labels.connect).waitFor();
  });

  it('a connect to a host that does not answer can be cancelled before its timeout', async () => {
    const stalled = await startStalledListener();
    onTestFinished(() => stalled.stop());
    const { page, tab, labels } = await openApp(browser());

    await tab.chooseProtocol('tcp-client');
    await tab.setRemote(HOST, stalled.port);
    await tab.button(labels.connect).click();
    const cancel = tab.button('Cancel connecting');
    await cancel.waitFor();
    expect(await cancel.getAttribute('aria-busy')).toBe('true');
    await cancel.click();

    // Well inside the 5 s connect timeout: the attempt is abandoned, and nothing went wrong.
    await tab.button(labels.connect).waitFor({ timeout: 2000 });
    const status = page.locator('footer[aria-label="Status"]').getByRole('status');
    expect(await status.innerText()).toBe('Closed: closed by you');
    expect(await tab.alerts.count()).toBe(0);
  });
});
