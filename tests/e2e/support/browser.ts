/**
 * Debian's Chromium driven by Playwright (its own browser download cannot work here). One browser
 * per test file; each test gets a fresh context, so storage, locale and theme never leak.
 */
import { chromium } from 'playwright';
import type { Browser, BrowserContext, Page } from 'playwright';

const CHROMIUM = process.env.NETASSIST_CHROMIUM ?? '/usr/bin/chromium';

export type UiLocale = 'en-US' | 'zh-CN';
export type ColorScheme = 'light' | 'dark';

export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Headless Debian Chromium on a box with no network beyond loopback: without the
 * background-networking switches it keeps dialling Google's hosts and being refused.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}

export interface PageOptions {
  locale?: UiLocale;
  colorScheme?: ColorScheme;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, to explain a failure. */
  problems: string[];
}

/** A fresh context and page at `url`, waiting until the page has loaded. */
export async function openPage(
  browser: Browser,
  url: string,
  { locale = 'en-US', colorScheme = 'light' }: PageOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ locale, colorScheme, viewport: VIEWPORT });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { context, page, problems };
}
