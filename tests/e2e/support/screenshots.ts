/** Screenshots of the main views for the README, in both themes, taken by the E2E run. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { PROJECT_ROOT } from './build';
import type { ColorScheme } from './browser';

/**
 * `npm run screenshots` refreshes the README's pictures in docs/screenshots; an ordinary test run
 * writes to test-results/ so it leaves tracked files alone.
 */
export const SCREENSHOTS_FOLDER = path.join(
  PROJECT_ROOT,
  process.env.NETASSIST_SCREENSHOTS === 'docs' ? 'docs/screenshots' : 'test-results/screenshots',
);

/** The page's background colour, to tell that the theme really changed. */
export function backgroundColor(page: Page): Promise<string> {
  return page.evaluate(() => {
    const painted = [document.body, document.documentElement, document.querySelector('#root')];
    for (const element of painted) {
      if (!element) continue;
      const colour = getComputedStyle(element).backgroundColor;
      if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'none';
  });
}

/**
 * Saves `<view>-<language>-<scheme>.png` in light and then dark (switched as the OS would), and
 * returns the background colour seen in each.
 */
export async function saveBothThemes(
  page: Page,
  name: string,
): Promise<Record<ColorScheme, string>> {
  mkdirSync(SCREENSHOTS_FOLDER, { recursive: true });
  const seen: Record<ColorScheme, string> = { light: '', dark: '' };
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let theme transitions finish before the shot.
    await page.waitForTimeout(250);
    seen[scheme] = await backgroundColor(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS_FOLDER, `${name}-${scheme}.png`),
      animations: 'disabled',
    });
  }
  return seen;
}
