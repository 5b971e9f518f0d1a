/**
 * Framing, one of the Receive settings, in real Chromium against the browser-mode host: a Node TCP
 * peer on loopback writes "hel", "lo\r", "\nwor", "ld\r\n" one at a time (each seen before the
 * next), and the log's rows are cut by the framing chosen — raw chunks, a delimiter, a fixed
 * length (the engine cuts), or chunks merged in the page — while RX counts the same bytes. The
 * choice survives a page reload.
 */
import type net from 'node:net';
import type { Page } from 'playwright';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTcpServer } from '../support/node-peers';
import { AutomationPanel } from './support/automation-panel';
import { chosen } from './support/controls';
import { openApp, useBrowser } from './support/fixture';
import type { SessionTab } from './support/session-tab';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const PIECES = ['hel', 'lo\r', '\nwor', 'ld\r\n'];
const BYTES = PIECES.join('').length;
const browser = useBrowser();

/** Opens the app, connects its TCP client to a Node peer and returns the peer's socket. */
async function connectedApp() {
  const server = await startTcpServer(HOST);
  onTestFinished(() => server.close());
  const opened = await openApp(browser());
  const accepted = server.nextSocket();
  await opened.tab.connect(HOST, server.port);
  const peer = await accepted;
  peer.setNoDelay(true);
  return { ...opened, peer, automation: new AutomationPanel(opened.page) };
}

/** Writes the pieces one at a time, each counted by the page before the next is written. */
async function sendPieces(peer: net.Socket, tab: SessionTab, rxBefore: number): Promise<number> {
  let rx = rxBefore;
  for (const piece of PIECES) {
    peer.write(piece);
    rx += piece.length;
    await tab.waitForCounters({ rx, tx: 0 });
  }
  return rx;
}

/**
 * The received rows' payloads as shown, oldest first: invisible characters are the escapes the
 * page writes (`\r\n`), the line breaks it adds after them are left out.
 */
function receivedRows(page: Page): Promise<string[]> {
  return page
    .getByRole('log', { name: 'Traffic', exact: true })
    .evaluate((log) =>
      Array.from(log.querySelectorAll<HTMLElement>('.row.data.rx .payload')).map((payload) =>
        payload.innerText.replace(/\n/g, ''),
      ),
    );
}

async function waitForRows(page: Page, rows: string[]): Promise<void> {
  await expect
    .poll(() => receivedRows(page), { timeout: UI_TIMEOUT_MS, message: 'the received rows' })
    .toEqual(rows);
}

describe('Framing (Receive settings)', () => {
  it('cuts the log into rows by raw chunks, a delimiter or a fixed length; RX counts the same bytes', async () => {
    const { page, tab, peer, automation } = await connectedApp();
    expect(await chosen(automation.framing)).toBe('Raw chunks');
    await tab.waitForText('Cuts received data into log rows and auto-reply messages.');

    let rx = await sendPieces(peer, tab, 0);
    const raw = ['hel', 'lo\\r', '\\nwor', 'ld\\r\\n'];
    await waitForRows(page, raw);

    await automation.chooseFraming('Split on delimiter');
    await automation.fillFraming(automation.delimiter, '0D 0A');
    rx = await sendPieces(peer, tab, rx);
    expect(rx).toBe(2 * BYTES);
    // A change applies to data received from then on: the raw rows stay as they were cut.
    await waitForRows(page, [...raw, 'hello\\r\\n', 'world\\r\\n']);

    await automation.chooseFraming('Fixed length');
    await automation.fillFraming(automation.messageLength, '4');
    rx = await sendPieces(peer, tab, rx);
    expect(rx).toBe(3 * BYTES);
    // 14 bytes in fours: the last two wait for the rest of their message…
    await waitForRows(page, [...raw, 'hello\\r\\n', 'world\\r\\n', 'hell', 'o\\r\\nw', 'orld']);
    // …and are logged as they are once the stream ends.
    peer.end();
    await waitForRows(page, [
      ...raw,
      'hello\\r\\n',
      'world\\r\\n',
      'hell',
      'o\\r\\nw',
      'orld',
      '\\r\\n',
    ]);
  });

  it('merge shows the chunks of a stream arriving within the window as one row', async () => {
    const { page, tab, peer, automation } = await connectedApp();
    await automation.chooseFraming('Merge within N ms');
    await automation.fillFraming(automation.mergeWithin, '5000');
    await sendPieces(peer, tab, 0);
    await waitForRows(page, ['hello\\r\\nworld\\r\\n']);
    expect(await tab.entry('hel')).toMatch(/14 B\s*×4/);

    // Merging is the page's: a shorter window shows the same entries apart again.
    await automation.chooseFraming('Raw chunks');
    await waitForRows(page, ['hel', 'lo\\r', '\\nwor', 'ld\\r\\n']);
    await tab.waitForCounters({ rx: BYTES, tx: 0 });
  });

  it('keeps the framing across a page reload, and the engine goes on cutting by it', async () => {
    const { page, tab, peer, automation } = await connectedApp();
    await automation.chooseFraming('Split on delimiter');
    await automation.fillFraming(automation.delimiter, '0D 0A');

    await page.reload();
    await automation.framing.waitFor();
    expect(await chosen(automation.framing)).toBe('Split on delimiter');
    expect(await automation.delimiter.inputValue()).toBe('0D 0A');
    // Framing is no longer an Auto-reply control; the region says where rules get their messages.
    expect(
      await automation.autoReply.getByRole('combobox', { name: 'Framing', exact: true }).count(),
    ).toBe(0);
    await tab.waitForText('Rules match messages as cut by Framing (Receive settings).');

    await sendPieces(peer, tab, 0);
    await waitForRows(page, ['hello\\r\\n', 'world\\r\\n']);
  });
});
