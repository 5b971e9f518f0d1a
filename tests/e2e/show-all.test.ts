/**
 * A large entry reaches the page cut short (a bridge sends the start of a chunk; readLog cuts to
 * the bytes shown per entry): "Show all" must fetch it whole, after a reload too — by a click on
 * the row's "Show all", or from the keyboard (select the entry, Enter), as its option says.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openApp, useBrowser } from './support/fixture';

const browser = useBrowser();

describe('Show all', () => {
  it('fetches an entry the page holds cut short, live and after a reload', async () => {
    const { page, tab } = await openApp(browser());
    const port = await tab.listen('127.0.0.1');
    const client = net.connect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise((resolve) => client.once('connect', resolve));
    try {
      const big = 'START ' + 'x'.repeat(20_000 - 14) + ' THE END';
      client.write(big);
      await tab.waitForCounters({ rx: 20_000, tx: 0 });
      await tab.waitForEntry('START');
      // The mouse's link; a listbox option holds no control of its own for assistive technology.
      const showAll = page.getByText(/^Show all [\d,]+ bytes$/);
      const cutEntry = page.getByRole('option', {
        name: /cut short: select the entry and press Enter to show all 20,?000 bytes/,
      });

      for (const how of ['a click, live', 'Enter on the selected entry, after a reload']) {
        if (how.endsWith('reload')) {
          await page.reload();
          await tab.waitForEntry('START');
        }
        await showAll.waitFor();
        expect(await showAll.innerText()).toMatch(/20,?000/);
        expect(await page.getByRole('button', { name: /^Show all/ }).count()).toBe(0);
        expect(await cutEntry.count()).toBe(1);
        expect(await tab.logText()).not.toContain('THE END');
        if (how.startsWith('Enter')) {
          await cutEntry.click();
          await expect.poll(() => cutEntry.getAttribute('aria-selected')).toBe('true');
          await page.keyboard.press('Enter');
        } else {
          await showAll.click();
        }
        await tab.waitForLog('THE END');
        await expect.poll(() => showAll.count()).toBe(0);
        expect(await cutEntry.count()).toBe(0);
      }
    } finally {
      client.destroy();
    }
  });
});
