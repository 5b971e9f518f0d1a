/**
 * Carries the contract over WebSockets: one engine, any number of pages. Every page's frames are
 * checked here (the page is untrusted); every engine event goes, batched, to every page.
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
import { decodeFrame, encodeFrame } from '../../shared/wire';
import type { ParsedCommand } from './command-schemas';
import { parseCommand, runCommand } from './command-schemas';
import type { EventBatcherOptions } from './event-batcher';
import { EventBatcher } from './event-batcher';

/** Long enough for a page reload to re-attach before its sessions' sockets are closed. */
export const PAGE_GONE_GRACE_MS = 3000;
/**
 * A page that falls this far behind (a frozen tab under a flood) is disconnected rather than
 * buffered without end; it reconnects and re-syncs with `listSessions`.
 */
export const MAX_PAGE_BACKLOG_BYTES = 64 * 1024 * 1024;
/** Answers to frames whose id could not be read carry this id. */
export const UNKNOWN_FRAME_ID = -1;

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY_VIOLATION = 1008;
const CLOSE_TRY_AGAIN_LATER = 1013;

export interface BridgedEngine extends CommandApi {
  /** Closes every session's sockets. */
  shutdown(): Promise<void>;
}

export interface WebSocketBridgeOptions {
  /** Keep sessions open while no page is connected (default: close them after a grace period). */
  keepSessionsWhenPageCloses?: boolean;
  pageGoneGraceMs?: number;
  maxPageBacklogBytes?: number;
  batching?: EventBatcherOptions;
}

export class WebSocketBridge {
  readonly engine: BridgedEngine;
  private readonly pages = new Set<WebSocket>();
  private readonly batcher: EventBatcher;
  private readonly keepSessions: boolean;
  private readonly graceMs: number;
  private readonly maxBacklogBytes: number;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  /** The bridge makes the engine, because the engine needs the bridge's `emit` to exist. */
  constructor(
    createEngine: (emit: EmitEvent) => BridgedEngine,
    options: WebSocketBridgeOptions = {},
  ) {
    this.keepSessions = options.keepSessionsWhenPageCloses ?? false;
    this.graceMs = options.pageGoneGraceMs ?? PAGE_GONE_GRACE_MS;
    this.maxBacklogBytes = options.maxPageBacklogBytes ?? MAX_PAGE_BACKLOG_BYTES;
    this.batcher = new EventBatcher(this.broadcast, options.batching);
    this.engine = createEngine((event) => this.batcher.push(event));
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /** Serves one page's WebSocket until it closes. */
  attach(page: WebSocket): void {
    this.pages.add(page);
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
    for (const page of this.pages) page.close(CLOSE_GOING_AWAY, 'NetAssist is shutting down');
    this.pages.clear();
    await this.engine.shutdown();
  }

  private detach(page: WebSocket) {
    if (!this.pages.delete(page) || this.pages.size > 0 || this.keepSessions) return;
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
    const id = readFrameId(frame);
    const parsed =
      id === undefined
        ? fail('INVALID_REQUEST', { detail: 'a command frame needs a whole-number "id"' })
        : (frame as { kind?: unknown }).kind !== 'command'
          ? fail('INVALID_REQUEST', { detail: 'a frame\'s "kind" must be "command"' })
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

  private respond(page: WebSocket, id: number, response: CommandResponse<CommandName>) {
    // Events emitted while the command ran go out first, so an answer never overtakes them.
    this.batcher.flushNow();
    if (page.readyState === page.OPEN)
      page.send(encodeFrame({ kind: 'response', id, response }, nativeBase64));
  }

  private readonly broadcast = (events: EngineEvent[]) => {
    if (this.pages.size === 0) return;
    const text = encodeFrame({ kind: 'events', events }, nativeBase64);
    for (const page of this.pages) {
      if (page.readyState !== page.OPEN) continue;
      if (page.bufferedAmount > this.maxBacklogBytes) {
        // Detach now: the close frame waits behind the backlog, and a frozen page never answers.
        this.detach(page);
        page.close(CLOSE_TRY_AGAIN_LATER, 'the page fell too far behind');
        continue;
      }
      page.send(text);
    }
  };
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
