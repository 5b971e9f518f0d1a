/**
 * The log's tools (issue 6) in real Chromium against the browser-mode host: Export log in every
 * format of known traffic (checked in the downloaded file), Filter with Next / Previous over
 * thousands of entries (text, hex, direction), the Timestamps modes, selecting rows (click,
 * Shift+click, Ctrl+A, Escape, Ctrl+C) and exporting the selection, Only matches growing with new
 * traffic and exporting the matches, and Stop export of a big log. Peers are Node sockets on
 * 127.0.0.1 with OS-picked ports.
 */
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import type { Download } from 'playwright';
import { describe, expect, it, onTestFinished } from 'vitest';
import { appWithClient } from './support/app-with-client';
import { openApp, useBrowser } from './support/fixture';
import { LogTools } from './support/log-tools';
import { choose } from './support/controls';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const browser = useBrowser();

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function downloaded(download: Download): Promise<Buffer> {
  const path = await download.path();
  if (!path) throw new Error(`the download ${download.suggestedFilename()} failed`);
  return readFile(path);
}

/** The data rows of a CSV export (header and trailing empty line left out). */
function csvRows(csv: Buffer): string[] {
  return csv
    .toString('utf8')
    .split('\r\n')
    .slice(1)
    .filter((row) => row !== '');
}

/** A UDP socket on 127.0.0.1 that sends datagrams to `port`. */
async function udpSender(): Promise<{
  port: number;
  send(to: number, datagrams: readonly Buffer[]): Promise<void>;
}> {
  const socket = dgram.createSocket('udp4');
  onTestFinished(() => void socket.close());
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  return {
    port: socket.address().port,
    send: (to, datagrams) =>
      Promise.all(
        datagrams.map(
          (datagram) =>
            new Promise<void>((resolve, reject) =>
              socket.send(datagram, to, HOST, (error) => (error ? reject(error) : resolve())),
            ),
        ),
      ).then(() => undefined),
  };
}

describe('Log tools', () => {
  it('exports the log as text, CSV, JSON Lines and the raw bytes of each direction', async () => {
    const { page, tab, client, address: peer } = await appWithClient(browser());
    const tools = new LogTools(page);

    // One write at a time, each seen before the next: one entry each.
    const received = [
      Buffer.from('hello, 1\n'),
      Buffer.from('第二条 "message"\n', 'utf8'),
      Buffer.from([0x00, 0x01, 0x02, 0xff]),
    ];
    let rx = 0;
    for (const chunk of received) {
      client.write(chunk);
      rx += chunk.length;
      await tab.waitForCounters({ rx, tx: 0 });
    }
    const reply = Buffer.from('reply from NetAssist');
    await tab.send(reply.toString());
    await tab.waitForCounters({ rx, tx: reply.length });

    const text = (await downloaded(await tools.exportAs('Text as shown'))).toString('utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} RX ${peer} → hello, 1\\\\n$`),
    );
    expect(lines[3]).toContain(`TX ${peer} → reply from NetAssist`);
    await tools.waitForExport(/Saved netassist-\S+\.txt: 4 entries/);

    const csv = (await downloaded(await tools.exportAs('CSV'))).toString('utf8');
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('\uFEFFtime,direction,peer,bytes,hex,text');
    expect(rows.slice(1).filter((row) => row !== '')).toHaveLength(4);
    expect(rows[1]).toContain(`,rx,${peer},9,68 65 6C 6C 6F 2C 20 31 0A,"hello, 1\n"`);
    expect(rows[2]).toContain(',"第二条 ""message""\n"');
    expect(rows[4]).toContain(`,tx,${peer},${reply.length},`);

    const jsonl = (await downloaded(await tools.exportAs('JSON Lines'))).toString('utf8');
    const entries = jsonl
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { direction: string; length: number; hex: string });
    expect(entries.map((entry) => entry.direction)).toEqual(['rx', 'rx', 'rx', 'tx']);
    expect(entries.map((entry) => entry.length)).toEqual([
      ...received.map((chunk) => chunk.length),
      reply.length,
    ]);

    const rawRx = await downloaded(await tools.exportAs('Raw received bytes'));
    expect(sha256(rawRx)).toBe(sha256(Buffer.concat(received)));
    const rawTx = await downloaded(await tools.exportAs('Raw sent bytes'));
    expect(rawTx.equals(reply)).toBe(true);
    await tools.waitForExport(/Saved netassist-\S+\.bin: 4 entries/);
  });

  it('finds entries among thousands with Next / Previous, by text, hex and direction', async () => {
    const { page, tab } = await openApp(browser());
    const tools = new LogTools(page);
    const sender = dgram.createSocket('udp4');
    onTestFinished(() => void sender.close());
    await new Promise<void>((resolve) => sender.bind(0, HOST, resolve));
    const ourPort = await tab.openUdp(HOST, { host: HOST, port: sender.address().port });

    const total = 5000;
    const needles = new Map([
      [1234, 'NEEDLE-A'],
      [3456, 'NEEDLE-B'],
      [4321, 'NEEDLE-C'],
    ]);
    let rx = 0;
    // In batches, each received before the next: a burst of thousands could overflow the
    // receive buffer, and a lost datagram would shift every entry number.
    for (let first = 1; first <= total; first += 250) {
      const sent: Promise<void>[] = [];
      for (let i = first; i < first + 250 && i <= total; i++) {
        const datagram = Buffer.from(`line ${i} ${needles.get(i) ?? 'filler'}\n`);
        rx += datagram.length;
        sent.push(
          new Promise((resolve, reject) =>
            sender.send(datagram, ourPort, HOST, (error) => (error ? reject(error) : resolve())),
          ),
        );
      }
      await Promise.all(sent);
      await tab.waitForCounters({ rx, tx: 0 }, 20_000);
    }
    await tab.send('NEEDLE-TX from the app');
    await tab.waitForCounters({ rx, tx: 'NEEDLE-TX from the app'.length });

    // Watching the tail, the first search covers the whole log.
    await tools.find('NEEDLE');
    await tools.waitForStatus('Match: entry 1234 of 5001', 20_000);
    await expect
      .poll(() => tools.matchedRow(), { timeout: UI_TIMEOUT_MS })
      .toContain('line 1234 NEEDLE-A');
    await tools.next();
    await tools.waitForStatus('Match: entry 3456 of 5001', 20_000);
    await expect
      .poll(() => tools.matchedRow(), { timeout: UI_TIMEOUT_MS })
      .toContain('line 3456 NEEDLE-B');
    await tools.next();
    await tools.waitForStatus('Match: entry 4321 of 5001', 20_000);
    await tools.next();
    await tools.waitForStatus('Match: entry 5001 of 5001', 20_000);
    await expect
      .poll(() => tools.matchedRow(), { timeout: UI_TIMEOUT_MS })
      .toContain('NEEDLE-TX from the app');
    await tools.next();
    await tools.waitForStatus('No more matches', 20_000);
    await tools.previous();
    await tools.waitForStatus('Match: entry 4321 of 5001', 20_000);
    await expect
      .poll(() => tools.matchedRow(), { timeout: UI_TIMEOUT_MS })
      .toContain('line 4321 NEEDLE-C');

    // Direction: only what the app sent, then only what it received (searching up from the view).
    await choose(tools.direction, 'Sent');
    await tools.previous();
    await tools.waitForStatus('No more matches', 20_000);
    await tools.next();
    await tools.waitForStatus('Match: entry 5001 of 5001', 20_000);
    await choose(tools.direction, 'Received');
    await tools.previous();
    await tools.waitForStatus('Match: entry 4321 of 5001', 20_000);

    // Hex: the bytes of "NEEDLE-B", searching up from the view (at entry 4321).
    await choose(tools.direction, 'Both directions');
    await tools.setFilter('4E 45 45 44 4C 45 2D 42', true);
    await tools.previous();
    await tools.waitForStatus('Match: entry 3456 of 5001', 20_000);
    await expect
      .poll(() => tools.matchedRow(), { timeout: UI_TIMEOUT_MS })
      .toContain('line 3456 NEEDLE-B');
    await tools.find('4E 4', true);
    await tools.waitForStatus(/^Search failed: /);
  });

  it('shows timestamps as clock time, since the previous entry or since the first', async () => {
    const { page, tab, client } = await appWithClient(browser());
    const tools = new LogTools(page);
    client.write('first\n');
    await tab.waitForEntry('first');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.write('second\n');
    await tab.waitForEntry('second');

    const times = () => page.getByRole('log').locator('.row.data .time').allInnerTexts();
    await expect
      .poll(times)
      .toEqual([
        expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
        expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      ]);
    await choose(tools.timestamps, '+ since previous entry');
    await expect.poll(times).toEqual(['+0 ms', expect.stringMatching(/^\+\d+(\.\d+)? ms$/)]);
    const gap = Number(/\d+(\.\d+)?/.exec((await times())[1]!)![0]);
    expect(gap).toBeGreaterThanOrEqual(40);
    await choose(tools.timestamps, '+ since first entry');
    await expect.poll(times).toEqual(['+0 ms', `+${gap} ms`]);
    // The mode is kept with the tab's receive settings.
    await page.reload();
    await tab.waitForEntry('second');
    await expect.poll(times).toEqual(['+0 ms', `+${gap} ms`]);
  });

  it('selects rows with click, Shift+click and Ctrl+A, copies them and exports the selection', async () => {
    const { page, tab, client, address: peer } = await appWithClient(browser());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const tools = new LogTools(page);
    let rx = 0;
    for (let i = 1; i <= 8; i++) {
      const line = `line ${i}\n`;
      client.write(line);
      rx += line.length;
      await tab.waitForCounters({ rx, tx: 0 });
    }
    await tab.waitForEntry('line 8');

    await tools.row('line 3').click();
    await tools.row('line 6').click({ modifiers: ['Shift'] });
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => expect.stringContaining(`line ${from + i}`));
    await expect.poll(() => tools.selectedRows()).toEqual(lines(3, 6));
    await expect.poll(() => tools.selectionStatus.innerText()).toBe('4 selected');

    // Ctrl+C: the rows as the log shows them, one line each.
    await page.keyboard.press('Control+C');
    await expect
      .poll(() => tools.selectionStatus.innerText())
      .toBe('4 selected · Copied 4 entries');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n')).toEqual(
      [3, 4, 5, 6].map((i) =>
        expect.stringMatching(
          new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} RX ${peer} → line ${i}\\\\n$`),
        ),
      ),
    );

    // The selection stays while new entries arrive.
    client.write('line 9\n');
    await tab.waitForEntry('line 9');
    expect(await tools.selectedRows()).toEqual(lines(3, 6));

    expect(await tools.entriesChoices()).toEqual(['All kept entries (9)', 'Selection (4)']);
    const csv = csvRows(await downloaded(await tools.exportAs('CSV', 'Selection')));
    expect(csv).toEqual(
      [3, 4, 5, 6].map((i) => expect.stringMatching(`,rx,${peer},7,[0-9A-F ]+,"line ${i}\n"$`)),
    );
    await tools.waitForExport(/Saved netassist-\S+\.csv: 4 entries/);

    // Ctrl+A in the log selects every kept entry; Escape clears.
    await tab.log.focus();
    await page.keyboard.press('Control+A');
    await expect.poll(() => tools.selectionStatus.innerText()).toBe('9 selected');
    await expect.poll(() => tools.selectedRows()).toEqual(lines(1, 9));
    await page.keyboard.press('Escape');
    await expect.poll(() => tools.selectedRows()).toEqual([]);
    await expect.poll(() => tools.selectionStatus.count()).toBe(0);

    // The arrow keys: the first row in view, the next ones, and with Shift the range stretches.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => tools.selectedRows()).toEqual(lines(1, 1));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => tools.selectedRows()).toEqual(lines(3, 5));
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(() => tools.selectedRows()).toEqual(lines(3, 4));
  });

  it('shows only the matches of the filter, keeps them growing and exports them', async () => {
    const { page, tab } = await openApp(browser());
    const tools = new LogTools(page);
    const sender = await udpSender();
    const ourPort = await tab.openUdp(HOST, { host: HOST, port: sender.port });
    // The first row is a note ("bound on …"): Only matches hides it.
    const notes = tools.rows.locator('[role="option"][aria-disabled="true"]');
    await sender.send(ourPort, [Buffer.from('first')]);
    await tab.waitForEntry('first');
    expect(await notes.count()).toBeGreaterThan(0);
    const label = (i: number) => `dg ${i} ${i % 75 === 0 ? 'MATCH' : 'filler'}`;
    let rx = 'first'.length;
    for (let first = 1; first <= 600; first += 100) {
      const batch = Array.from({ length: 100 }, (_, i) => Buffer.from(label(first + i)));
      rx += batch.reduce((sum, datagram) => sum + datagram.length, 0);
      await sender.send(ourPort, batch);
      await tab.waitForCounters({ rx, tx: 0 });
    }

    await tools.setFilter('MATCH');
    await tools.onlyMatches.click();
    await expect.poll(() => tools.onlyMatches.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => tools.matchCount.innerText(), { timeout: UI_TIMEOUT_MS })
      .toBe('8 matches');
    const matched = [75, 150, 225, 300, 375, 450, 525, 600].map((i) => `dg ${i} MATCH`);
    await expect
      .poll(() => tools.shownEntries())
      .toEqual(matched.map((text) => expect.stringContaining(text)));
    expect(await notes.count()).toBe(0);

    // New traffic: the match shows, the rest does not.
    await sender.send(ourPort, [Buffer.from('dg new filler'), Buffer.from('dg new MATCH')]);
    await expect
      .poll(() => tools.matchCount.innerText(), { timeout: UI_TIMEOUT_MS })
      .toBe('9 matches');
    await expect
      .poll(() => tools.shownEntries())
      .toEqual([...matched, 'dg new MATCH'].map((text) => expect.stringContaining(text)));

    const csv = csvRows(await downloaded(await tools.exportAs('CSV', 'Matching the filter')));
    expect(csv).toEqual(
      [...matched, 'dg new MATCH'].map((text) => expect.stringContaining(`,${text}`)),
    );
    await tools.waitForExport(/Saved netassist-\S+\.csv/);

    await tools.onlyMatches.click();
    await tab.waitForEntry('dg new filler');
    expect(await tools.matchCount.innerText()).toBe('');
  });

  it('stops the export of a big log: the status says it was cancelled', async () => {
    const { page, tab } = await openApp(browser());
    const tools = new LogTools(page);
    const sender = await udpSender();
    const ourPort = await tab.openUdp(HOST, { host: HOST, port: sender.port });
    // 100,000 datagrams of 1,200 bytes through a real socket, a burst at a time (a few may be
    // dropped: the count is read from the export form).
    const payload = 'x'.repeat(1200);
    for (let first = 0; first < 100_000; first += 100) {
      const batch = Array.from({ length: 100 }, (_, i) => Buffer.from(`${first + i} ${payload}`));
      await sender.send(ourPort, batch);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    let kept = 0;
    await expect
      .poll(
        async () => {
          const before = kept;
          const [all] = await tools.entriesChoices();
          kept = Number(/\((\d+)\)/.exec(all ?? '')?.[1] ?? 0);
          return kept > 50_000 && kept === before;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);

    // Too many rows to copy: the page says so and offers Export log of the selection instead.
    await (await tools.exportForm()).getByRole('button', { name: 'Cancel', exact: true }).click();
    await tab.log.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await expect
      .poll(() => tools.selectionStatus.innerText())
      .toBe(`${kept} selected · ${kept} entries are too many to copy (at most 10000)`);
    await page.getByRole('button', { name: 'Export the selection…', exact: true }).click();
    const form = await tools.exportForm();
    expect(await form.getByRole('radio', { name: `Selection (${kept})` }).isChecked()).toBe(true);

    // The entries matching a text in GB18030: every payload is decoded (~1.3 s here unstopped)
    // and few are written. An export of every entry is no good here: a download at full speed
    // holds the page's connection up until it ends, so Stop arrives only after it.
    await tab.chooseEncoding(/^GB18030/i);
    await tools.setFilter('99999 x');
    await tools.exportAs('CSV', 'Matching the filter');
    await tools.stopExport.click();
    await tools.waitForExport(
      /^Export of netassist-\S+\.csv failed: Cancelled: the export was stopped; the file is incomplete\.$/,
    );
    expect(await tools.exportStatus.getAttribute('role')).toBe('alert');
    await expect.poll(() => tools.stopExport.count()).toBe(0);
  }, 120_000);
});
