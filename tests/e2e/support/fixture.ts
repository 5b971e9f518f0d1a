/**
 * Per-file and per-test wiring: one Chromium per test file, and for each test its own host
 * process (own token, own sessions) and its own browser context, all closed when the test ends,
 * whatever its outcome.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, onTestFailed, onTestFinished } from 'vitest';
import { startApp } from './app';
import type { RunningApp } from './app';
import { PROJECT_ROOT } from './build';
import { launchBrowser, openPage } from './browser';
import type { PageOptions } from './browser';
import { EN, ZH } from './labels';
import type { Labels } from './labels';
import { ServerPanel } from './server-panel';
import { SessionTab } from './session-tab';

const FAILURE_SHOTS = path.join(PROJECT_ROOT, 'test-results/e2e');

/** Launches Chromium before the file's tests and closes it after; call at the top of a file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is not launched yet');
    return browser;
  };
}

export interface OpenedApp {
  app: RunningApp;
  page: Page;
  labels: Labels;
  tab: SessionTab;
  server: ServerPanel;
}

/** Starts a host, opens its printed URL in a fresh context and waits for the first session tab. */
export async function openApp(browser: Browser, options: PageOptions = {}): Promise<OpenedApp> {
  const app = await startApp();
  onTestFinished(() => app.stop());
  const { context, page, problems } = await openPage(browser, app.url, options);
  onTestFinished(() => context.close());
  onTestFailed(async ({ task }) => {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
    await page.screenshot({ path: path.join(FAILURE_SHOTS, `${name}.png`) }).catch(() => {});
    console.error(
      `[e2e] ${task.name}\n  page problems: ${problems.join('\n  ') || 'none'}\n  host output:\n${app.output()}`,
    );
  });
  const labels = options.locale === 'zh-CN' ? ZH : EN;
  const tab = new SessionTab(page, labels);
  await tab.protocol.waitFor();
  return { app, page, labels, tab, server: new ServerPanel(page, labels) };
}
