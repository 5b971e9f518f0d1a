/**
 * The app listening on loopback with one real TCP client from the test process, shown in the
 * page's Clients list: where the tests of what a session does with received bytes start.
 */
import net from 'node:net';
import type { Browser } from 'playwright';
import { onTestFinished } from 'vitest';
import type { PageOptions } from './browser';
import { openApp } from './fixture';
import { LOOPBACK } from './loopback-clients';

/**
 * A client of the page's TCP server, with Nagle off so each write leaves as written; destroyed
 * when the test ends.
 */
export async function connectTo(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: LOOPBACK, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  onTestFinished(() => void socket.destroy());
  return socket;
}

/** Opens the app, listens on 127.0.0.1 and connects one client, waiting until the page lists it. */
export async function appWithClient(browser: Browser, options?: PageOptions) {
  const { page, tab, server } = await openApp(browser, options);
  const port = await tab.listen(LOOPBACK);
  const client = await connectTo(port);
  const address = `${LOOPBACK}:${client.localPort}`;
  await server.waitForClients([address]);
  return { page, tab, server, port, client, address };
}
