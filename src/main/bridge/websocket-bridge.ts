/**
 * Carries the contract over WebSockets: one engine, any number of pages. Every page's frames are
 * checked here (the page is untrusted); every engine event goes, batched, to every page, each
 * with its own flow control (EventFlow): a page that falls behind misses data events, never
 * anything else, and never holds up the sockets or the other pages.
 */
import type { RawData, WebSocket } from 'ws';
import type {
  CommandApi,
  CommandName,
  CommandResponse,
  EmitEvent,
  EngineEvent,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { decodeFrame, encodeEvents, encodeFrame, eventsFrameText } from '../../shared/wire';
import type { ParsedCommand } from './command-schemas';
import { parseCommand, runCommand } from './command-schemas';
import type { EventBatcherOptions } from './event-batcher';
import { EventBatcher } from './event-batcher';
import { forPage } from './page-data';
import type { EventFlowOptions } from './event-flow';
import { EventFlow } from './event-flow';

/** Long enough for a page reload to re-attach before its sessions' sockets are closed. */
export const PAGE_GONE_GRACE_MS = 3000;
/**
 * A page whose socket holds this much unsent (a tab that stopped reading) gets no more batches
 * until it drains, acknowledged or not: the send buffer is the main process's memory too.
 */
export const MAX_PAGE_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Answers to frames whose id could not be read carry this id. */
export const UNKNOWN_FRAME_ID = -1;

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY_VIOLATION = 1008;

export interface BridgedEngine extends CommandApi {
  /** Closes every session's sockets. */
  shutdown(): Promise<void>;
}

export interface WebSocketBridgeOptions {
  /** Keep sessions open while no page is connected (default: close them after a grace period). */
  keepSessionsWhenPageCloses?: boolean;
  pageGoneGraceMs?: number;
  maxPageBufferedBytes?: number;
  batching?: EventBatcherOptions;
  flow?: EventFlowOptions;
}

export class WebSocketBridge {
  readonly engine: BridgedEngine;
  private readonly pages = new Map<WebSocket, EventFlow>();
  private readonly batcher: EventBatcher;
  private readonly keepSessions: boolean;
  private readonly graceMs: number;
  private readonly maxBufferedBytes: number;
  private readonly flowOptions: EventFlowOptions;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The batch being broadcast, encoded once for every page that gets it whole. */
  private broadcasting: { events: EngineEvent[]; text?: string } | undefined;

  /** The bridge makes the engine, because the engine needs the bridge's `emit` to exist. */
  constructor(
    createEngine: (emit: EmitEvent) => BridgedEngine,
    options: WebSocketBridgeOptions = {},
  ) {
    this.keepSessions = options.keepSessionsWhenPageCloses ?? false;
    this.graceMs = options.pageGoneGraceMs ?? PAGE_GONE_GRACE_MS;
    this.maxBufferedBytes = options.maxPageBufferedBytes ?? MAX_PAGE_BUFFERED_BYTES;
    this.flowOptions = options.flow ?? {};
    this.batcher = new EventBatcher(this.broadcast, options.batching);
    this.engine = createEngine((event) => this.batcher.push(forPage(event)));
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /** Events waiting in the main process: the batch being gathered and every page's backlog. */
  get pendingEvents(): number {
    let total = this.batcher.pendingEvents;
    for (const flow of this.pages.values()) total += flow.pendingEvents;
    return total;
  }

  /** Their estimated size on the wire. */
  get pendingBytes(): number {
    let total = this.batcher.pendingBytes;
    for (const flow of this.pages.values()) total += flow.pendingBytes;
    return total;
  }

  /** Bytes sent to pages that their sockets have not written out yet. */
  get bufferedBytes(): number {
    let total = 0;
    for (const page of this.pages.keys()) total += page.bufferedAmount;
    return total;
  }

  /** Data events that pages missed because they were behind (their entries are in the log). */
  get droppedDataEvents(): number {
    let total = 0;
    for (const flow of this.pages.values()) total += flow.droppedDataEvents;
    return total;
  }

  /** Serves one page's WebSocket until it closes. */
  attach(page: WebSocket): void {
    const flow = new EventFlow(
      (batch, events) => this.sendEvents(page, batch, events),
      () => page.bufferedAmount > this.maxBufferedBytes,
      this.flowOptions,
    );
    this.pages.set(page, flow);
    this.cancelGracePeriod();
    page.on('message', (data, isBinary) => void this.receive(page, data, isBinary));
    page.on('close', () => this.detach(page));
    // 'close' always follows 'error'; without a listener an error would crash the host.
    page.on('error', () => {});
  }

  /** Sends pending events, closes every page and every session's sockets. */
  async close(): Promise<void> {
    this.cancelGracePeriod();
    this.batcher.flushNow();
    this.batcher.dispose();
    for (const [page, flow] of this.pages) {
      flow.flushBacklog();
      flow.dispose();
      page.close(CLOSE_GOING_AWAY, 'NetAssist is shutting down');
    }
    this.pages.clear();
    await this.engine.shutdown();
  }

  private detach(page: WebSocket) {
    const flow = this.pages.get(page);
    if (!flow) return;
    flow.dispose();
    this.pages.delete(page);
    if (this.pages.size > 0 || this.keepSessions) return;
    this.graceTimer = setTimeout(() => void this.closeAllSessions(), this.graceMs);
  }

  private cancelGracePeriod() {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  /**
   * Nobody is watching: close every session's sockets, so a forgotten server does not keep
   * listening. The sessions stay (closed), so a later page still finds its tabs.
   */
  private async closeAllSessions() {
    this.graceTimer = undefined;
    const list = await this.engine.listSessions({});
    if (!list.ok) return;
    const open = list.sessions.filter((s) => s.state !== 'idle' && s.state !== 'closed');
    await Promise.all(open.map((s) => this.engine.close({ sessionId: s.sessionId })));
  }

  private async receive(page: WebSocket, data: RawData, isBinary: boolean) {
    let frame: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      frame = decodeFrame(rawDataToText(data));
    } catch {
      page.close(CLOSE_POLICY_VIOLATION, 'expected a JSON text frame');
      return;
    }
    if (readKind(frame) === 'ack') {
      this.acknowledge(page, frame);
      return;
    }
    const id = readFrameId(frame);
    const parsed =
      id === undefined
        ? fail('INVALID_REQUEST', { detail: 'a command frame needs a whole-number "id"' })
        : readKind(frame) !== 'command'
          ? fail('INVALID_REQUEST', { detail: 'a frame\'s "kind" must be "command" or "ack"' })
          : parseCommand(frame);
    const response = parsed.ok ? await this.run(parsed) : parsed;
    this.respond(page, id ?? UNKNOWN_FRAME_ID, response);
  }

  private async run(parsed: ParsedCommand): Promise<CommandResponse<CommandName>> {
    try {
      return await runCommand(this.engine, parsed);
    } catch (error) {
      // The engine turns socket failures into results; reaching here is a bug, not a crash.
      console.error(`NetAssist: ${parsed.command} threw`, error);
      return fail('SOCKET_ERROR', { errno: 'INTERNAL', syscall: parsed.command });
    }
  }

  private acknowledge(page: WebSocket, frame: unknown) {
    const { batch } = frame as { batch?: unknown };
    if (typeof batch === 'number' && Number.isSafeInteger(batch)) {
      this.pages.get(page)?.acknowledge(batch);
      return;
    }
    const refused = fail('INVALID_REQUEST', {
      detail: 'an ack frame needs a whole-number "batch"',
    });
    this.respond(page, UNKNOWN_FRAME_ID, refused);
  }

  private respond(page: WebSocket, id: number, response: CommandResponse<CommandName>) {
    // Events emitted while the command ran go out first, so an answer never overtakes them: even
    // to a page out of credit, whose backlog holds no data and so stays small.
    this.batcher.flushNow();
    this.pages.get(page)?.flushBacklog();
    if (page.readyState === page.OPEN)
      page.send(encodeFrame({ kind: 'response', id, response }, nativeBase64));
  }

  private readonly broadcast = (events: EngineEvent[]) => {
    this.broadcasting = { events };
    try {
      for (const [page, flow] of this.pages) if (page.readyState === page.OPEN) flow.offer(events);
    } finally {
      this.broadcasting = undefined;
    }
  };

  private sendEvents(page: WebSocket, batch: number, events: EngineEvent[]) {
    if (page.readyState !== page.OPEN) return;
    const shared = this.broadcasting?.events === events ? this.broadcasting : undefined;
    const text = shared ? (shared.text ??= encodeEvents(events, nativeBase64)) : undefined;
    page.send(eventsFrameText(batch, text ?? encodeEvents(events, nativeBase64)));
  }
}

function readKind(frame: unknown): unknown {
  return frame !== null && typeof frame === 'object'
    ? (frame as { kind?: unknown }).kind
    : undefined;
}

function readFrameId(frame: unknown): number | undefined {
  if (frame === null || typeof frame !== 'object') return undefined;
  const { id } = frame as { id?: unknown };
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

/** Node's native base64 for the wire's `{ "$bytes": … }` (the shared pure-JS one is far slower). */
function nativeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
