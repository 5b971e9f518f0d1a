import type {
  Address,
  AutoReplySettings,
  AutoSource,
  CloseReason,
  CommandResponse,
  ConnectionInfo,
  Direction,
  EmitEvent,
  EngineEvent,
  Failure,
  FileKind,
  FileStatus,
  Framing,
  LogFilter,
  LogLimits,
  MulticastMembership,
  SendOptions,
  SendTarget,
  SessionConfig,
  SessionSnapshot,
  SessionState,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { captureFormat } from './capture';
import type { Chunk } from './chunk';
import { CounterSet } from './counters';
import {
  MAX_PERIODIC_INTERVAL_MS,
  STATUS_INTERVAL_MS,
  MAX_READ_LOG_BYTES,
  UNSENT_REPORT_MS,
} from './constants';
import type { ReadCaps } from './log-store';
import { LogStore } from './log-store';
import { buildPayload } from './payload';
import type { FileDestination } from './file-destination';
import { discardDestination } from './file-destination';
import { logLine } from './log-file';
import { Reconnector } from './reconnect';
import { createTransport } from './session-config';
import { SessionFile } from './session-file';
import type { SendResult, Transport, TransportSink } from './transport';
import { AutoResponder, checkAutoReply } from './auto-responder';
import type { FileSendPlan } from './file-sender';
import type { FileSource } from './file-source';
import { discardSource } from './file-source';
import { SessionFileSend } from './session-file-send';
import { SessionPeriodic } from './session-periodic';
import type { ExportRange } from './log-export';
import { LogExport } from './log-export';
import type { ExportOptions } from './export-format';
import { exportFormat, exportHeader } from './export-format';
import type { FindRequest } from './log-search';
import { compileLogFilter, findInLog } from './log-search';
import { RxFramer, checkFraming } from './rx-framer';

const OPEN_STATES: ReadonlySet<SessionState> = new Set(['connected', 'listening', 'bound']);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<EngineEvent, 'sessionId' | 'at'>;

interface Connection {
  info: Omit<ConnectionInfo, 'counters'>;
  counters: CounterSet;
}

/**
 * One tab's worth of networking: its state, its transport (re-created at every open, so a closed
 * session can reconnect or change protocol), sequence numbers, exact counters and connections.
 */
export class Session {
  private state: SessionState = 'idle';
  private config?: SessionConfig;
  private local?: Address;
  private remote?: Address;
  private reason?: CloseReason;
  private transport?: Transport;
  /** TCP client with auto reconnect (`reconnectMs`). */
  private reconnector?: Reconnector;
  /** UDP: the groups the open socket joined, as last told to the pages. */
  private multicastGroups: MulticastMembership[] = [];
  private seq = 0;
  private connectionNumber = 0;
  private readonly counters = new CounterSet();
  private readonly connections = new Map<string, Connection>();
  private countersPending = false;
  /** What the last counters event said waits for peers that do not read ('' when nothing). */
  private unsentReported = '';
  private unsentReportedAt = 0;
  private unsentTimer?: ReturnType<typeof setTimeout>;
  private readonly log: LogStore;
  /** At most one file per kind; a stopped or failed one stays until the next of its kind. */
  private readonly files = new Map<FileKind, SessionFile>();
  /** The log export, running or the last one. */
  private logExport?: LogExport;
  /** An export whose destination the user is still choosing (the save dialog is up). */
  private choosingExport = false;
  /** Kinds whose file is behind: TCP reading waits until none is. */
  private readonly filesBehind = new Set<FileKind>();
  /** The periodic send, running or the last one. */
  private periodic?: SessionPeriodic;
  /** The file send, running or the last one. */
  private fileSend?: SessionFileSend;
  /** A file send whose source the user is still choosing (the open dialog is up). */
  private choosingFileSend = false;
  private readonly autoReply = new AutoResponder({
    send: (bytes, target, auto) => this.sendBytes(bytes, target, auto),
    error: (failure) => this.sink.error(failure),
  });
  /** Cuts received bytes into log entries when the framing is a byte framing. */
  private readonly framer = new RxFramer((bytes, peer, connectionId, complete) =>
    this.logMessage(bytes, peer, connectionId, complete),
  );

  constructor(
    readonly sessionId: string,
    private readonly emit: EmitEvent,
    logLimits: LogLimits,
  ) {
    this.log = new LogStore(logLimits);
  }

  async open(config: SessionConfig): Promise<CommandResponse<'open'>> {
    if (this.transport || this.reconnector?.status) {
      return fail('ALREADY_OPEN', { state: this.state });
    }
    const made = createTransport(config, this.sink);
    if (!made.ok) return made;
    this.config = config;
    const reconnectMs = config.protocol === 'tcp-client' ? config.reconnectMs : undefined;
    this.reconnector = reconnectMs ? new Reconnector(reconnectMs, this.reconnect) : undefined;
    return this.connect(made.transport);
  }

  /** With auto reconnect, a failed attempt has already scheduled the next when this answers. */
  private async connect(transport: Transport): Promise<CommandResponse<'open'>> {
    this.transport = transport;
    const opened = await transport.open();
    if (!opened.ok && this.transport === transport) this.transport = undefined;
    if (opened.ok && this.filesBehind.size > 0) transport.setReading?.(false);
    return opened;
  }

  private readonly reconnect = () => {
    const made = this.config && createTransport(this.config, this.sink);
    if (made?.ok) {
      void this.connect(made.transport);
      return;
    }
    // Cannot happen (the configuration was checked when the session opened), but never leave
    // the session `connecting` with nothing under way.
    this.reconnector?.cancel();
    this.reconnector = undefined;
    this.sink.state('closed', { reason: 'error' });
  };

  async close(): Promise<void> {
    // Asked for: the periodic send ends as stopped and a file send as cancelled (not as failed
    // when their socket goes).
    void this.periodic?.stop();
    void this.fileSend?.cancel();
    const waiting = this.reconnector?.waiting;
    this.reconnector?.cancel();
    this.reconnector = undefined;
    await this.transport?.close();
    if (waiting) this.sink.state('closed', { reason: 'user' });
  }

  /**
   * Closes the sockets and the files: the session is going away. (Closing alone keeps the files
   * open: the user may reconnect, and a capture spans the reconnection.)
   */
  async dispose(): Promise<void> {
    const files = [...this.files.values()].map((file) => file.stop());
    this.logExport?.cancel();
    const sending = this.fileSend?.fail(fail('NOT_CONNECTED', { state: 'closed' }));
    await Promise.all([this.close(), ...files, sending]);
    await this.periodic?.ended;
    this.autoReply.reset();
  }

  async send(
    data: string,
    options: SendOptions,
    target: SendTarget | undefined,
  ): Promise<CommandResponse<'send'>> {
    if (!this.transport || !OPEN_STATES.has(this.state)) {
      return fail('NOT_CONNECTED', { state: this.state });
    }
    const payload = buildPayload(data, options);
    if (!payload.ok) return payload;
    return this.transport.send(payload.bytes, target);
  }

  /** Bytes the engine sends on its own (periodic, file, auto-reply): the same path as Send. */
  private sendBytes(
    bytes: Uint8Array,
    target: SendTarget | undefined,
    auto?: AutoSource,
  ): Promise<SendResult> {
    if (!this.transport || !OPEN_STATES.has(this.state)) {
      return Promise.resolve(fail('NOT_CONNECTED', { state: this.state }));
    }
    return this.transport.send(bytes, target, auto);
  }

  /** Sends `data` every `intervalMs`, `count` times or until stopped (see PeriodicStatus). */
  startPeriodic(
    data: string,
    options: SendOptions,
    target: SendTarget | undefined,
    intervalMs: number,
    count: number | undefined,
  ): CommandResponse<'startPeriodic'> {
    if (!Number.isFinite(intervalMs) || intervalMs < 1 || intervalMs > MAX_PERIODIC_INTERVAL_MS) {
      return fail('INVALID_REQUEST', {
        detail: `the interval must be 1 to ${MAX_PERIODIC_INTERVAL_MS} ms`,
      });
    }
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) {
      return fail('INVALID_REQUEST', { detail: 'the count must be a whole number, at least 1' });
    }
    if (this.periodic?.running) {
      return fail('ALREADY_OPEN', { state: 'sending', what: 'periodic' });
    }
    if (!this.transport || !OPEN_STATES.has(this.state)) {
      return fail('NOT_CONNECTED', { state: this.state });
    }
    const payload = buildPayload(data, options);
    if (!payload.ok) return payload;
    const { bytes } = payload;
    this.periodic = new SessionPeriodic(
      { intervalMs, ...(count !== undefined ? { count } : {}) },
      () => this.sendBytes(bytes, target),
      (periodic) => this.push({ type: 'periodic', periodic }),
    );
    return { ok: true };
  }

  /** Stops the periodic send: how many it sent (0 when none ran). Idempotent. */
  async stopPeriodic(): Promise<{ sent: number }> {
    const periodic = this.periodic;
    if (!periodic) return { sent: 0 };
    return { sent: (await periodic.stop()).sent };
  }

  /**
   * Why a file send cannot start (checked before the user is asked for the file), or how it
   * will cut the file: UDP datagrams of `datagramBytes` (default: the largest) `delayMs` apart.
   */
  planFileSend(
    datagramBytes: number | undefined,
    delayMs: number | undefined,
  ): Failure | { ok: true; plan: FileSendPlan } {
    if (this.fileSend?.active || this.choosingFileSend) {
      return fail('ALREADY_OPEN', { state: 'sending', what: 'file-send' });
    }
    const transport = this.transport;
    if (!transport || !OPEN_STATES.has(this.state)) {
      return fail('NOT_CONNECTED', { state: this.state });
    }
    const max = transport.maxDatagramBytes;
    if (max === undefined) return { ok: true, plan: {} };
    const size = datagramBytes ?? max;
    const delay = delayMs ?? 0;
    if (!Number.isSafeInteger(size) || size < 1) {
      return fail('INVALID_REQUEST', { detail: 'the datagram size must be a whole number ≥ 1' });
    }
    if (size > max) return fail('DATAGRAM_TOO_LARGE', { bytes: size, max });
    if (!Number.isFinite(delay) || delay < 0 || delay > MAX_PERIODIC_INTERVAL_MS) {
      return fail('INVALID_REQUEST', { detail: 'the delay must be 0 ms or more' });
    }
    return { ok: true, plan: { datagramBytes: size, delayMs: delay } };
  }

  /** The user is choosing the file (no second send may start meanwhile). */
  choosingFile(choosing: boolean) {
    this.choosingFileSend = choosing;
  }

  /** Starts sending `source` to `target` (closed again if it cannot start). */
  startFileSend(
    source: FileSource,
    plan: FileSendPlan,
    target: SendTarget | undefined,
  ): CommandResponse<'sendFile'> {
    if (this.fileSend?.active) {
      discardSource(source);
      return fail('ALREADY_OPEN', { state: 'sending', what: 'file-send' });
    }
    if (!this.transport || !OPEN_STATES.has(this.state)) {
      discardSource(source);
      return fail('NOT_CONNECTED', { state: this.state });
    }
    this.fileSend = new SessionFileSend(
      source,
      plan,
      (bytes) => this.sendBytes(bytes, target),
      (fileSend) => this.push({ type: 'file-send', fileSend }),
    );
    const { name, upload } = source;
    return { ok: true, name, ...(upload !== undefined ? { upload } : {}) };
  }

  /** Stops the file send; what was sent stays sent. Idempotent. */
  async cancelFileSend(): Promise<void> {
    await this.fileSend?.cancel();
  }

  /** Replaces the auto-reply rules and Echo (each checked first). */
  setAutoReply(settings: AutoReplySettings): CommandResponse<'setAutoReply'> {
    const checked = checkAutoReply(settings);
    if (!checked.ok) return checked;
    this.autoReply.set(checked);
    return { ok: true };
  }

  /**
   * Sets how received bytes are cut into log entries from now on (checked first); the unfinished
   * message of each stream under the old framing is logged as it is.
   */
  setFraming(framing: Framing): CommandResponse<'setFraming'> {
    const checked = checkFraming(framing);
    if (!checked.ok) return checked;
    this.framer.set(checked);
    return { ok: true };
  }

  async disconnect(connectionId: string): Promise<CommandResponse<'disconnectClient'>> {
    if (!this.transport?.disconnect || !this.connections.has(connectionId)) {
      return fail('UNKNOWN_CONNECTION', { connectionId });
    }
    const result = await this.transport.disconnect(connectionId);
    return result.ok ? { ok: true } : result;
  }

  multicast(action: 'join' | 'leave', group: string, interfaceAddress?: string) {
    const transport = this.transport;
    const method = action === 'join' ? transport?.joinMulticast : transport?.leaveMulticast;
    if (!transport || !method || this.config?.protocol !== 'udp') {
      return fail('NOT_CONNECTED', { state: this.state });
    }
    const before = this.multicastGroups.length;
    const result = method.call(transport, group, interfaceAddress);
    if (!result.ok) return result;
    this.multicastGroups = transport.multicastGroups?.() ?? [];
    if (this.multicastGroups.length !== before) {
      this.push({ type: 'multicast', groups: this.multicastGroups });
    }
    return { ok: true as const };
  }

  /** Why a new file of `kind` cannot start (checked before the user is asked where). */
  refuseFile(kind: FileKind, connectionId: string | undefined): Failure | undefined {
    if (this.files.get(kind)?.active) return fail('ALREADY_OPEN', { state: 'writing', kind });
    if (connectionId === undefined) return undefined;
    if (kind !== 'capture') {
      return fail('INVALID_REQUEST', { detail: 'only receive to file can be of one connection' });
    }
    return this.connections.has(connectionId)
      ? undefined
      : fail('UNKNOWN_CONNECTION', { connectionId });
  }

  /** Starts writing a file of `kind` to `destination` (closed again if the file is refused). */
  startFile(
    kind: FileKind,
    destination: FileDestination,
    connectionId?: string,
  ): CommandResponse<'startFile'> {
    const refused = this.refuseFile(kind, connectionId);
    if (refused) {
      discardDestination(destination);
      return refused;
    }
    const format = kind === 'capture' ? captureFormat(connectionId) : logLine;
    this.files.set(kind, new SessionFile(kind, destination, format, connectionId, this.fileOwner));
    const { name, download } = destination;
    return { ok: true, name, ...(download !== undefined ? { download } : {}) };
  }

  /** Flushes and closes the file of `kind`: its size (0 when there is none). */
  async stopFile(kind: FileKind): Promise<{ bytes: number }> {
    const file = this.files.get(kind);
    return { bytes: file ? await file.stop() : 0 };
  }

  /**
   * Why an export cannot start (checked before the user is asked where), or which entries it
   * writes: `fromSeq`..`toSeq` within what the log keeps now, those matching `filter` if given.
   */
  planExport(
    fromSeq: number | undefined,
    toSeq: number | undefined,
    filter?: LogFilter,
  ): Failure | { ok: true; range: ExportRange } {
    if (this.logExport?.active || this.choosingExport) {
      return fail('ALREADY_OPEN', { state: 'writing', kind: 'export' });
    }
    const whole = (n: number | undefined) => n === undefined || Number.isSafeInteger(n);
    if (!whole(fromSeq) || !whole(toSeq)) {
      return fail('INVALID_REQUEST', { detail: 'fromSeq and toSeq must be whole numbers' });
    }
    if (fromSeq !== undefined && toSeq !== undefined && fromSeq > toSeq) {
      return fail('INVALID_REQUEST', { detail: 'fromSeq must not be after toSeq' });
    }
    const matches = filter ? compileLogFilter(filter) : undefined;
    if (matches && typeof matches !== 'function') return matches;
    const { firstSeq, lastSeq } = this.log.window;
    const from = Math.max(fromSeq ?? firstSeq, firstSeq);
    const to = Math.min(toSeq ?? lastSeq, lastSeq);
    return {
      ok: true,
      range: { from, to: Math.max(to, from - 1), ...(matches ? { matches } : {}) },
    };
  }

  /** The user is choosing where the export goes (no second export may start meanwhile). */
  choosingExportDestination(choosing: boolean) {
    this.choosingExport = choosing;
  }

  /** Starts writing `range` of the log to `destination` (closed again if it cannot start). */
  startExport(
    range: ExportRange,
    options: ExportOptions,
    destination: FileDestination,
  ): CommandResponse<'exportLog'> {
    if (this.logExport?.active) {
      discardDestination(destination);
      return fail('ALREADY_OPEN', { state: 'writing', kind: 'export' });
    }
    const gaps = range.matches !== undefined;
    const format = exportFormat({ ...options, gaps }, (seq) => this.log.prefixOf(seq));
    this.logExport = new LogExport(
      this.log,
      range,
      exportHeader(options.format),
      format,
      destination,
      (file) => this.push({ type: 'file', file }),
    );
    const { name, download } = destination;
    return { ok: true, name, ...(download !== undefined ? { download } : {}) };
  }

  /** Stops the running export (CANCELLED 'export-stopped', its file deleted). Idempotent. */
  async cancelExport(): Promise<void> {
    await this.logExport?.stop();
  }

  findInLog(request: FindRequest): CommandResponse<'findInLog'> {
    return findInLog(this.log, request);
  }

  readLog(fromSeq: number, count: number, caps: ReadCaps = {}): CommandResponse<'readLog'> {
    const { maxBytes = MAX_READ_LOG_BYTES, maxEntryBytes = Infinity } = caps;
    const whole = (n: number) => Number.isSafeInteger(n) && n >= 0;
    if (!Number.isSafeInteger(fromSeq) || !whole(count)) {
      return fail('INVALID_REQUEST', { detail: 'fromSeq and count must be whole numbers' });
    }
    if (!whole(maxBytes) || !(whole(maxEntryBytes) || maxEntryBytes === Infinity)) {
      return fail('INVALID_REQUEST', {
        detail: 'maxBytes and maxEntryBytes must be whole numbers of bytes',
      });
    }
    const entries = this.log.read(fromSeq, count, {
      maxBytes: Math.min(maxBytes, MAX_READ_LOG_BYTES),
      maxEntryBytes,
    });
    return { ok: true, entries, ...this.log.window };
  }

  clearLog(): CommandResponse<'clearLog'> {
    this.log.clear();
    this.push({ type: 'log', ...this.log.window });
    return { ok: true, ...this.log.window };
  }

  setLogLimits(limits: LogLimits) {
    this.log.setLimits(limits);
  }

  resetCounters() {
    this.counters.reset();
    for (const connection of this.connections.values()) connection.counters.reset();
    this.emitCounters();
  }

  snapshot(): SessionSnapshot {
    return {
      sessionId: this.sessionId,
      state: this.state,
      counters: this.counters.snapshot(),
      connections: [...this.connections.values()].map(({ info, counters }) => ({
        ...info,
        counters: counters.snapshot(),
      })),
      log: this.log.window,
      files: [
        ...[...this.files.values()].map((file) => file.status()),
        ...(this.logExport ? [this.logExport.status()] : []),
      ],
      autoReply: this.autoReply.settings,
      framing: this.framer.framing,
      ...(this.multicastGroups.length > 0 ? { multicast: this.multicastGroups } : {}),
      ...(this.reconnector?.status ? { reconnect: this.reconnector.status } : {}),
      ...(this.periodic ? { periodic: this.periodic.status() } : {}),
      ...(this.fileSend ? { fileSend: this.fileSend.status() } : {}),
      ...(this.config ? { config: this.config } : {}),
      ...(this.local ? { local: this.local } : {}),
      ...(this.remote ? { remote: this.remote } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }

  /**
   * The session closed (asked, or the peer went): a periodic send still running and a file send
   * end as failed (a stop asked for has already ended the periodic send as stopped), and queued
   * replies are dropped.
   */
  private stopAutomation() {
    const closed = fail('NOT_CONNECTED', { state: 'closed' });
    void this.periodic?.fail(closed);
    void this.fileSend?.fail(closed);
    this.autoReply.reset();
  }

  private push(body: EventBody) {
    this.emit({ ...body, sessionId: this.sessionId, at: Date.now() } as EngineEvent);
  }

  /**
   * Counters and the log's window go out at most once per STATUS_INTERVAL_MS, however many chunks
   * arrived: once per event-loop turn cost 0.4–1.1 status events per datagram at 50k datagrams/s,
   * and the time they took made the kernel drop datagrams at 100k/s.
   */
  private scheduleCounters() {
    if (this.countersPending) return;
    this.countersPending = true;
    setTimeout(() => {
      this.countersPending = false;
      this.emitCounters();
    }, STATUS_INTERVAL_MS);
  }

  private emitCounters() {
    const connections: Record<string, ReturnType<CounterSet['snapshot']>> = {};
    for (const [id, connection] of this.connections)
      connections[id] = connection.counters.snapshot();
    const unsent = this.transport?.unsent?.() ?? {};
    const waiting = Object.keys(unsent).length > 0;
    this.push({
      type: 'counters',
      counters: this.counters.snapshot(),
      connections,
      ...(waiting ? { unsent } : {}),
    });
    this.push({ type: 'log', ...this.log.window });
    this.unsentReported = waiting ? JSON.stringify(unsent) : '';
    this.unsentReportedAt = Date.now();
    if (waiting) this.watchUnsent();
  }

  /**
   * Bytes waiting for a peer that does not read leave Node's buffer with no event of ours (the
   * kernel takes them as the peer reads): while some wait, look every STATUS_INTERVAL_MS and send
   * counters when the amount changed (the last time with none left), or UNSENT_REPORT_MS passed.
   */
  private watchUnsent() {
    if (this.unsentTimer) return;
    this.unsentTimer = setTimeout(() => {
      this.unsentTimer = undefined;
      // A counters event is on its way anyway (and watches again if bytes still wait).
      if (this.countersPending || this.unsentReported === '') return;
      const unsent = this.transport?.unsent?.() ?? {};
      const now = Object.keys(unsent).length > 0 ? JSON.stringify(unsent) : '';
      const due = Date.now() - this.unsentReportedAt >= UNSENT_REPORT_MS;
      if (now !== this.unsentReported || due) this.emitCounters();
      else this.watchUnsent();
    }, STATUS_INTERVAL_MS);
  }

  /**
   * A chunk received under a byte framing: receive to file gets its bytes now (it never waits
   * for a message to finish), the framer logs each message it completes. `read` may be the
   * sockets' shared read buffer: the capture takes a copy, the framer copies into its own.
   */
  private receiveFramed(read: Uint8Array, peer: Address, connectionId: string | undefined) {
    const capture = this.files.get('capture');
    const captured = capture?.connectionId === undefined || capture.connectionId === connectionId;
    if (capture?.active && captured) {
      // A copy (Buffer's slice would be a view of the shared read buffer).
      const bytes = new Uint8Array(read);
      const chunk: Chunk = { seq: this.seq, at: Date.now(), direction: 'rx', peer, bytes };
      if (connectionId) chunk.connectionId = connectionId;
      capture.offer(chunk);
    }
    this.framer.push(read, peer, connectionId);
    this.scheduleCounters();
  }

  /**
   * One received message becomes one log entry and one data event, as a chunk does without
   * framing; log to file writes the entry (receive to file already has its bytes). A complete
   * message goes to auto-reply; the unfinished bytes of a stream that ended do not.
   */
  private logMessage(
    message: Uint8Array,
    peer: Address,
    connectionId: string | undefined,
    complete: boolean,
  ) {
    this.seq += 1;
    const at = Date.now();
    const bytes = this.log.append(this.seq, at, 'rx', peer, message, connectionId);
    if (this.files.size > 0) {
      const entry: Chunk = { seq: this.seq, at, direction: 'rx', peer, bytes };
      if (connectionId) entry.connectionId = connectionId;
      for (const [kind, file] of this.files) if (kind !== 'capture') file.offer(entry);
    }
    this.emit({
      type: 'data',
      sessionId: this.sessionId,
      at,
      seq: this.seq,
      direction: 'rx',
      peer,
      bytes,
      ...(connectionId ? { connectionId } : {}),
    });
    if (complete) this.autoReply.received(bytes, peer, connectionId);
    this.scheduleCounters();
  }

  private readonly fileOwner = {
    changed: (file: FileStatus) => this.push({ type: 'file', file }),
    behind: (kind: FileKind, behind: boolean) => {
      const wasBehind = this.filesBehind.size > 0;
      if (behind) this.filesBehind.add(kind);
      else this.filesBehind.delete(kind);
      const isBehind = this.filesBehind.size > 0;
      if (isBehind !== wasBehind) this.transport?.setReading?.(!isBehind);
    },
  };

  private readonly sink: TransportSink = {
    state: (state, detail = {}) => {
      const wasConnected = this.state === 'connected';
      this.state = state;
      if (detail.local) this.local = detail.local;
      if (detail.remote) this.remote = detail.remote;
      this.reason = detail.reason;
      if (state === 'closed') {
        this.transport = undefined;
        // Nothing more can arrive: unfinished messages (UDP peers') are logged before `closed`.
        this.framer.endAll();
      }
      if (state === 'connected') this.reconnector?.connected();
      if (state === 'closed' && this.reconnector && detail.reason !== 'user') {
        // Auto reconnect: the session stays `connecting` until an attempt connects (the reason
        // goes with the reconnect status: `reason` belongs to a closed session).
        this.state = 'connecting';
        this.reason = undefined;
        const reconnect = this.reconnector.ended(detail.reason ?? 'error', wasConnected);
        this.push({ type: 'state', state: 'connecting', remote: this.remote, reconnect });
        this.stopAutomation();
        return;
      }
      const reconnect = state === 'connecting' ? this.reconnector?.status : undefined;
      this.push({ type: 'state', state, ...detail, ...(reconnect ? { reconnect } : {}) });
      if (state === 'closed' && this.multicastGroups.length > 0) {
        // Closing the socket left every group.
        this.multicastGroups = [];
        this.push({ type: 'multicast', groups: [] });
      }
      if (state === 'closed') this.stopAutomation();
    },
    data: (
      direction: Direction,
      read: Uint8Array,
      peer: Address,
      connectionId?: string,
      auto?: AutoSource,
    ) => {
      this.counters.add(direction, read.length);
      if (connectionId) this.connections.get(connectionId)?.counters.add(direction, read.length);
      if (direction === 'rx' && this.framer.cutting) {
        this.receiveFramed(read, peer, connectionId);
        return;
      }
      this.seq += 1;
      const at = Date.now();
      // `read` may be the sockets' shared read buffer, overwritten by the next read: from here
      // on, everything uses the log's copy.
      const bytes = this.log.append(this.seq, at, direction, peer, read, connectionId, auto);
      if (this.files.size > 0) {
        const chunk: Chunk = { seq: this.seq, at, direction, peer, bytes };
        if (connectionId) chunk.connectionId = connectionId;
        if (auto) chunk.auto = auto;
        for (const file of this.files.values()) file.offer(chunk);
      }
      this.emit({
        type: 'data',
        sessionId: this.sessionId,
        at,
        seq: this.seq,
        direction,
        peer,
        bytes,
        ...(connectionId ? { connectionId } : {}),
        ...(auto ? { auto } : {}),
      });
      if (direction === 'rx') this.autoReply.received(bytes, peer, connectionId);
      this.scheduleCounters();
    },
    connectionOpened: (connectionId, remote, local) => {
      const info = { connectionId, remote, local, connectedAt: Date.now() };
      const counters = new CounterSet();
      this.connections.set(connectionId, { info, counters });
      this.push({
        type: 'connection-opened',
        connection: { ...info, counters: counters.snapshot() },
      });
    },
    connectionClosed: (connectionId, reason) => {
      // Its unfinished message is logged before the page hears the connection closed.
      this.framer.end(connectionId);
      this.connections.delete(connectionId);
      this.log.endStream(connectionId);
      this.autoReply.endStream(connectionId);
      // A capture of this connection is complete: nothing more can arrive on it.
      const capture = this.files.get('capture');
      if (capture?.connectionId === connectionId) void capture.stop();
      this.push({ type: 'connection-closed', connectionId, reason });
    },
    error: (failure: Failure) => {
      this.push({
        type: 'error',
        code: failure.code,
        message: failure.message,
        params: failure.params,
      });
    },
    nextConnectionId: () => `c${++this.connectionNumber}`,
  };
}
