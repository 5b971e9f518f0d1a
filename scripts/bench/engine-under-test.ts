/**
 * The real Engine as the bridges run it, minus the UI: its events go through the bridge's
 * EventBatcher, and the flush only counts what a page would have been sent.
 */
import { EventBatcher } from '../../src/main/bridge/event-batcher';
import { Engine } from '../../src/main/engine/engine';
import type { Counters, EngineEvent, LogWindow, SessionConfig } from '../../src/shared/contract';

/** What the flushes delivered, per session. */
export interface Delivered {
  rxBytes: number;
  dataEvents: number;
  batches: number;
}

export class EngineUnderTest {
  readonly delivered: Delivered = { rxBytes: 0, dataEvents: 0, batches: 0 };
  /** How many events of each type the engine emitted (before batching). */
  readonly emitted: Partial<Record<EngineEvent['type'], number>> = {};
  /** Received bytes the engine has emitted in `data` events (before batching). */
  emittedRxBytes = 0;
  /** When (performance.now) `emittedRxBytes` reached the target set by `watchEmitted`. */
  emittedAt: number | undefined;
  private emittedTarget = Infinity;
  private readonly waiters = new Set<() => void>();
  /** When (performance.now) each session's first connection opened, as the engine emitted it. */
  private readonly connectedAt = new Map<string, number>();
  private readonly batcher = new EventBatcher((events) => this.count(events));
  readonly engine = new Engine((event) => {
    this.emitted[event.type] = (this.emitted[event.type] ?? 0) + 1;
    if (event.type === 'data' && event.direction === 'rx') {
      this.emittedRxBytes += event.bytes.length;
      if (this.emittedRxBytes >= this.emittedTarget) this.emittedAt ??= performance.now();
    } else if (event.type === 'connection-opened') this.noteConnection(event.sessionId);
    this.batcher.push(event);
  });

  /** A session opened with `config`; returns its id and local port. */
  async openSession(config: SessionConfig): Promise<{ sessionId: string; port: number }> {
    const created = await this.engine.createSession();
    if (!created.ok) throw new Error(`createSession: ${created.message}`);
    const opened = await this.engine.open({ sessionId: created.sessionId, config });
    if (!opened.ok) throw new Error(`open: ${opened.message}`);
    return { sessionId: created.sessionId, port: opened.local.port };
  }

  async session(sessionId: string): Promise<{ counters: Counters; log: LogWindow }> {
    const listed = await this.engine.listSessions();
    const session = listed.ok && listed.sessions.find((s) => s.sessionId === sessionId);
    if (!session) throw new Error(`session ${sessionId} is gone`);
    return session;
  }

  watchEmitted(rxBytes: number) {
    this.emittedTarget = rxBytes;
    this.emittedAt = undefined;
  }

  firstConnectionAt(sessionId: string): number | undefined {
    return this.connectedAt.get(sessionId);
  }

  /** Resolves once the flushes have delivered `rxBytes` received bytes in `data` events. */
  deliveredBytes(rxBytes: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.delivered.rxBytes < rxBytes) return;
        finish();
        resolve(performance.now());
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `only ${this.delivered.rxBytes} of ${rxBytes} bytes delivered in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async shutdown(): Promise<void> {
    await this.engine.shutdown();
    this.batcher.flushNow();
    this.batcher.dispose();
  }

  private noteConnection(sessionId: string) {
    if (!this.connectedAt.has(sessionId)) this.connectedAt.set(sessionId, performance.now());
  }

  private count(events: EngineEvent[]) {
    this.delivered.batches += 1;
    for (const event of events) {
      if (event.type === 'data' && event.direction === 'rx') {
        this.delivered.rxBytes += event.bytes.length;
        this.delivered.dataEvents += 1;
      }
    }
    for (const check of [...this.waiters]) check();
  }
}
