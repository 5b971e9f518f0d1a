/**
 * Page object for one session tab: the settings column, the open/close button, the Traffic log,
 * the send box and the status bar. Everything is found by role and accessible name (issue 3);
 * queries are page-wide because role queries skip hidden elements, so only the visible tab's
 * controls match.
 */
import type { Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { choose, setChecked } from './controls';
import { EN } from './labels';
import type { Labels } from './labels';

// Generous: CI shares two cores between Chromium, the host, Python peers and vitest.
export const UI_TIMEOUT_MS = 10_000;

export interface Counts {
  rx: number;
  tx: number;
}

export class SessionTab {
  constructor(
    readonly page: Page,
    readonly labels: Labels = EN,
  ) {}

  // --- controls ---------------------------------------------------------------------------

  get protocol(): Locator {
    return this.page.getByRole('combobox', { name: this.labels.protocol, exact: true });
  }
  get remoteHost(): Locator {
    return this.page.getByRole('textbox', { name: this.labels.remoteHost, exact: true });
  }
  get remotePort(): Locator {
    return this.page.getByRole('textbox', { name: this.labels.remotePort, exact: true });
  }
  get localHost(): Locator {
    return this.page.getByRole('textbox', { name: this.labels.localHost, exact: true });
  }
  get localPort(): Locator {
    return this.page.getByRole('textbox', { name: this.labels.localPort, exact: true });
  }
  get encoding(): Locator {
    return this.page.getByRole('combobox', { name: this.labels.encoding, exact: true });
  }
  get hexDisplay(): Locator {
    return this.page.getByRole('checkbox', { name: this.labels.hexDisplay, exact: true });
  }
  get hexSend(): Locator {
    return this.page.getByRole('checkbox', { name: this.labels.hexSend, exact: true });
  }
  get message(): Locator {
    return this.page.getByRole('textbox', { name: this.labels.message, exact: true });
  }
  get sendButton(): Locator {
    return this.page.getByRole('button', { name: this.labels.send, exact: true });
  }
  get log(): Locator {
    return this.page.getByRole('log', { name: this.labels.traffic, exact: true });
  }
  get alerts(): Locator {
    return this.page.getByRole('alert');
  }
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  // --- settings ---------------------------------------------------------------------------

  async chooseProtocol(protocol: 'tcp-client' | 'tcp-server' | 'udp'): Promise<void> {
    const label = {
      'tcp-client': this.labels.tcpClient,
      'tcp-server': this.labels.tcpServer,
      udp: this.labels.udp,
    }[protocol];
    await choose(this.protocol, label);
  }

  async setRemote(host: string, port: number): Promise<void> {
    await this.remoteHost.fill(host);
    await this.remotePort.fill(String(port));
  }

  async setLocal(host: string, port: number): Promise<void> {
    await this.localHost.fill(host);
    await this.localPort.fill(String(port));
  }

  /** Picks an encoding by its label, e.g. /^GBK/i or /^UTF-8/i. */
  async chooseEncoding(label: string | RegExp): Promise<void> {
    await choose(this.encoding, label);
  }

  async setHexDisplay(on: boolean): Promise<void> {
    await setChecked(this.hexDisplay, on);
  }

  async setHexSend(on: boolean): Promise<void> {
    await setChecked(this.hexSend, on);
  }

  // --- open / close -----------------------------------------------------------------------

  /** TCP client: fills the remote address, clicks Connect and waits for Disconnect. */
  async connect(host: string, port: number): Promise<void> {
    await this.chooseProtocol('tcp-client');
    await this.setRemote(host, port);
    await this.button(this.labels.connect).click();
    await this.button(this.labels.disconnect).waitFor();
  }

  /** TCP server: listens on host:port (0: any free port), waits for Stop, returns the port. */
  async listen(host: string, port = 0): Promise<number> {
    await this.chooseProtocol('tcp-server');
    await this.setLocal(host, port);
    await this.button(this.labels.listen).click();
    await this.button(this.labels.stop).waitFor();
    return this.boundPort(host);
  }

  /** UDP: binds host:port (0: any), with the remote target when given; returns the local port. */
  async openUdp(host: string, remote?: { host: string; port: number }): Promise<number> {
    await this.chooseProtocol('udp');
    await this.setLocal(host, 0);
    if (remote) await this.setRemote(remote.host, remote.port);
    await this.button(this.labels.open).click();
    await this.button(this.labels.close).waitFor();
    return this.boundPort(host);
  }

  /**
   * The port the OS picked, read from what the user sees: the state line ("Listening on
   * 127.0.0.1:PORT") or the Local port box, if the UI writes the chosen port back into it.
   */
  async boundPort(host: string): Promise<number> {
    const address = new RegExp(`${host.replace(/\./g, '\\.')}:(\\d+)`);
    let port = 0;
    await expect
      .poll(
        async () => {
          const typed = Number(await this.localPort.inputValue().catch(() => '0'));
          if (typed > 0) return (port = typed);
          const shown = address.exec(await this.page.locator('body').innerText());
          return (port = Number(shown?.[1] ?? 0));
        },
        { timeout: UI_TIMEOUT_MS, message: `the UI never showed the port bound on ${host}` },
      )
      .toBeGreaterThan(0);
    return port;
  }

  // --- sending ----------------------------------------------------------------------------

  /** Types into the Message box and clicks Send. */
  async send(text: string): Promise<void> {
    await this.message.fill(text);
    await this.sendButton.click();
  }

  // --- reading ----------------------------------------------------------------------------

  async logText(): Promise<string> {
    return this.log.innerText();
  }

  /** Waits until the Traffic log shows `text` (or matches it). */
  async waitForLog(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
    const poll = expect.poll(() => this.logText(), {
      timeout,
      message: `Traffic log never showed ${String(text)}`,
    });
    if (typeof text === 'string') await poll.toContain(text);
    else await poll.toMatch(text);
  }

  /**
   * The whole log entry (time, direction, peer, size, payload) that shows `payload`, or '' when
   * none does yet: from the text up to the first element that also holds a direction arrow.
   */
  async entry(payload: string): Promise<string> {
    return this.log.evaluate((log, wanted) => {
      const walker = document.createTreeWalker(log, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.includes(wanted)) continue;
        for (let element = node.parentElement; element && element !== log;) {
          if (/[←→]/.test(element.innerText)) return element.innerText;
          element = element.parentElement;
        }
      }
      return '';
    }, payload);
  }

  /** Waits for the log entry showing `payload` and returns its whole text. */
  async waitForEntry(payload: string, timeout = UI_TIMEOUT_MS): Promise<string> {
    let text = '';
    await expect
      .poll(async () => (text = await this.entry(payload)), {
        timeout,
        message: `no Traffic entry shows ${payload}`,
      })
      .not.toBe('');
    return text;
  }

  /** Waits for an alert whose text matches, and returns its text. */
  async waitForAlert(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<string> {
    const alert = this.alerts.filter({ hasText: text }).first();
    await alert.waitFor({ timeout });
    return alert.innerText();
  }

  /** Waits until `text` shows anywhere on the page (state lines, notes). */
  async waitForText(text: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
    await this.page.getByText(text).first().waitFor({ timeout });
  }

  /**
   * The status bar's `RX <bytes>` and `TX <bytes>`, read from the smallest visible element
   * outside the Traffic log whose whole text is such a counter.
   */
  async counters(): Promise<Counts> {
    return this.page.evaluate(() => {
      const read = (label: string) => {
        const pattern = new RegExp(`^${label}\\s*([\\d,]+)(?:\\s*(?:B|bytes))?$`);
        for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
          if (element.closest('[role="log"]') || element.offsetParent === null) continue;
          const match = pattern.exec((element.textContent ?? '').replace(/\s+/g, ' ').trim());
          if (match?.[1]) return Number(match[1].replace(/,/g, ''));
        }
        return -1;
      };
      return { rx: read('RX'), tx: read('TX') };
    });
  }

  async waitForCounters(expected: Counts, timeout = UI_TIMEOUT_MS): Promise<void> {
    await expect
      .poll(() => this.counters(), { timeout, message: 'status bar RX/TX' })
      .toEqual(expected);
  }
}
