/**
 * Issue 6's automation, through the UI in real Chromium against the browser-mode host, with real
 * Node peers on loopback: periodic send, send file (an upload from the page's file chooser), quick
 * commands (kept across a reload, Alt+1, JSON export/import, the sequence runner), Echo, an
 * auto-reply regex rule with a capture group, and framing by delimiter for a message split across
 * two TCP writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectClient, startTcpServer } from '../support/node-peers';
import type { TestServer } from '../support/node-peers';
import { AutomationPanel } from './support/automation-panel';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const browser = useBrowser();

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Everything the peer's next accepted socket receives, as it arrives. */
async function collect(server: TestServer) {
  const socket = await server.nextSocket();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {
    socket,
    received: () => Buffer.concat(chunks),
    async waitFor(length: number, timeout = UI_TIMEOUT_MS): Promise<Buffer> {
      await expect
        .poll(() => Buffer.concat(chunks).length, {
          timeout,
          message: `the peer never received ${length} bytes`,
        })
        .toBeGreaterThanOrEqual(length);
      return Buffer.concat(chunks);
    },
  };
}

function writeAll(socket: net.Socket, bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(bytes, (error) => (error ? reject(error) : resolve())),
  );
}

/** Starts a Node server peer, opens the app and connects its TCP client to the peer. */
async function connectedApp() {
  const server = await startTcpServer(HOST);
  const opened = await openApp(browser());
  const accepted = collect(server);
  await opened.tab.connect(HOST, server.port);
  const peer = await accepted;
  return { ...opened, server, peer, automation: new AutomationPanel(opened.page) };
}

describe('Periodic send', () => {
  it('sends exactly Count messages, then unchecks itself; unchecking ends a run without a count', async () => {
    const { tab, peer, server, automation } = await connectedApp();
    await tab.message.fill('tick;');

    await automation.interval.fill('0');
    await tab.waitForText('The interval is a whole number of milliseconds, 1 or more.');
    await expect.poll(() => automation.periodic.isDisabled()).toBe(true);

    await automation.interval.fill('50');
    await automation.count.fill('5');
    await automation.periodic.check();
    await tab.waitForText('Periodic send finished: 5 sent');
    await expect.poll(() => automation.periodic.isChecked()).toBe(false);
    await tab.waitForCounters({ rx: 0, tx: 25 });
    expect((await peer.waitFor(25)).toString()).toBe('tick;'.repeat(5));

    await automation.count.fill('');
    await automation.periodic.check();
    await tab.waitForText(/Sending every 50 ms — \d+ sent/);
    await peer.waitFor(25 + 3 * 5);
    await automation.periodic.uncheck();
    await tab.waitForText(/Periodic send stopped: \d+ sent/);
    const stopped = await tab.page.getByText(/Periodic send stopped: \d+ sent/).innerText();
    const sent = Number(/(\d+) sent/.exec(stopped)![1]);
    expect(sent).toBeGreaterThanOrEqual(3);
    const all = await peer.waitFor(25 + sent * 5);
    expect(all.toString()).toBe('tick;'.repeat(5 + sent));
    await tab.waitForCounters({ rx: 0, tx: (5 + sent) * 5 });
    await server.close();
  });
});

describe('Send file', () => {
  it('uploads a 2 MiB file picked in the page and the peer gets it byte for byte', async () => {
    const { tab, peer, server, automation } = await connectedApp();
    const content = randomBytes(2 * 1024 * 1024);
    await automation.sendFile({
      name: 'firmware.bin',
      mimeType: 'application/octet-stream',
      buffer: content,
    });
    const received = await peer.waitFor(content.length, 30_000);
    expect(received.length).toBe(content.length);
    expect(sha256(received)).toBe(sha256(content));
    await tab.waitForText(/Sent firmware\.bin/, 30_000);
    await automation.sendFileButton.waitFor();
    await server.close();
  }, 60_000);

  it('UDP: cuts the file into datagrams of the chosen size', async () => {
    const peer = dgram.createSocket('udp4');
    const datagrams: Buffer[] = [];
    peer.on('message', (message) => datagrams.push(message));
    await new Promise<void>((resolve) => peer.bind(0, HOST, resolve));
    const { page, tab } = await openApp(browser());
    const automation = new AutomationPanel(page);
    await tab.openUdp(HOST, { host: HOST, port: peer.address().port });
    await page.getByRole('textbox', { name: 'Datagram size (bytes)', exact: true }).fill('1000');
    await page.getByRole('textbox', { name: 'Datagram delay (ms)', exact: true }).fill('2');
    const content = randomBytes(9_500);
    await automation.sendFile({
      name: 'table.bin',
      mimeType: 'application/octet-stream',
      buffer: content,
    });
    await expect
      .poll(() => datagrams.length, { timeout: UI_TIMEOUT_MS, message: 'datagrams at the peer' })
      .toBe(10);
    expect(datagrams.map((d) => d.length)).toEqual([...Array<number>(9).fill(1000), 500]);
    expect(sha256(Buffer.concat(datagrams))).toBe(sha256(content));
    await tab.waitForText(/Sent table\.bin/);
    peer.close();
  });
});

describe('History', () => {
  it('lists what the tab sent, newest first; a click sends it again', async () => {
    const { tab, peer, server, automation } = await connectedApp();
    await tab.send('first');
    await tab.send('second');
    await peer.waitFor(11);
    const items = automation.history.getByRole('button');
    await expect.poll(() => items.allInnerTexts()).toEqual(['second', 'first']);
    await automation.history.getByRole('button', { name: 'first', exact: true }).click();
    expect((await peer.waitFor(16)).toString()).toBe('firstsecondfirst');
    await expect.poll(() => items.allInnerTexts()).toEqual(['first', 'second']);
    await server.close();
  });
});

describe('Quick commands', () => {
  it('keeps a saved command across a reload; a click and Alt+1 send it', async () => {
    const server = await startTcpServer(HOST);
    const { page, tab } = await openApp(browser());
    const automation = new AutomationPanel(page);
    await automation.addQuickCommand({ name: 'hello', data: 'hi there', lineEnding: /^LF/ });
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('netassist.settings.v1') ?? ''), {
        timeout: UI_TIMEOUT_MS,
      })
      .toContain('hi there');

    await page.reload();
    await automation.quickCommand('hello').waitFor();

    const accepted = collect(server);
    await tab.connect(HOST, server.port);
    const peer = await accepted;
    await automation.quickCommand('hello').click();
    expect((await peer.waitFor(9)).toString()).toBe('hi there\n');
    await page.keyboard.press('Alt+1');
    expect((await peer.waitFor(18)).toString()).toBe('hi there\nhi there\n');
    await server.close();
  });

  it('exports to JSON and imports it back; a file that is not JSON is refused', async () => {
    const { page, tab } = await openApp(browser());
    const automation = new AutomationPanel(page);
    await automation.addQuickCommand({ name: 'status', data: 'STATUS?', lineEnding: /^CRLF/ });
    await automation.addQuickCommand({
      name: 'modbus read',
      data: '01 03 00 00 00 0A',
      hex: true,
      checksum: 'CRC-16/MODBUS',
    });

    const download = await automation.exportQuickCommands();
    const text = await readFile(await download.path(), 'utf8');
    const exported = JSON.parse(text) as {
      commands: { name: string; data: string; options: Record<string, string> }[];
    };
    expect(exported.commands.map((c) => c.name)).toEqual(['status', 'modbus read']);
    expect(exported.commands[0]!.options).toMatchObject({ format: 'text', lineEnding: 'crlf' });
    expect(exported.commands[1]!.options).toMatchObject({
      format: 'hex',
      checksum: 'crc16-modbus',
    });

    await automation.deleteQuickCommand('status');
    await automation.deleteQuickCommand('modbus read');

    const wrong = await automation.importQuickCommands();
    await wrong.setFiles({
      name: 'x.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{'),
    });
    await tab.waitForAlert(/That file is not JSON/);

    const chooser = await automation.importQuickCommands();
    await chooser.setFiles({
      name: 'commands.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await automation.quickCommand('status').waitFor();
    await automation.quickCommand('modbus read').waitFor();
    await tab.waitForText('Imported 2 quick commands.');
  });

  it('runs a sequence of commands with delays, Repeat times, showing its step', async () => {
    const { tab, page, peer, server, automation } = await connectedApp();
    await automation.addQuickCommand({ name: 'A', data: 'a;' });
    await automation.addQuickCommand({ name: 'B', data: 'b;' });
    await automation.addSequenceStep('A', 10);
    await automation.addSequenceStep('B', 300);
    await page.getByRole('textbox', { name: 'Repeat', exact: true }).fill('3');
    await page.getByRole('button', { name: 'Start sequence', exact: true }).click();
    await tab.waitForText(/Step \d of 2, round \d of 3/);
    expect((await peer.waitFor(12)).toString()).toBe('a;b;a;b;a;b;');
    await page.getByRole('button', { name: 'Start sequence', exact: true }).waitFor();
    await tab.waitForCounters({ rx: 0, tx: 12 });
    await server.close();
  });
});

describe('Echo and auto-reply', () => {
  it('Echo sends a client’s bytes back to it', async () => {
    const { page, tab, server } = await openApp(browser());
    const automation = new AutomationPanel(page);
    const port = await tab.listen(HOST);
    await automation.setEcho(true);
    const client = await connectClient(port, HOST);
    await server.waitForClients([`${HOST}:${client.socket.localPort}`]);
    await writeAll(client.socket, 'ping 你好');
    const back = await client.waitFor(Buffer.byteLength('ping 你好'), UI_TIMEOUT_MS);
    expect(back.toString()).toBe('ping 你好');
    // The log shows the echo as sent by NetAssist on its own.
    await page
      .locator('.row.tx')
      .filter({ hasText: 'ping 你好' })
      .filter({ hasText: 'echo' })
      .waitFor();
    client.socket.destroy();
  });

  it('a regex rule answers with its capture group; a broken regex says why beside the rule', async () => {
    const { page, tab, server } = await openApp(browser());
    const automation = new AutomationPanel(page);
    const port = await tab.listen(HOST);
    await automation.addRule({
      name: 'get',
      match: 'Regex',
      pattern: '^GET (\\w+)',
      reply: 'VALUE $1=42',
    });
    const client = await connectClient(port, HOST);
    await server.waitForClients([`${HOST}:${client.socket.localPort}`]);
    await writeAll(client.socket, 'GET temperature');
    expect((await client.waitFor(20, UI_TIMEOUT_MS)).toString()).toBe('VALUE temperature=42');

    await automation.addRule({ name: 'broken', match: 'Regex', pattern: '(unclosed', reply: 'x' });
    // Beside the rule, in the Auto-reply region.
    const alert = automation.autoReply.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/"\(unclosed" is not a valid regular expression/);
    // The engine kept the rules it had: the first one still answers.
    await writeAll(client.socket, 'GET pressure');
    expect((await client.waitFor(20 + 17, UI_TIMEOUT_MS)).toString()).toBe(
      'VALUE temperature=42VALUE pressure=42',
    );
    client.socket.destroy();
  });

  it('the first enabled rule answers; disabling, editing and a reload keep to what the user set', async () => {
    const { page, tab, server } = await openApp(browser());
    const automation = new AutomationPanel(page);
    const port = await tab.listen(HOST);
    await automation.addRule({ name: 'first', match: 'Contains', pattern: 'x', reply: 'A' });
    await automation.addRule({ name: 'second', match: 'Starts with', pattern: 'x', reply: 'B' });
    const client = await connectClient(port, HOST);
    await server.waitForClients([`${HOST}:${client.socket.localPort}`]);
    await writeAll(client.socket, 'x1');
    expect((await client.waitFor(1, UI_TIMEOUT_MS)).toString()).toBe('A');

    const region = automation.autoReply;
    await region.getByRole('checkbox', { name: 'Enable rule first', exact: true }).uncheck();
    await automation.waitForAutoReplyApplied();
    await writeAll(client.socket, 'x2');
    expect((await client.waitFor(2, UI_TIMEOUT_MS)).toString()).toBe('AB');

    await region.getByRole('button', { name: 'Edit rule second', exact: true }).click();
    await region.getByRole('textbox', { name: 'Reply', exact: true }).fill('C');
    await region.getByRole('button', { name: 'Save rule', exact: true }).click();
    await automation.waitForAutoReplyApplied();
    await writeAll(client.socket, 'x3');
    expect((await client.waitFor(3, UI_TIMEOUT_MS)).toString()).toBe('ABC');

    // After a reload the page shows the rules the engine holds.
    await page.reload();
    const first = region.getByRole('checkbox', { name: 'Enable rule first', exact: true });
    await first.waitFor();
    expect(await first.isChecked()).toBe(false);
    await tab.waitForText('Starts with “x” → “C”');
    client.socket.destroy();
  });

  it('with Framing (Receive settings) by delimiter, a rule matches a message that came in two TCP writes', async () => {
    const { page, tab, server } = await openApp(browser());
    const automation = new AutomationPanel(page);
    const port = await tab.listen(HOST);
    await automation.chooseFraming('Split on delimiter');
    await automation.fillFraming(automation.delimiter, '0A');
    await automation.addRule({
      name: 'hello',
      match: 'Contains',
      pattern: 'hello world',
      reply: 'matched',
    });
    const client = await connectClient(port, HOST);
    await server.waitForClients([`${HOST}:${client.socket.localPort}`]);
    await writeAll(client.socket, 'hello ');
    // The first half has arrived (and matched nothing) before the second is written.
    await tab.waitForCounters({ rx: 6, tx: 0 });
    await writeAll(client.socket, 'world\n');
    expect((await client.waitFor(7, UI_TIMEOUT_MS)).toString()).toBe('matched');
    await tab.waitForCounters({ rx: 12, tx: 7 });
    client.socket.destroy();
  });
});

describe('In Chinese', () => {
  it('names every automation control in Chinese, and says what is wrong with the interval', async () => {
    const { page, tab } = await openApp(browser(), { locale: 'zh-CN' });
    const named = (role: Parameters<typeof page.getByRole>[0], name: string) =>
      page.getByRole(role, { name, exact: true });
    await named('checkbox', '定时发送').waitFor();
    await named('button', '发送文件').waitFor();
    await named('region', '快捷指令').waitFor();
    await named('region', '自动回复').waitFor();
    await named('region', '历史记录').waitFor();
    await named('checkbox', '回显').waitFor();
    await named('combobox', '分帧').waitFor();
    await named('textbox', '间隔（毫秒）').fill('abc');
    await tab.waitForText('间隔须为不小于 1 的整数毫秒。');
    expect(await named('checkbox', '定时发送').isDisabled()).toBe(true);
  });
});
