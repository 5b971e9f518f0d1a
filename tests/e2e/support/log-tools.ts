/**
 * Page object for the log's tools above the Traffic rows: Filter (text or hex, direction, peer)
 * with Previous / Next match and Only matches, the Timestamps mode, Export log with its small form
 * (format, which entries) and Stop export, and the rows as a listbox of selectable options. In
 * the browser mode an export is a download the page starts; `exportAs` returns it.
 */
import type { Download, Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { choose } from './controls';
import { UI_TIMEOUT_MS } from './session-tab';

export type ExportFormatLabel =
  'Text as shown' | 'CSV' | 'JSON Lines' | 'Raw received bytes' | 'Raw sent bytes';

/** The Entries choice of the export form, by the start of its label. */
export type ExportEntriesLabel = 'All kept entries' | 'Selection' | 'Matching the filter';

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
  get onlyMatches(): Locator {
    return this.page.getByRole('button', { name: 'Only matches', exact: true });
  }
  /** "n matches" (and "so far, searching…") beside Only matches. */
  get matchCount(): Locator {
    return this.page.locator('.match-count');
  }
  get stopExport(): Locator {
    return this.page.getByRole('button', { name: 'Stop export', exact: true });
  }
  /** "n selected" and what the last Copy did. */
  get selectionStatus(): Locator {
    return this.page.locator('.selection-status');
  }
  /** The log's rows: a listbox of entries (and notes) that can be selected. */
  get rows(): Locator {
    return this.page.getByRole('log').getByRole('listbox', { name: 'Entries', exact: true });
  }
  /** The entry row showing `text`. */
  row(text: string): Locator {
    return this.rows.getByRole('option').filter({ hasText: text });
  }
  /** The texts of the rows selected now (those rendered). */
  async selectedRows(): Promise<string[]> {
    return this.rows.locator('[role="option"][aria-selected="true"]').allInnerTexts();
  }
  /** The texts of the entry rows rendered now. */
  async shownEntries(): Promise<string[]> {
    return this.rows.locator('[role="option"][data-seq]').allInnerTexts();
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

  /** Opens the Export log form (if closed) and returns it. */
  async exportForm(): Promise<Locator> {
    const form = this.page.getByRole('dialog', { name: 'Export log', exact: true });
    if (!(await form.isVisible())) {
      await this.page.getByRole('button', { name: 'Export log', exact: true }).click();
    }
    return form;
  }

  /** The Entries choices the export form offers now, as labelled. */
  async entriesChoices(): Promise<string[]> {
    const form = await this.exportForm();
    const labels = await form
      .getByRole('radio')
      .evaluateAll((radios) =>
        radios.map((radio) => radio.closest('label')?.textContent?.trim() ?? ''),
      );
    return labels;
  }

  /**
   * Opens Export log, picks `format` (and which entries), clicks Export and returns the download
   * it starts.
   */
  async exportAs(format: ExportFormatLabel, entries?: ExportEntriesLabel): Promise<Download> {
    const form = await this.exportForm();
    await choose(form.getByRole('combobox', { name: 'Format', exact: true }), format);
    if (entries) await form.getByRole('radio', { name: new RegExp(`^${entries}`) }).check();
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
