/**
 * Files a session writes, in the browser mode (issue 5's receive to file, issue 6's "files in the
 * browser mode go through the browser"): the page starts a download, the host streams the file
 * into it, Stop ends it. A real Node TCP client on loopback sends known bytes; the downloaded file
 * must hold exactly the bytes received after the click (SHA-256), or every log entry (JSON Lines).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatSize } from '../../src/renderer/log/format-size';
import type { LogLine } from '../support/log-line';
import { FILE_ZH, FilePanel } from './support/file-panel';
import { appWithClient, connectTo } from './support/app-with-client';
import { openApp, useBrowser } from './support/fixture';

const HOST = '127.0.0.1';
const PAYLOAD_BYTES = 5 * 1024 * 1024;
const browser = useBrowser();

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes everything, honouring backpressure, and resolves once the kernel took the last byte. */
function writeAll(socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(bytes, (error) => (error ? reject(error) : resolve())),
  );
}

/** The app with one listed client, and its Files panel. */
async function filesWithClient() {
  const app = await appWithClient(browser());
  return { ...app, files: new FilePanel(app.page) };
}

/** The app with one client, whose bytes go to a download. */
async function receivingToFile() {
  const app = await filesWithClient();
  const download = await app.files.start('capture');
  await app.files.waitForText(/Receiving to netassist-\S+\.bin/);
  return { ...app, download };
}

describe('Files', () => {
  it('receives a client’s bytes to a downloaded file, byte for byte, and Stop leaves the session connected', async () => {
    const { tab, server, files, client, address } = await filesWithClient();

    // Received before the click: in the log, not in the file.
    const before = Buffer.from('before the file\n');
    await writeAll(client, before);
    await tab.waitForCounters({ rx: before.length, tx: 0 });

    const download = await files.start('capture');
    await files.stopButton('capture').waitFor();
    await files.waitForText(/Receiving to netassist-\S+\.bin/);

    const payload = Buffer.concat([
      randomBytes(PAYLOAD_BYTES),
      Buffer.from('\r\n和一些文字 and some text\n', 'utf8'),
    ]);
    await writeAll(client, payload);
    await tab.waitForCounters({ rx: before.length + payload.length, tx: 0 }, 30_000);
    // The status line follows the file as it grows.
    await files.waitForBytes('capture', payload.length);
    await files.waitForText(formatSize(payload.length));

    await files.stop('capture');
    await files.waitForText(
      new RegExp(`Saved ${formatSize(payload.length)} to netassist-\\S+\\.bin`),
    );
    const saved = await download.path();
    const file = await readFile(saved);
    expect(file.length).toBe(payload.length);
    expect(sha256(file)).toBe(sha256(payload));
    expect(download.suggestedFilename()).toMatch(/\.bin$/);

    // The session goes on: the client is still there, and what it sends still shows.
    await server.waitForClients([address]);
    await writeAll(client, Buffer.from('after the file'));
    await tab.waitForEntry('after the file');
    await tab.button('Stop').waitFor();
    client.destroy();
  }, 60_000);

  it('logs every entry, received and sent, to a JSON Lines download, in order', async () => {
    const { tab, files, client, address } = await filesWithClient();

    const download = await files.start('log');
    await files.stopButton('log').waitFor();
    await files.waitForText(/Logging to netassist-\S+\.jsonl/);

    // One read per write: each waits until the app counted the one before.
    const sent: { direction: 'rx' | 'tx'; bytes: Buffer }[] = [];
    let rx = 0;
    for (const bytes of [
      Buffer.from('hello, log\n'),
      Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x7f]),
      Buffer.from('你好', 'utf8'),
      randomBytes(3000),
    ]) {
      await writeAll(client, bytes);
      rx += bytes.length;
      sent.push({ direction: 'rx', bytes });
      await tab.waitForCounters({ rx, tx: 0 });
    }
    const replied = new Promise<Buffer>((resolve) => client.once('data', resolve));
    await tab.send('reply from the app');
    sent.push({ direction: 'tx', bytes: Buffer.from('reply from the app') });
    expect((await replied).toString()).toBe('reply from the app');
    await tab.waitForCounters({ rx, tx: 18 });

    await files.stop('log');
    await files.waitForText(/Saved .+ to netassist-\S+\.jsonl/);
    const text = await readFile(await download.path(), 'utf8');
    const lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
    expect(lines.map((line) => ({ direction: line.direction, hex: line.hex }))).toEqual(
      sent.map(({ direction, bytes }) => ({ direction, hex: bytes.toString('hex') })),
    );
    for (const [i, line] of lines.entries()) {
      expect(line.length).toBe(sent[i]!.bytes.length);
      expect(line.peer).toBe(address);
      if (i > 0) expect(line.seq).toBeGreaterThan(lines[i - 1]!.seq);
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    await expect(files.exactBytes('log')).resolves.toBe(Buffer.byteLength(text));
    await tab.button('Stop').waitFor();
    client.destroy();
  }, 60_000);

  it('receives one client’s bytes only, from its entry in the client list', async () => {
    const { page, tab, server } = await openApp(browser());
    const files = new FilePanel(page);
    const port = await tab.listen(HOST);
    const chosen = await connectTo(port);
    const other = await connectTo(port);
    const chosenAddress = `${HOST}:${chosen.localPort}`;
    await server.waitForClients([chosenAddress, `${HOST}:${other.localPort}`]);

    const receiveFrom = server
      .client(chosenAddress)
      .getByRole('button', { name: `Receive from ${chosenAddress} to file`, exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), receiveFrom.click()]);
    await files.waitForText(`Receiving from ${chosenAddress} to netassist-`);
    // One capture at a time: the other client's button waits for this one to stop.
    await expect(receiveFrom.isDisabled()).resolves.toBe(true);

    const mine = randomBytes(200_000);
    await writeAll(other, Buffer.from('not for the file'));
    await writeAll(chosen, mine);
    await writeAll(other, Buffer.from('nor this'));
    await tab.waitForCounters({ rx: mine.length + 24, tx: 0 });
    await files.waitForBytes('capture', mine.length);
    await files.stop('capture');
    expect(sha256(await readFile(await download.path()))).toBe(sha256(mine));
    chosen.destroy();
    other.destroy();
  });

  it('a reloaded page shows the file still being written, and its Stop still ends it', async () => {
    const { page, files, client, download } = await receivingToFile();
    const first = randomBytes(100_000);
    await writeAll(client, first);
    await files.waitForBytes('capture', first.length);

    await page.reload();
    await files.waitForText(/Receiving to netassist-\S+\.bin/);
    await files.waitForBytes('capture', first.length);
    const second = randomBytes(50_000);
    await writeAll(client, second);
    await files.waitForBytes('capture', first.length + second.length);
    await files.stop('capture');
    await files.waitForText(`Saved ${formatSize(first.length + second.length)} to netassist-`);
    expect(sha256(await readFile(await download.path()))).toBe(
      sha256(Buffer.concat([first, second])),
    );
    client.destroy();
  });

  it('a download the browser cancels shows as failed, and the session goes on', async () => {
    const { tab, files, client, download } = await receivingToFile();
    await download.cancel();
    await files.region
      .getByRole('alert')
      .filter({ hasText: /was cancelled in the browser/ })
      .waitFor();
    await files.startButton('capture').waitFor();

    await writeAll(client, Buffer.from('still here'));
    await tab.waitForEntry('still here');
    client.destroy();
  });

  it('speaks Chinese: 接收到文件, the status while writing, 停止接收到文件, what was saved and what failed', async () => {
    const { page, tab } = await openApp(browser(), { locale: 'zh-CN' });
    const files = new FilePanel(page, FILE_ZH);
    const port = await tab.listen(HOST);
    const client = await connectTo(port);

    const download = await files.start('capture');
    await files.waitForText(/正在接收到 netassist-\S+\.bin/);
    const payload = Buffer.from('你好，文件');
    await writeAll(client, payload);
    await files.waitForBytes('capture', payload.length);
    await files.stop('capture');
    await files.waitForText(`已保存 ${formatSize(payload.length)} 到 netassist-`);
    expect(sha256(await readFile(await download.path()))).toBe(sha256(payload));

    const log = await files.start('log');
    await files.waitForText(/正在把日志写入 netassist-\S+\.jsonl/);
    await log.cancel();
    await files.region
      .getByRole('alert')
      .filter({ hasText: /netassist-\S+ 的下载在浏览器中被取消/ })
      .waitFor();
    await files.startButton('log').waitFor();
    client.destroy();
  });
});
