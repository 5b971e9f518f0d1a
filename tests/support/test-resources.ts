/**
 * What a test opens, closed after it (newest first), and waiting on things outside the engine.
 * Each test file gets its own list: Vitest evaluates this module once per file.
 */
import { afterEach, vi } from 'vitest';
import type { ConnectionOpenedEvent } from '../../src/shared/contract';
import { EngineHarness } from './engine-harness';
import { startTcpServer } from './node-peers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs each `close` after the current test. */
export function afterTest(...close: (() => unknown)[]) {
  cleanups.push(...close);
}

/** A real engine with an event recorder, shut down after the test. */
export function engineForTest(): EngineHarness {
  const made = new EngineHarness();
  afterTest(() => made.dispose());
  return made;
}

/** Waits for something outside the engine (a peer's count): polled, as no event announces it. */
export function until(check: () => boolean, timeoutMs: number, what: string) {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 5 },
  );
}

/**
 * A TCP client session connected to a plain Node server (closed after the test): the session,
 * the peer's socket and the connection id the session gave it.
 */
export async function tcpClientSession(h: EngineHarness) {
  const server = await startTcpServer();
  afterTest(() => server.close());
  const { sessionId } = await h.openSession({
    protocol: 'tcp-client',
    remoteHost: '127.0.0.1',
    remotePort: server.port,
  });
  const peer = await server.nextSocket();
  const opened = await h.waitFor<ConnectionOpenedEvent>(
    (e) => e.type === 'connection-opened' && e.sessionId === sessionId,
  );
  return { sessionId, peer, server, connectionId: opened.connection.connectionId };
}
