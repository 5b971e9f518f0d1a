/**
 * Part 6: browser mode in real Chromium. The page opens a TCP server session through its controls;
 * a sender in a child process connects and floods it for 10 s at full rate while the Traffic log is
 * on screen and following the tail. Measured: the largest gap between animation frames (flood and
 * catch-up), whether the RX counter ends at exactly the bytes sent, how long a Send clicked mid-flood
 * takes to reach the flooding client, the renderer's JS heap and the host process's RSS (peaks).
 * Each measurement is taken on its own, so a page that freezes still yields what could be measured.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchPart, PartContext } from './bench-part';
import { megabytesPerSecond, within } from './bench-part';
import { ChildFailure, ScriptChild } from './children';
import { rounded } from './figures';
import type { ProbeRecord } from './ui-page';
import {
  ensureAutoScroll,
  installProbe,
  launchChromium,
  listenOnAnyPort,
  openPage,
  profilePage,
  readProbe,
  readRxCounter,
  sendButton,
  typeMessage,
} from './ui-page';
import { rendererIsDevelopmentBuild, RssSampler, startWebHost } from './web-host';

const FLOOD_SECONDS = 10;
/** When, into the flood, Send is clicked. */
const CLICK_AFTER_MS = 5000;
/** How long the page gets, after the flood, to show the exact RX count. */
const CATCH_UP_TIMEOUT_MS = 60_000;
const PAGE_CALL_TIMEOUT_MS = 20_000;
const MIB = 1024 ** 2;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failed(context: PartContext, what: string, error: unknown) {
  let text = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (error instanceof ChildFailure && typeof error.detail.ms === 'number') {
    const { bytes, ms } = error.detail;
    text += ` after ${(ms / 1000).toFixed(1)} s of flood (${Number(bytes).toLocaleString('en-US')} bytes written)`;
  }
  context.note(`ui-flood: ${what}: ${text}`);
}

/** Polls the RX counter until it shows `bytes`; returns the last value and when it matched. */
async function waitForRx(
  context: PartContext,
  page: Parameters<typeof readRxCounter>[0],
  bytes: number,
) {
  const deadline = performance.now() + CATCH_UP_TIMEOUT_MS;
  let shown: number | null = null;
  while (performance.now() < deadline) {
    try {
      shown = await readRxCounter(page, PAGE_CALL_TIMEOUT_MS);
    } catch (error) {
      failed(context, 'RX counter', error);
    }
    if (shown === bytes) return { shown, matchedAt: Date.now() };
    await pause(250);
  }
  return { shown, matchedAt: null };
}

function peakInWindow(samples: [number, number][], from: number, to: number): number | null {
  const inside = samples.filter(([at]) => at >= from && at <= to).map(([, value]) => value);
  return inside.length > 0 ? Math.max(...inside) : null;
}

export const uiFlood: BenchPart = {
  name: 'ui-flood',
  timeoutMs: 240_000,
  async run(context) {
    const { figures, details } = context;
    const { profileDir } = context.options;
    if (profileDir) await mkdir(profileDir, { recursive: true });
    if (await rendererIsDevelopmentBuild()) {
      details.ui_renderer_development_build = true;
      context.note(
        'ui-flood: dist/renderer holds React’s development build (built with NODE_ENV≠production); ' +
          'run `npm run build` for figures users would see',
      );
    }
    const host = await startWebHost(profileDir);
    context.own(() => host.stop());
    const rss = new RssSampler(host.pid);
    context.own(() => rss.stop());
    const browser = await launchChromium();
    context.own(() => browser.close());
    const page = await openPage(browser, host.url);

    const port = await listenOnAnyPort(page);
    details.ui_auto_scroll = await ensureAutoScroll(page);
    const ping = `bench-ping-${Date.now()}`;
    await typeMessage(page, ping);
    await installProbe(page);
    const stopProfile = profileDir ? await profilePage(page) : undefined;
    details.main_rss_before_flood_mb = rounded(rss.currentMiB);

    const sender = new ScriptChild('./tcp-sender.ts', [
      '--port',
      String(port),
      '--seconds',
      String(FLOOD_SECONDS),
    ]);
    context.own(() => sender.stop());
    const connected = await sender.waitFor('connected', 30_000);
    const floodStart = Number(connected.at);

    // Mid-flood: click Send, and see when its bytes reach the flooding client's socket.
    await pause(CLICK_AFTER_MS);
    const clickRequestedAt = performance.timeOrigin + performance.now();
    try {
      await sendButton(page).click({ timeout: PAGE_CALL_TIMEOUT_MS });
      const received = await sender.waitFor('received', PAGE_CALL_TIMEOUT_MS);
      const clickedAt = (await readProbe(page, PAGE_CALL_TIMEOUT_MS)).sendClickedAt;
      figures.ui_send_latency_ms = rounded(Number(received.at) - (clickedAt ?? clickRequestedAt));
      details.ui_send_latency_from_playwright_ms = rounded(Number(received.at) - clickRequestedAt);
      if (clickedAt === null)
        context.note('ui-flood: the page saw no click on Send; latency from Playwright’s call');
    } catch (error) {
      failed(context, 'Send mid-flood', error);
    }

    let measureEnd = performance.timeOrigin + performance.now() + CATCH_UP_TIMEOUT_MS;
    try {
      const done = await sender.waitFor('done', (FLOOD_SECONDS + 60) * 1000);
      const bytes = Number(done.bytes);
      const floodEnd = floodStart + Number(done.ms);
      figures.ui_flood_mbps = rounded(megabytesPerSecond(bytes, Number(done.ms)));
      details.ui_flood_bytes = bytes;
      const { shown, matchedAt } = await waitForRx(context, page, bytes);
      figures.ui_counters_exact = shown === bytes;
      details.ui_rx_shown = shown;
      details.ui_catch_up_ms = matchedAt === null ? null : Math.round(matchedAt - floodEnd);
      measureEnd = matchedAt ?? performance.timeOrigin + performance.now();
    } catch (error) {
      failed(context, 'flood', error);
      if (error instanceof ChildFailure && typeof error.detail.ms === 'number') {
        figures.ui_flood_mbps = rounded(
          megabytesPerSecond(Number(error.detail.bytes), error.detail.ms),
        );
      }
      details.ui_alerts = await within(
        page.getByRole('alert').allInnerTexts(),
        5000,
        'alerts',
      ).catch(() => null);
    }

    if (stopProfile) {
      try {
        const profile = await within(stopProfile(), PAGE_CALL_TIMEOUT_MS, 'page profile');
        await writeFile(join(profileDir!, 'renderer.cpuprofile'), JSON.stringify(profile));
      } catch (error) {
        failed(context, 'page profile', error);
      }
    }

    let probe: ProbeRecord | undefined;
    try {
      probe = await readProbe(page, PAGE_CALL_TIMEOUT_MS);
    } catch (error) {
      failed(context, 'frame and heap probe', error);
    }
    if (probe) {
      const gaps = probe.longGaps.filter(([at]) => at >= floodStart && at <= measureEnd);
      // Frames are ~16.7 ms apart; with no gap over 20 ms the largest one is at most that.
      figures.ui_max_frame_gap_ms = rounded(Math.max(16.7, ...gaps.map(([, gap]) => gap)));
      details.ui_frames = probe.frames;
      details.ui_gaps_over_100_ms = gaps.filter(([, gap]) => gap > 100).length;
      // The five worst, as [seconds into the flood, ms]: when they happen hints at why.
      details.ui_worst_gaps = [...gaps]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([at, gap]) => [rounded((at - floodStart) / 1000, 2), rounded(gap)]);
      const tasks = probe.longTasks.filter(([at]) => at >= floodStart && at <= measureEnd);
      details.ui_long_tasks = tasks.length;
      details.ui_longest_task_ms = rounded(Math.max(0, ...tasks.map(([, ms]) => ms)));
      details.ui_long_tasks_total_ms = rounded(tasks.reduce((sum, [, ms]) => sum + ms, 0));
      details.ui_log_at_end = probe.logAtEnd;
      const heap = peakInWindow(probe.heap, floodStart, measureEnd);
      figures.ui_heap_mb = heap === null ? null : rounded(heap / MIB);
      const lastHeap = probe.heap.at(-1)?.[1];
      details.ui_heap_end_mb = lastHeap === undefined ? null : rounded(lastHeap / MIB);
    }
    const hwm = await rss.stop();
    figures.main_rss_mb = rounded(rss.peakMiB);
    details.main_rss_hwm_mb = hwm === null ? null : rounded(hwm);
    await within(sender.stop(), 5000, 'stopping the sender').catch(() => {});
  },
};
