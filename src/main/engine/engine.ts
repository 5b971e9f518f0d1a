import type {
  CommandApi,
  CommandRequest,
  CommandResponse,
  EmitEvent,
  LogLimits,
  Result,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { CAPTURE_FILE_BUFFER_BYTES, DEFAULT_LOG_LIMITS } from './constants';
import { errnoOf } from './socket-errors';
import { Session } from './session';

/**
 * The engine: every session's sockets, behind the contract's commands. It knows nothing of
 * Electron or WebSockets — it emits through the injected `emit`, and each bridge carries that.
 */
export class Engine implements CommandApi {
  private readonly sessions = new Map<string, Session>();
  private sessionNumber = 0;
  private logLimits: LogLimits = { ...DEFAULT_LOG_LIMITS };

  constructor(private readonly emit: EmitEvent) {}

  createSession(): Promise<CommandResponse<'createSession'>> {
    const sessionId = `s${++this.sessionNumber}`;
    this.sessions.set(sessionId, new Session(sessionId, this.emit, this.logLimits));
    return Promise.resolve({ ok: true, sessionId });
  }

  open(request: CommandRequest<'open'>) {
    return this.withSession(request.sessionId, (session) => session.open(request.config));
  }

  close(request: CommandRequest<'close'>) {
    return this.withSession(request.sessionId, async (session) => {
      await session.close();
      return { ok: true as const };
    });
  }

  disposeSession(request: CommandRequest<'disposeSession'>) {
    return this.withSession(request.sessionId, async (session) => {
      this.sessions.delete(request.sessionId);
      await session.dispose();
      return { ok: true as const };
    });
  }

  send(request: CommandRequest<'send'>) {
    const { sessionId, data, options, target } = request;
    return this.withSession(sessionId, (session) => session.send(data, options, target));
  }

  disconnectClient(request: CommandRequest<'disconnectClient'>) {
    return this.withSession(request.sessionId, (session) =>
      session.disconnect(request.connectionId),
    );
  }

  resetCounters(request: CommandRequest<'resetCounters'>) {
    return this.withSession(request.sessionId, (session) => {
      session.resetCounters();
      return Promise.resolve({ ok: true as const });
    });
  }

  joinMulticast(request: CommandRequest<'joinMulticast'>) {
    const { sessionId, group, interfaceAddress } = request;
    return this.withSession(sessionId, (session) =>
      Promise.resolve(session.multicast('join', group, interfaceAddress)),
    );
  }

  leaveMulticast(request: CommandRequest<'leaveMulticast'>) {
    const { sessionId, group, interfaceAddress } = request;
    return this.withSession(sessionId, (session) =>
      Promise.resolve(session.multicast('leave', group, interfaceAddress)),
    );
  }

  readLog(request: CommandRequest<'readLog'>) {
    const { sessionId, fromSeq, count, maxBytes, maxEntryBytes } = request;
    return this.withSession(sessionId, (session) =>
      Promise.resolve(
        session.readLog(fromSeq, count, {
          ...(maxBytes !== undefined ? { maxBytes } : {}),
          ...(maxEntryBytes !== undefined ? { maxEntryBytes } : {}),
        }),
      ),
    );
  }

  clearLog(request: CommandRequest<'clearLog'>) {
    return this.withSession(request.sessionId, (session) => Promise.resolve(session.clearLog()));
  }

  /** Applies to every session, now and later; shrinking evicts at once. */
  setLogLimits(request: CommandRequest<'setLogLimits'>): Promise<CommandResponse<'setLogLimits'>> {
    const { maxEntries, maxBytes } = request;
    const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
    if (!whole(maxEntries, 1) || !whole(maxBytes, 1024)) {
      return Promise.resolve(
        fail('INVALID_REQUEST', {
          detail: 'log limits must be whole numbers: at least 1 entry and 1024 bytes',
        }),
      );
    }
    this.logLimits = { maxEntries, maxBytes };
    for (const session of this.sessions.values()) session.setLogLimits(this.logLimits);
    return Promise.resolve({ ok: true, ...this.logLimits });
  }

  /**
   * Receive to file. Not a command: the path must come from a place the user chose (the desktop's
   * save dialog), never from the page.
   */
  async captureToFile(sessionId: string, path: string, connectionId?: string): Promise<Result> {
    const session = this.sessions.get(sessionId);
    if (!session) return fail('UNKNOWN_SESSION', { sessionId });
    // A buffer larger than one socket read: with the default 16 KiB every read paused the socket.
    const file = createWriteStream(path, { highWaterMark: CAPTURE_FILE_BUFFER_BYTES });
    const opened = await new Promise<Result>((resolve) => {
      file.once('open', () => resolve({ ok: true }));
      file.once('error', (error) => resolve(fail('FILE_ERROR', { path, errno: errnoOf(error) })));
    });
    if (!opened.ok) return opened;
    file.on('error', (error) => {
      const { code, message, params } = fail('FILE_ERROR', { path, errno: errnoOf(error) });
      this.emit({ type: 'error', sessionId, at: Date.now(), code, message, params });
    });
    return session.startCapture(file, connectionId);
  }

  /** Receive to any writable (the browser mode streams it to the page as a download). */
  captureTo(sessionId: string, output: Writable, connectionId?: string): Result {
    const session = this.sessions.get(sessionId);
    if (!session) return fail('UNKNOWN_SESSION', { sessionId });
    return session.startCapture(output, connectionId);
  }

  async stopCapture(sessionId: string): Promise<Result<{ bytes: number }>> {
    const session = this.sessions.get(sessionId);
    if (!session) return fail('UNKNOWN_SESSION', { sessionId });
    return { ok: true, ...(await session.stopCapture()) };
  }

  listSessions(): Promise<CommandResponse<'listSessions'>> {
    const sessions = [...this.sessions.values()].map((session) => session.snapshot());
    return Promise.resolve({ ok: true, sessions, logLimits: { ...this.logLimits } });
  }

  /** Closes every socket of every session (the window or the page went away). */
  async shutdown(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((session) => session.dispose()));
  }

  /**
   * Runs a command against one session. An unexpected exception becomes a failure result: no
   * input may crash the process that owns every socket.
   */
  private async withSession<T extends object>(
    sessionId: string,
    run: (session: Session) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const session = this.sessions.get(sessionId);
    if (!session) return fail('UNKNOWN_SESSION', { sessionId });
    try {
      return await run(session);
    } catch (error) {
      return fail('SOCKET_ERROR', { errno: errnoOf(error), syscall: '' });
    }
  }
}
