/**
 * The client list after churn (issue 7): a TCP server tab in the browser mode; 300 real clients
 * connect from this process over loopback, 200 leave (some after sending, some with a FIN, some
 * with a reset), some of the 100 left send a few bytes and the page sends to all; the list then
 * shows exactly those 100 with their own byte counts, the status bar the exact totals; when the
 * rest leave, the list is empty and the totals stay. Everything is read from the DOM.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { Conditions } from '../support/conditions';
import { byAddress, clientRows } from './support/client-rows';
import { openApp, useBrowser } from './support/fixture';
import { connectClients, LOOPBACK } from './support/loopback-clients';

const CLIENTS = 300;
const FROM_PAGE = 'ping';
/** Room for 300 connections, a page and a host sharing two cores with other tests. */
const LIST_TIMEOUT_MS = 60_000;

const browser = useBrowser();

describe('the client list after churn', () => {
  it('300 connect, 200 leave, the rest talk: exactly the 100 left, each with its own counts', async () => {
    const { tab, server, page } = await openApp(browser());
    const port = await tab.listen(LOOPBACK);
    const conditions = new Conditions();
    const clients = await connectClients(port, CLIENTS, () => conditions.changed());
    onTestFinished(() => {
      for (const client of clients) client.socket.destroy();
    });
    await server.waitForClients(
      clients.map((c) => c.address),
      LIST_TIMEOUT_MS,
    );

    // 200 leave in four ways: "bye" then FIN, FIN alone, destroy, and a reset (RST).
    const leaving = clients.filter((_, i) => i % 3 !== 0);
    const staying = clients.filter((_, i) => i % 3 === 0);
    leaving.forEach((client, i) => {
      if (i % 4 === 0) {
        const bye = `bye ${i}`;
        client.sent += bye.length;
        client.socket.end(bye);
      } else if (i % 4 === 1) client.socket.end();
      else if (i % 4 === 2) client.socket.destroy();
      else client.socket.resetAndDestroy();
    });
    // Every other one left sends a few bytes of its own length.
    staying.forEach((client, i) => {
      if (i % 2 !== 0) return;
      const hello = 'x'.repeat(1 + (i % 7));
      client.sent += hello.length;
      client.socket.write(hello);
    });
    await conditions.until(
      () => leaving.every((client) => client.socket.destroyed) || undefined,
      'the 200 leaving clients to close',
      LIST_TIMEOUT_MS,
    );
    await server.waitForClients(
      staying.map((c) => c.address),
      LIST_TIMEOUT_MS,
    );
    await server.chooseTarget('all');
    await tab.send(FROM_PAGE);
    await conditions.until(
      () => staying.every((client) => client.received === FROM_PAGE.length) || undefined,
      `each of the 100 to receive "${FROM_PAGE}"`,
      LIST_TIMEOUT_MS,
    );

    const expected = byAddress(
      staying.map((c) => ({ address: c.address, rx: c.sent, tx: FROM_PAGE.length })),
    );
    await expect
      .poll(async () => byAddress(await clientRows(server)), {
        timeout: LIST_TIMEOUT_MS,
        message: 'the Clients list rows',
      })
      .toEqual(expected);
    const totals = {
      rx: clients.reduce((sum, c) => sum + c.sent, 0),
      tx: staying.length * FROM_PAGE.length,
    };
    await tab.waitForCounters(totals, LIST_TIMEOUT_MS);
    expect(await page.getByText(`Clients (${staying.length})`, { exact: true }).count()).toBe(1);

    // Then the rest leave: an empty list that says so; the totals are unchanged.
    for (const client of staying) client.socket.end();
    await server.waitForClients([], LIST_TIMEOUT_MS);
    await page.getByText('No client connected yet', { exact: true }).waitFor();
    expect(await page.getByText('Clients (0)', { exact: true }).count()).toBe(1);
    expect(await tab.counters()).toEqual(totals);
    expect(clients.reduce((sum, c) => sum + c.received, 0)).toBe(totals.tx);
  }, 240_000);
});
