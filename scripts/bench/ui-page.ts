/**
 * The page side of the UI part: the session tab driven by roles and accessible names (as the E2E
 * page objects in tests/e2e/support do), and a probe living in the page that records animation-
 * frame gaps, JS heap samples and the moment Send was clicked.
 */
import type { Browser, Page } from 'playwright';
import { choose } from '../../tests/e2e/support/controls';
import { EN } from '../../tests/e2e/support/labels';
import { within } from './bench-part';
import { CHROMIUM_ARGS } from '../../tests/e2e/support/browser';
import { CHROMIUM } from './machine';

const UI_TIMEOUT_MS = 15_000;

export async function launchChromium(): Promise<Browser> {
  // Loaded only now: Playwright's bundles would otherwise sit in the heap during the TCP and UDP
  // parts, and every garbage collection there (one per ~64 MB of socket buffers) would cost more.
  const { chromium } = await import('playwright');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      // performance.memory in 100 KB steps otherwise, and only refreshed every 20 minutes.
      '--enable-precise-memory-info',
    ],
  });
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  // tsx compiles with esbuild's keepNames, which wraps the page functions' inner functions in
  // `__name(fn, "name")`; the page has no such helper, so give it one that does nothing.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`bench: page error: ${error.message}\n`));
  await page.goto(url);
  return page;
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

export const sendButton = (page: Page) => button(page, EN.send);

/** Protocol → TCP Server, Local host 127.0.0.1, Local port 0, Listen; returns the chosen port. */
export async function listenOnAnyPort(page: Page): Promise<number> {
  await choose(page.getByRole('combobox', { name: EN.protocol, exact: true }), EN.tcpServer);
  await page.getByRole('textbox', { name: EN.localHost, exact: true }).fill('127.0.0.1');
  const localPort = page.getByRole('textbox', { name: EN.localPort, exact: true });
  await localPort.fill('0');
  await button(page, EN.listen).click();
  await button(page, EN.stop).waitFor();
  const deadline = performance.now() + UI_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const typed = Number(await localPort.inputValue().catch(() => '0'));
    if (typed > 0) return typed;
    const shown = /127\.0\.0\.1:(\d+)/.exec(await page.locator('body').innerText());
    if (shown?.[1]) return Number(shown[1]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the UI never showed the port it listens on');
}

/** Turns Auto-scroll on if the UI has that checkbox; returns whether it is on. */
export async function ensureAutoScroll(page: Page): Promise<boolean | null> {
  const box = page.getByRole('checkbox', { name: /auto-?scroll/i });
  if ((await box.count()) === 0) return null;
  if (!(await box.first().isChecked())) await box.first().check();
  return box.first().isChecked();
}

export async function typeMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: EN.message, exact: true }).fill(text);
}

/** What the probe recorded; times are wall-clock ms (performance.timeOrigin + now). */
export interface ProbeRecord {
  frames: number;
  /** [when the frame ran, ms since the previous frame], for gaps above 20 ms. */
  longGaps: [number, number][];
  /** [when it started, duration] of main-thread tasks over 50 ms (PerformanceObserver). */
  longTasks: [number, number][];
  /** [when, usedJSHeapSize]. */
  heap: [number, number][];
  /** When Send was clicked (the event's own timestamp: before any wait for the main thread). */
  sendClickedAt: number | null;
  /** Whether the Traffic log is scrolled to its end. */
  logAtEnd: boolean | null;
}

interface ProbeWindow {
  netassistBench?: ProbeRecord;
}

/** Starts recording in the page: frames, heap every 250 ms, and the Send click. */
export async function installProbe(page: Page, sendLabel: string = EN.send): Promise<void> {
  await page.evaluate((label) => {
    const record: ProbeRecord = {
      frames: 0,
      longGaps: [],
      longTasks: [],
      heap: [],
      sendClickedAt: null,
      logAtEnd: null,
    };
    (window as ProbeWindow).netassistBench = record;
    const wall = (t: number) => performance.timeOrigin + t;
    let previous = 0;
    const frame = (now: number) => {
      if (previous > 0 && now - previous > 20) record.longGaps.push([wall(now), now - previous]);
      previous = now;
      record.frames += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    // A long task means the page's own work held the frame back; a gap without one, that the
    // renderer did not get a CPU.
    new PerformanceObserver((list) => {
      for (const task of list.getEntries())
        record.longTasks.push([wall(task.startTime), task.duration]);
    }).observe({ type: 'longtask' });
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const sampleHeap = () => {
      if (memory) record.heap.push([wall(performance.now()), memory.usedJSHeapSize]);
    };
    sampleHeap();
    setInterval(sampleHeap, 250);
    document.addEventListener(
      'click',
      (event) => {
        const target = event.target instanceof Element ? event.target.closest('button') : null;
        if (target?.textContent?.trim() === label) record.sendClickedAt ??= wall(event.timeStamp);
      },
      true,
    );
  }, sendLabel);
}

/** Starts the page's CPU profiler (DevTools protocol); the returned function stops it. */
export async function profilePage(page: Page): Promise<() => Promise<object>> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Profiler.enable');
  await devtools.send('Profiler.start');
  return async () => {
    const { profile } = await devtools.send('Profiler.stop');
    await devtools.detach();
    return profile;
  };
}

export async function readProbe(page: Page, timeoutMs: number): Promise<ProbeRecord> {
  return within(
    page.evaluate(() => {
      const record = (window as ProbeWindow).netassistBench!;
      const log = document.querySelector<HTMLElement>('[role="log"]');
      record.logAtEnd = log ? log.scrollHeight - log.scrollTop - log.clientHeight < 48 : null;
      return record;
    }),
    timeoutMs,
    'reading the page probe',
  );
}

/** The status bar's RX byte count (the element whose whole text is `RX <digits>`), or null. */
export async function readRxCounter(page: Page, timeoutMs: number): Promise<number | null> {
  return within(
    page.evaluate(() => {
      for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        if (element.closest('[role="log"]') || element.offsetParent === null) continue;
        const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
        const match = /^RX ([\d,]+)(?: ?(?:B|bytes))?$/.exec(text);
        if (match?.[1]) return Number(match[1].replace(/,/g, ''));
      }
      return null;
    }),
    timeoutMs,
    'reading the RX counter',
  );
}
