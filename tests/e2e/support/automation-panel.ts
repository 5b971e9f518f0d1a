/**
 * Page object for issue 6's automation controls, by role and accessible name: Periodic send and
 * Send file under the message box, and the Quick commands, Auto-reply and History regions.
 */
import type { Download, FileChooser, Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { choose, setChecked } from './controls';
import { UI_TIMEOUT_MS } from './session-tab';

export interface QuickCommandInput {
  name: string;
  data: string;
  hex?: boolean;
  lineEnding?: string | RegExp;
  checksum?: string | RegExp;
}

export interface RuleInput {
  name: string;
  match: 'Exact' | 'Contains' | 'Starts with' | 'Regex';
  pattern: string;
  reply: string;
}

export class AutomationPanel {
  constructor(readonly page: Page) {}

  private named(role: Parameters<Page['getByRole']>[0], name: string, within?: Locator) {
    return (within ?? this.page).getByRole(role, { name, exact: true });
  }

  // --- periodic send --------------------------------------------------------------------

  get periodic(): Locator {
    return this.named('checkbox', 'Periodic send');
  }
  get interval(): Locator {
    return this.named('textbox', 'Interval (ms)');
  }
  get count(): Locator {
    return this.named('textbox', 'Count');
  }

  // --- send file ------------------------------------------------------------------------

  get sendFileButton(): Locator {
    return this.named('button', 'Send file');
  }
  get cancelSendFileButton(): Locator {
    return this.named('button', 'Cancel send file');
  }

  /** Clicks Send file and answers the file chooser the page opens with `file`. */
  async sendFile(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.sendFileButton.click(),
    ]);
    await chooser.setFiles(file);
  }

  // --- quick commands -------------------------------------------------------------------

  get quickCommands(): Locator {
    return this.named('region', 'Quick commands');
  }

  quickCommand(name: string): Locator {
    return this.named('button', name, this.quickCommands);
  }

  async addQuickCommand(command: QuickCommandInput): Promise<void> {
    const region = this.quickCommands;
    await this.named('button', 'Add quick command', region).click();
    await this.named('textbox', 'Command name', region).fill(command.name);
    await this.named('textbox', 'Command data', region).fill(command.data);
    await setChecked(this.named('checkbox', 'Command is hex', region), command.hex ?? false);
    if (command.lineEnding) {
      await choose(this.named('combobox', 'Command line ending', region), command.lineEnding);
    }
    if (command.checksum) {
      await choose(this.named('combobox', 'Command checksum', region), command.checksum);
    }
    await this.named('button', 'Save quick command', region).click();
    await this.quickCommand(command.name).waitFor();
  }

  async deleteQuickCommand(name: string): Promise<void> {
    await this.named('button', `Delete ${name}`, this.quickCommands).click();
    await this.quickCommand(name).waitFor({ state: 'detached' });
  }

  async exportQuickCommands(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.named('button', 'Export quick commands', this.quickCommands).click(),
    ]);
    return download;
  }

  async importQuickCommands(): Promise<FileChooser> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.named('button', 'Import quick commands', this.quickCommands).click(),
    ]);
    return chooser;
  }

  async addSequenceStep(commandName: string, delayMs: number): Promise<void> {
    const region = this.quickCommands;
    await choose(this.named('combobox', 'Step command', region), commandName);
    await this.named('textbox', 'Delay after (ms)', region).fill(String(delayMs));
    await this.named('button', 'Add step', region).click();
  }

  // --- auto-reply -----------------------------------------------------------------------

  get autoReply(): Locator {
    return this.named('region', 'Auto-reply');
  }
  get echo(): Locator {
    return this.named('checkbox', 'Echo', this.autoReply);
  }

  /** Waits until the engine has taken the last change (the region is no longer busy). */
  async waitForAutoReplyApplied(): Promise<void> {
    await expect
      .poll(() => this.autoReply.getAttribute('aria-busy'), {
        timeout: UI_TIMEOUT_MS,
        message: 'the Auto-reply region stayed busy',
      })
      .toBeNull();
  }

  async setEcho(on: boolean): Promise<void> {
    await setChecked(this.echo, on);
    await this.waitForAutoReplyApplied();
  }

  async addRule(rule: RuleInput): Promise<void> {
    const region = this.autoReply;
    await this.named('button', 'Add rule', region).click();
    await this.named('textbox', 'Rule name', region).fill(rule.name);
    await choose(this.named('combobox', 'Match', region), rule.match);
    await this.named('textbox', 'Pattern', region).fill(rule.pattern);
    await this.named('textbox', 'Reply', region).fill(rule.reply);
    await this.named('button', 'Save rule', region).click();
    await this.named('checkbox', `Enable rule ${rule.name}`, region).waitFor();
    await this.waitForAutoReplyApplied();
  }

  // --- framing (one of the Receive settings; it cuts the log's rows and what rules match) ---

  get receiveSettings(): Locator {
    return this.named('region', 'Receive');
  }
  get framing(): Locator {
    return this.named('combobox', 'Framing', this.receiveSettings);
  }
  get delimiter(): Locator {
    return this.named('textbox', 'Delimiter (hex)', this.receiveSettings);
  }
  get mergeWithin(): Locator {
    return this.named('spinbutton', 'Merge within (ms)', this.receiveSettings);
  }
  get messageLength(): Locator {
    return this.named('spinbutton', 'Message length (bytes)', this.receiveSettings);
  }

  /** Waits until the engine has taken the last framing change (Receive is no longer busy). */
  async waitForFramingApplied(): Promise<void> {
    await expect
      .poll(() => this.receiveSettings.getAttribute('aria-busy'), {
        timeout: UI_TIMEOUT_MS,
        message: 'the Receive settings stayed busy',
      })
      .toBeNull();
  }

  async chooseFraming(label: string | RegExp): Promise<void> {
    await choose(this.framing, label);
    await this.waitForFramingApplied();
  }

  /** Fills one of the chosen framing's fields and waits until the engine has it. */
  async fillFraming(field: Locator, value: string): Promise<void> {
    await field.fill(value);
    await this.waitForFramingApplied();
  }

  // --- history --------------------------------------------------------------------------

  get history(): Locator {
    return this.named('region', 'History');
  }
}
