/**
 * Page object for the log's tools above the Traffic rows: Filter (text or hex, direction, peer)
 * with Previous / Next match, the Timestamps mode, and Export log with its small form. In the
 * browser mode an export is a download the page starts; `exportAs` returns it.
 */
import type { Download, Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { choose } from './controls';
import { UI_TIMEOUT_MS } from './session-tab';

export type ExportFormatLabel =
  'Text as shown' | 'CSV' | 'JSON Lines' | 'Raw received bytes' | 'Raw sent bytes';

export class LogTools {
  constructor(readonly page: Page) {}

  get filter(): Locator {
    return this.page.getByRole('textbox', { name: 'Filter', exact: true });
  }
  get peer(): Locator {
    return this.page.getByRole('textbox', { name: 'Peer', exact: true });
  }
  get direction(): Locator {
    return this.page.getByRole('combobox', { name: 'Direction', exact: true });
  }
  get hexFilter(): Locator {
    return this.page.getByRole('button', { name: 'Hex filter', exact: true });
  }
  get timestamps(): Locator {
    return this.page.getByRole('combobox', { name: 'Timestamps', exact: true });
  }
  get searchStatus(): Locator {
    return this.page.getByRole('search').getByRole('status');
  }
  get exportStatus(): Locator {
    return this.page.locator('.export-status');
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next match', exact: true }).click();
  }
  async previous(): Promise<void> {
    await this.page.getByRole('button', { name: 'Previous match', exact: true }).click();
  }

  /** Types the filter: text, or hex digits when `hex`. */
  async setFilter(text: string, hex = false): Promise<void> {
    if ((await this.hexFilter.getAttribute('aria-pressed')) !== String(hex)) {
      await this.hexFilter.click();
    }
    await this.filter.fill(text);
  }

  /** Types the filter and presses Enter (the next match). */
  async find(text: string, hex = false): Promise<void> {
    await this.setFilter(text, hex);
    await this.filter.press('Enter');
  }

  async waitForStatus(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
    const poll = expect.poll(() => this.searchStatus.innerText(), {
      timeout,
      message: `the search never said ${String(text)}`,
    });
    if (typeof text === 'string') await poll.toBe(text);
    else await poll.toMatch(text);
  }

  /** The matched row's text ('' when none is in view). */
  async matchedRow(): Promise<string> {
    const row = this.page.getByRole('log').locator('.row.data.match');
    return (await row.count()) === 0 ? '' : row.first().innerText();
  }

  /** Opens Export log, picks `format`, clicks Export and returns the download it starts. */
  async exportAs(format: ExportFormatLabel): Promise<Download> {
    await this.page.getByRole('button', { name: 'Export log', exact: true }).click();
    const form = this.page.getByRole('dialog', { name: 'Export log', exact: true });
    await choose(form.getByRole('combobox', { name: 'Format', exact: true }), format);
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
      form.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    return download;
  }

  async waitForExport(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
    const poll = expect.poll(() => this.exportStatus.innerText().catch(() => ''), {
      timeout,
      message: `the export never said ${String(text)}`,
    });
    if (typeof text === 'string') await poll.toContain(text);
    else await poll.toMatch(text);
  }
}
