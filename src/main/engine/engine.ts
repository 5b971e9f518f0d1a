import type {
  CommandApi,
  CommandRequest,
  CommandResponse,
  EmitEvent,
  LogLimits,
  Result,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { DEFAULT_LOG_LIMITS } from './constants';
import type { FileDestinations } from './file-destination';
import { discardDestination } from './file-destination';
import type { FileSources } from './file-source';
import { discardSource } from './file-source';
import { errnoOf } from './socket-errors';
import { Session } from './session';

export interface EngineOptions {
  /**
   * Where `startFile` puts a session's files: the desktop's save dialog, the browser mode's
   * downloads. Without it, only callers that name a destination themselves can start one.
   */
  files?: FileDestinations;
  /**
   * Where `sendFile` reads a file from: the desktop's open dialog, the browser mode's uploads.
   * Without it, only callers that name a source themselves can send a file.
   */
  sources?: FileSources;
}

/**
 * The engine: every session's sockets, behind the contract's commands. It knows nothing of
 * Electron or WebSockets — it emits through the injected `emit`, and each bridge carries that.
 */
export class Engine implements CommandApi {
  private readonly sessions = new Map<string, Session>();
  private sessionNumber = 0;
  private logLimits: LogLimits = { ...DEFAULT_LOG_LIMITS };

  private readonly files: FileDestinations | undefined;
  private readonly sources: FileSources | undefined;

  constructor(
    private readonly emit: EmitEvent,
    options: EngineOptions = {},
  ) {
    this.files = options.files;
    this.sources = options.sources;
  }

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
   * Starts a file of the session (see FileKind). The destination comes from the host (`files`),
   * never from the page; tests and the bench pass their own (`fileAt(path)`, `streamTo(stream)`),
   * which no bridge can: a bridge passes the request alone.
   */
  startFile(
    request: CommandRequest<'startFile'>,
    files: FileDestinations | undefined = this.files,
  ): Promise<CommandResponse<'startFile'>> {
    const { sessionId, kind, connectionId } = request;
    return this.withSession(sessionId, async (session) => {
      const refused = session.refuseFile(kind, connectionId);
      if (refused) return refused;
      if (!files) return fail('INVALID_REQUEST', { detail: 'this host cannot save files' });
      const chosen = await files.choose(request);
      if (!chosen.ok) return chosen;
      if (this.sessions.get(sessionId) !== session) {
        // The tab was closed while the user chose where.
        discardDestination(chosen.destination);
        return fail('UNKNOWN_SESSION', { sessionId });
      }
      return session.startFile(kind, chosen.destination, connectionId);
    });
  }

  /** Flushes and closes the session's file of `kind`. Idempotent: no such file is 0 bytes. */
  stopFile(request: CommandRequest<'stopFile'>): Promise<CommandResponse<'stopFile'>> {
    return this.withSession(request.sessionId, async (session) => ({
      ok: true as const,
      ...(await session.stopFile(request.kind)),
    }));
  }

  startPeriodic(request: CommandRequest<'startPeriodic'>) {
    const { sessionId, data, options, target, intervalMs, count } = request;
    return this.withSession(sessionId, (session) =>
      Promise.resolve(session.startPeriodic(data, options, target, intervalMs, count)),
    );
  }

  stopPeriodic(request: CommandRequest<'stopPeriodic'>) {
    return this.withSession(request.sessionId, async (session) => ({
      ok: true as const,
      ...(await session.stopPeriodic()),
    }));
  }

  /**
   * Sends a file's bytes (see FileSendStatus). The source comes from the host (`sources`), never
   * from the page; tests and the bench pass their own (`fileFrom(path)`), which no bridge can.
   */
  sendFile(
    request: CommandRequest<'sendFile'>,
    sources: FileSources | undefined = this.sources,
  ): Promise<CommandResponse<'sendFile'>> {
    const { sessionId, target, datagramBytes, delayMs } = request;
    return this.withSession(sessionId, async (session) => {
      const planned = session.planFileSend(datagramBytes, delayMs);
      if (!planned.ok) return planned;
      if (!sources) return fail('INVALID_REQUEST', { detail: 'this host cannot read files' });
      session.choosingFile(true);
      let chosen;
      try {
        chosen = await sources.choose({ sessionId });
      } finally {
        session.choosingFile(false);
      }
      if (!chosen.ok) return chosen;
      if (this.sessions.get(sessionId) !== session) {
        // The tab was closed while the user chose the file.
        discardSource(chosen.source);
        return fail('UNKNOWN_SESSION', { sessionId });
      }
      return session.startFileSend(chosen.source, planned.plan, target);
    });
  }

  cancelSendFile(request: CommandRequest<'cancelSendFile'>) {
    return this.withSession(request.sessionId, async (session) => {
      await session.cancelFileSend();
      return { ok: true as const };
    });
  }

  setAutoReply(request: CommandRequest<'setAutoReply'>) {
    const { sessionId, rules, echo } = request;
    return this.withSession(sessionId, (session) =>
      Promise.resolve(session.setAutoReply({ rules, echo })),
    );
  }

  setFraming(request: CommandRequest<'setFraming'>) {
    const { sessionId, framing } = request;
    return this.withSession(sessionId, (session) => Promise.resolve(session.setFraming(framing)));
  }

  /**
   * Exports the session's log (see ExportFormat) to where the host's `files` say, as startFile;
   * tests pass their own destinations (`streamTo(stream)`).
   */
  exportLog(
    request: CommandRequest<'exportLog'>,
    files: FileDestinations | undefined = this.files,
  ): Promise<CommandResponse<'exportLog'>> {
    const { sessionId, format, fromSeq, toSeq, filter, encoding, hex } = request;
    return this.withSession(sessionId, async (session) => {
      const planned = session.planExport(fromSeq, toSeq, filter);
      if (!planned.ok) return planned;
      if (!files) return fail('INVALID_REQUEST', { detail: 'this host cannot save files' });
      session.choosingExportDestination(true);
      let chosen;
      try {
        chosen = await files.choose({ sessionId, kind: 'export', format });
      } finally {
        session.choosingExportDestination(false);
      }
      if (!chosen.ok) return chosen;
      if (this.sessions.get(sessionId) !== session) {
        // The tab was closed while the user chose where.
        discardDestination(chosen.destination);
        return fail('UNKNOWN_SESSION', { sessionId });
      }
      return session.startExport(planned.range, { format, encoding, hex }, chosen.destination);
    });
  }

  /** Stops the session's running export (see Commands.cancelExport). Idempotent. */
  cancelExport(request: CommandRequest<'cancelExport'>) {
    return this.withSession(request.sessionId, async (session) => {
      await session.cancelExport();
      return { ok: true as const };
    });
  }

  findInLog(request: CommandRequest<'findInLog'>) {
    const { sessionId, ...find } = request;
    return this.withSession(sessionId, (session) => Promise.resolve(session.findInLog(find)));
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
