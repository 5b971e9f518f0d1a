/**
 * The page under floods (issue 5): a UDP session taking 10,000 datagrams/s and a TCP server
 * session taking 64 MiB as fast as loopback carries them. Counters stay exact, the page keeps
 * drawing frames, the log shows the newest entry and can be scrolled back to the first one
 * (fetched again from the engine's log), and Send still works mid-flood.
 *
 * Frame gaps are measured in the page with requestAnimationFrame. The bound asserted is loose
 * (this machine's two cores also run the host, the sender and vitest); the figures are printed.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { choose } from './support/controls';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const HOST = '127.0.0.1';
const browser = useBrowser();

// Frame gaps are printed, not asserted: a test on a shared, noisy 2-core machine asserts
// behaviour; `npm run bench` measures the 100 ms target.
const DATAGRAMS_PER_SECOND = 10_000;
const UDP_SECONDS = 3;
const DATAGRAM_BYTES = 100;
const TCP_FLOOD_BYTES = 64 * 1024 * 1024;
const TCP_CHUNK_BYTES = 64 * 1024;
const FIRST_ENTRY = 'FIRST ENTRY OF THE FLOOD';

interface FrameGaps {
  /** The largest gap between two animation frames, in ms. */
  max: number;
  frames: number;
  heapMiB: number;
}

/** Starts timing animation frames in the page; `read` stops and reports. */
async function watchFrames(page: Page): Promise<{ read: () => Promise<FrameGaps> }> {
  await page.evaluate(() => {
    const watch = { max: 0, frames: 0, last: performance.now(), on: true };
    (window as unknown as { frameWatch: typeof watch }).frameWatch = watch;
    const tick = (now: number) => {
      if (!watch.on) return;
      watch.max = Math.max(watch.max, now - watch.last);
      watch.last = now;
      watch.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return {
    read: () =>
      page.evaluate(() => {
        const watch = (
          window as unknown as { frameWatch: { max: number; frames: number; on: boolean } }
        ).frameWatch;
        watch.on = false;
        const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
        return {
          max: Math.round(watch.max),
          frames: watch.frames,
          heapMiB: Math.round((memory?.usedJSHeapSize ?? 0) / 2 ** 20),
        };
      }),
  };
}

/**
 * The status bar's RX and TX figures. (The page object's reader walks every element of the page,
 * which under a flood would itself cost frames; the status bar is named "Status".)
 */
async function counters(page: Page): Promise<{ rx: number; tx: number }> {
  const bar = page.getByLabel('Status', { exact: true });
  const read = async (label: string) =>
    Number(
      ((await bar.getByText(new RegExp(`^${label} `)).textContent()) ?? '').replace(/\D/g, ''),
    );
  return { rx: await read('RX'), tx: await read('TX') };
}

async function waitForCounters(page: Page, expected: { rx: number; tx: number }) {
  await expect
    .poll(() => counters(page), { timeout: 30_000, interval: 100, message: 'status bar RX/TX' })
    .toEqual(expected);
}

function datagram(n: number, text = `datagram ${String(n).padStart(6, '0')} `): Buffer {
  return Buffer.from(text.padEnd(DATAGRAM_BYTES, '.'));
}

/**
 * Datagrams the kernel dropped at our UDP socket on `port` (its receive buffer was full), from
 * /proc/net/udp, once its queue is empty; 0 where that file does not exist. On a machine this
 * loaded a host process can miss a few hundred milliseconds of CPU: the kernel then drops what
 * does not fit, and the counters must show exactly what arrived.
 */
async function kernelDrops(port: number): Promise<number> {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (;;) {
    let table: string;
    try {
      table = readFileSync('/proc/net/udp', 'utf8');
    } catch {
      return 0;
    }
    const line = table.split('\n').find((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${portHex}`));
    if (!line) return 0;
    const fields = line.trim().split(/\s+/);
    const rxQueue = parseInt(fields[4]?.split(':')[1] ?? '0', 16);
    if (rxQueue === 0) return Number(fields[12] ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `count` datagrams at `perSecond`, paced by the clock; resolves with the bytes sent. */
async function udpFlood(port: number, count: number, perSecond: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  let sent = 0;
  let bytes = 0;
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const tick = () => {
        const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond));
        for (; sent < due; sent++) {
          const payload = datagram(sent + 1);
          bytes += payload.length;
          // Sends queue up; the last one says when all have gone.
          const last = sent + 1 === count;
          socket.send(payload, port, HOST, last ? (e) => (e ? reject(e) : resolve()) : undefined);
        }
        if (sent < count) setTimeout(tick, 2);
      };
      tick();
    });
  } finally {
    socket.close();
  }
  return bytes;
}

async function sendDatagram(port: number, payload: Buffer) {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(payload, port, HOST, (error) => (error ? reject(error) : resolve())),
  );
  socket.close();
}

/** A TCP client sending `bytes` as fast as the server takes them; the first chunk says so. */
async function tcpFlood(
  port: number,
  bytes: number,
  halfway: () => void,
): Promise<{ socket: net.Socket; received: () => string }> {
  const socket = net.connect({ host: HOST, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => (received += text));
  const filler = Buffer.alloc(TCP_CHUNK_BYTES, 'The quick brown fox jumps over the lazy dog. ');
  const first = Buffer.from(filler);
  first.write(FIRST_ENTRY);
  for (let sent = 0; sent < bytes; sent += TCP_CHUNK_BYTES) {
    if (sent === bytes / 2) halfway();
    if (!socket.write(sent === 0 ? first : filler)) {
      await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
  return { socket, received: () => received };
}

describe('floods', () => {
  it('a UDP session takes 10,000 datagrams/s for 3 s: exact counters, live frames, the last datagram shown', async () => {
    const { page, tab } = await openApp(browser());
    const port = await tab.openUdp(HOST);
    const frames = await watchFrames(page);

    const flooded = await udpFlood(
      port,
      DATAGRAMS_PER_SECOND * UDP_SECONDS - 1,
      DATAGRAMS_PER_SECOND,
    );
    const dropped = await kernelDrops(port);
    // The last one goes once the socket's queue is empty: it is always there to be shown.
    await sendDatagram(port, datagram(0, 'LAST DATAGRAM '));
    const bytes = flooded + DATAGRAM_BYTES;
    await waitForCounters(page, { rx: bytes - dropped * DATAGRAM_BYTES, tx: 0 });
    const gaps = await frames.read();
    console.log(
      `[flood] UDP ${DATAGRAMS_PER_SECOND}/s × ${UDP_SECONDS} s (${bytes} bytes, ` +
        `${dropped} datagrams dropped by the kernel): ` +
        `largest frame gap ${gaps.max} ms over ${gaps.frames} frames, heap ${gaps.heapMiB} MiB`,
    );

    expect(bytes).toBe(DATAGRAMS_PER_SECOND * UDP_SECONDS * DATAGRAM_BYTES);
    // The page kept painting through the flood (how smoothly is the benchmark's question).
    expect(gaps.frames).toBeGreaterThan(UDP_SECONDS);
    // Auto-scroll follows the tail: the newest datagram shows.
    expect(await tab.waitForEntry('LAST DATAGRAM')).toMatch(/←\s*RX/);
  }, 60_000);

  it('a TCP server session takes 64 MiB: exact counters, a Send mid-flood arrives, and the log scrolls back to the first entry', async () => {
    const { page, tab } = await openApp(browser());
    const port = await tab.listen(HOST);
    const frames = await watchFrames(page);

    let sendClicked: Promise<void> | undefined;
    const started = performance.now();
    const { socket, received } = await tcpFlood(port, TCP_FLOOD_BYTES, () => {
      sendClicked = tab.send('hello in the middle of a flood');
    });
    const floodMs = performance.now() - started;
    await sendClicked;
    await expect
      .poll(received, { timeout: UI_TIMEOUT_MS, message: 'the peer never got our Send' })
      .toBe('hello in the middle of a flood');
    await waitForCounters(page, { rx: TCP_FLOOD_BYTES, tx: 30 });
    const gaps = await frames.read();
    console.log(
      `[flood] TCP 64 MiB in ${Math.round(floodMs)} ms ` +
        `(${Math.round(TCP_FLOOD_BYTES / 1e3 / floodMs)} MB/s): ` +
        `largest frame gap ${gaps.max} ms over ${gaps.frames} frames, heap ${gaps.heapMiB} MiB`,
    );
    expect(gaps.frames).toBeGreaterThan(1);

    // Back to the top: the first entries are long gone from the page, and come back.
    await tab.log.evaluate((log) => log.scrollTo({ top: 0 }));
    const first = await tab.waitForEntry(FIRST_ENTRY);
    expect(first).toMatch(/←\s*RX/);
    await expect(tab.logText()).resolves.toMatch(/Client 127\.0\.0\.1:\d+ connected/);
    socket.destroy();
  }, 90_000);

  it('merges chunks that arrive close together, cuts long entries at the chosen size, keeps the log across a reload, and clears it', async () => {
    const { page, tab, labels } = await openApp(browser());
    const port = await tab.listen(HOST);
    const client = net.connect({ host: HOST, port, noDelay: true });
    await new Promise<void>((resolve) => client.once('connect', resolve));
    for (const piece of ['Hel', 'lo, ', 'world']) {
      client.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    client.write('x'.repeat(100));
    await tab.waitForCounters({ rx: 112, tx: 0 });
    await tab.waitForEntry('lo,');
    expect(await tab.entry('Hello, world')).toBe('');

    await choose(page.getByRole('combobox', { name: 'Framing', exact: true }), 'Merge within N ms');
    await page.getByRole('spinbutton', { name: 'Merge within (ms)', exact: true }).fill('1000');
    // Four writes within a second: one entry of 112 bytes (TCP may have joined some of them
    // into one read under load; at least the first two arrived apart, as checked above).
    expect(await tab.waitForEntry('Hello, world')).toMatch(/112 B\s*×[234]/);

    await page.getByRole('spinbutton', { name: 'Max bytes per entry', exact: true }).fill('16');
    const showAll = page.getByText('Show all 112 bytes', { exact: true });
    await showAll.waitFor();
    expect(await tab.logText()).not.toContain('x'.repeat(5)); // 16 bytes: "Hello, worldxxxx"
    await showAll.click();
    await tab.waitForLog('x'.repeat(100));

    // The log lives in the engine: a reload shows it again, fetched with readLog.
    await page.reload();
    await tab.waitForEntry('world');
    await tab.waitForEntry('lo,');
    await tab.button(labels.clearLog).click();
    await tab.waitForText('No traffic yet');
    expect(await tab.logText()).not.toContain('Hello');
    client.write('after clearing');
    await tab.waitForEntry('after clearing');
    client.destroy();
    await tab.button(labels.stop).waitFor();
  });

  it('Pause view freezes the display while reception and counters go on', async () => {
    const { page, tab } = await openApp(browser());
    const port = await tab.listen(HOST);
    const client = net.connect({ host: HOST, port, noDelay: true });
    await new Promise<void>((resolve) => client.once('connect', resolve));
    client.write('before the pause');
    await tab.waitForEntry('before the pause');

    await tab.button('Pause view').click();
    for (let i = 1; i <= 3; i++) {
      client.write(`while paused ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitForCounters(page, { rx: 16 + 3 * 14, tx: 0 });
    // Three writes, usually three reads (TCP may join two).
    await tab.waitForText(/View paused — [123] new entries hidden/);
    expect(await tab.logText()).not.toContain('while paused');

    await tab.button('Resume view').click();
    await tab.waitForEntry('while paused 3');
    client.destroy();
  });
});
