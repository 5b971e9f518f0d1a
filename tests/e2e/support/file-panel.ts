/**
 * Page object for the Files section of the settings column: Receive to file and Log to file, each
 * with its Stop button and status line. In the browser mode a file is a download the page starts;
 * `start` returns Playwright's Download for it.
 */
import type { Download, Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { UI_TIMEOUT_MS } from './session-tab';

export type FileKind = 'capture' | 'log';

export interface FileLabels {
  files: string;
  start: Record<FileKind, string>;
  stop: Record<FileKind, string>;
}

export const FILE_EN: FileLabels = {
  files: 'Files',
  start: { capture: 'Receive to file', log: 'Log to file' },
  stop: { capture: 'Stop receive to file', log: 'Stop log to file' },
};

export const FILE_ZH: FileLabels = {
  files: '保存到文件',
  start: { capture: '接收到文件', log: '日志写入文件' },
  stop: { capture: '停止接收到文件', log: '停止日志写入文件' },
};

export class FilePanel {
  constructor(
    readonly page: Page,
    readonly labels: FileLabels = FILE_EN,
  ) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: this.labels.files, exact: true });
  }

  startButton(kind: FileKind): Locator {
    return this.region.getByRole('button', { name: this.labels.start[kind], exact: true });
  }

  stopButton(kind: FileKind): Locator {
    return this.region.getByRole('button', { name: this.labels.stop[kind], exact: true });
  }

  /** Clicks the start button and returns the download the page starts for it. */
  async start(kind: FileKind): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
      this.startButton(kind).click(),
    ]);
    return download;
  }

  async stop(kind: FileKind): Promise<void> {
    await this.stopButton(kind).click();
    await this.startButton(kind).waitFor();
  }

  /** The Files section's text (both status lines). */
  async text(): Promise<string> {
    return this.region.innerText();
  }

  async waitForText(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
    const poll = expect.poll(() => this.text(), {
      timeout,
      message: `the Files section never showed ${String(text)}`,
    });
    if (typeof text === 'string') await poll.toContain(text);
    else await poll.toMatch(text);
  }

  /**
   * The exact byte count of a file's status line (its tooltip says "N bytes"), or -1 when none
   * shows. The line's own text says the size in KiB/MiB.
   */
  async exactBytes(kind: FileKind): Promise<number> {
    const index = kind === 'capture' ? 0 : 1;
    const line = this.region.locator('.file-control').nth(index).locator('p');
    if ((await line.count()) === 0) return -1;
    const title = (await line.getAttribute('title')) ?? '';
    const match = /([\d,]+)\s*(?:bytes|字节)\s*$/.exec(title);
    return match?.[1] ? Number(match[1].replace(/,/g, '')) : -1;
  }

  async waitForBytes(kind: FileKind, bytes: number, timeout = UI_TIMEOUT_MS): Promise<void> {
    await expect
      .poll(() => this.exactBytes(kind), { timeout, message: `bytes written to the ${kind} file` })
      .toBe(bytes);
  }
}
