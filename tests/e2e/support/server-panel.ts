/** Page object for a TCP server session's client list and its "Send to" selector. */
import type { Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { choose } from './controls';
import { EN } from './labels';
import type { Labels } from './labels';
import { UI_TIMEOUT_MS } from './session-tab';

export class ServerPanel {
  constructor(
    readonly page: Page,
    readonly labels: Labels = EN,
  ) {}

  get clients(): Locator {
    return this.page.getByRole('list', { name: this.labels.clients, exact: true });
  }
  get sendTo(): Locator {
    return this.page.getByRole('combobox', { name: this.labels.sendTo, exact: true });
  }

  client(address: string): Locator {
    return this.clients.getByRole('listitem').filter({ hasText: address });
  }

  /** The `host:port` of each listed client, in list order. */
  async clientAddresses(): Promise<string[]> {
    const items = await this.clients.getByRole('listitem').allInnerTexts();
    return items.map((text) => /\d{1,3}(?:\.\d{1,3}){3}:\d+/.exec(text)?.[0] ?? text.trim());
  }

  async waitForClients(addresses: string[], timeout = UI_TIMEOUT_MS): Promise<void> {
    await expect
      .poll(async () => (await this.clientAddresses()).sort(), {
        timeout,
        message: 'the Clients list',
      })
      .toEqual([...addresses].sort());
  }

  /** `all`, or the `host:port` of one client. */
  async chooseTarget(target: 'all' | string): Promise<void> {
    if (target === 'all') await choose(this.sendTo, this.labels.allClients);
    else await choose(this.sendTo, new RegExp(target.replace(/[.]/g, '\\.')));
  }
}
