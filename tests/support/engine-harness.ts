/**
 * A real Engine with a recorder on its event sink: tests act through the contract's commands and
 * wait for the events a user would see.
 */
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  DataEvent,
  Direction,
  EngineEvent,
  SessionConfig,
  SessionSnapshot,
} from '../../src/shared/contract';
import { Engine } from '../../src/main/engine/engine';
import { connectClient } from './node-peers';

export class EngineHarness {
  readonly events: EngineEvent[] = [];
  private waiters = new Set<() => void>();
  readonly engine = new Engine((event) => {
    this.events.push(event);
    for (const wake of this.waiters) wake();
  });

  /** Calls a command and fails the test if it does not succeed. */
  async ok<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const result = await this.call(command, request);
    if (!result.ok) throw new Error(`${command} failed: ${result.code} ${result.message}`);
    return result;
  }

  call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    const handler = this.engine[command] as (r: CommandRequest<C>) => Promise<CommandResponse<C>>;
    return handler.call(this.engine, request);
  }

  /** Resolves with the first recorded event (past or future) that matches. */
  waitFor<E extends EngineEvent = EngineEvent>(
    predicate: (event: EngineEvent) => boolean,
    timeoutMs = 5000,
    what = 'event',
  ): Promise<E> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found as E);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Waits until `count` bytes have arrived in `direction` for the session (and connection). */
  async waitForBytes(
    sessionId: string,
    count: number,
    direction: Direction = 'rx',
    timeoutMs = 5000,
  ) {
    // Sums lengths as events arrive: concatenating on every event would be quadratic in a flood.
    let seen = 0;
    let counted = 0;
    await this.waitFor(
      () => {
        for (; counted < this.events.length; counted++) {
          const e = this.events[counted]!;
          if (e.type === 'data' && e.sessionId === sessionId && e.direction === direction) {
            seen += e.bytes.length;
          }
        }
        return seen >= count;
      },
      timeoutMs,
      `${count} ${direction} bytes`,
    );
    return this.bytes(sessionId, direction);
  }

  data(sessionId: string, direction?: Direction, connectionId?: string): DataEvent[] {
    return this.events.filter(
      (e): e is DataEvent =>
        e.type === 'data' &&
        e.sessionId === sessionId &&
        (direction === undefined || e.direction === direction) &&
        (connectionId === undefined || e.connectionId === connectionId),
    );
  }

  /** Every byte of one direction, concatenated in order. */
  bytes(sessionId: string, direction: Direction, connectionId?: string): Buffer {
    return Buffer.concat(this.data(sessionId, direction, connectionId).map((e) => e.bytes));
  }

  /** The engine's snapshot of one session (listSessions), as a page gets it after a reload. */
  async snapshot(sessionId: string): Promise<SessionSnapshot> {
    const { sessions } = await this.ok('listSessions', {});
    const found = sessions.find((s) => s.sessionId === sessionId);
    if (!found) throw new Error(`no session ${sessionId} in listSessions`);
    return found;
  }

  /** The recorded events of one type for one session, oldest first. */
  eventsOf<T extends EngineEvent['type']>(sessionId: string, type: T) {
    return this.events.filter(
      (e): e is Extract<EngineEvent, { type: T }> => e.type === type && e.sessionId === sessionId,
    );
  }

  /** A new session, opened with `config`: its id and where it is bound. */
  async openSession(config: SessionConfig) {
    const { sessionId } = await this.ok('createSession', {});
    const opened = await this.ok('open', { sessionId, config });
    return { sessionId, local: opened.local };
  }

  /** A TCP server session listening on `host`, on a port the OS picks. */
  listen(host = '127.0.0.1') {
    return this.openSession({ protocol: 'tcp-server', localHost: host, localPort: 0 });
  }

  /** A TCP server session on 127.0.0.1 with one plain Node client connected to it. */
  async listenWithClient() {
    const { sessionId, local } = await this.listen();
    return { sessionId, local, client: await connectClient(local.port) };
  }

  /** A UDP session bound to `host`, on a port the OS picks. */
  openUdp(host = '127.0.0.1') {
    return this.openSession({ protocol: 'udp', localHost: host, localPort: 0 });
  }

  /** A UDP session on 127.0.0.1 (a port the OS picks) whose Send goes to `remotePort` there. */
  openUdpTo(remotePort: number) {
    return this.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
      remoteHost: '127.0.0.1',
      remotePort,
    });
  }

  async dispose() {
    await this.engine.shutdown();
  }
}
