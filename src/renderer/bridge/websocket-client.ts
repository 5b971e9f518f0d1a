import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  EngineEvent,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { decodeFrame, encodeFrame } from '../../shared/wire';
import type { CommandFrame, EventsFrame, ResponseFrame } from '../../shared/wire';
import type { BridgeStatus, NetAssistClient } from './client';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;

interface Pending {
  frame: CommandFrame;
  resolve: (response: CommandResponse<CommandName>) => void;
  sent: boolean;
}

type IncomingFrame = EventsFrame | ResponseFrame;

/** The host is trusted to speak the contract, but a frame of the wrong shape must not crash us. */
function asIncomingFrame(value: unknown): IncomingFrame | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const frame = value as Record<string, unknown>;
  if (frame.kind === 'events' && Array.isArray(frame.events))
    return frame as unknown as EventsFrame;
  const response = frame.response as Record<string, unknown> | null | undefined;
  if (
    frame.kind === 'response' &&
    typeof frame.id === 'number' &&
    typeof response === 'object' &&
    response !== null &&
    typeof response.ok === 'boolean'
  ) {
    return frame as unknown as IncomingFrame;
  }
  return undefined;
}

/** What an unanswered command resolves to when the socket drops under it. */
function lostConnection() {
  return fail('HOST_DISCONNECTED');
}

/**
 * The browser mode's bridge: the contract over one WebSocket. Commands are matched to their
 * responses by id; events arrive in batches, each acknowledged once the listeners have applied it
 * (the host sends only a few batches ahead: a page that falls behind misses data events, and a
 * `log` event tells it what the engine's log holds). When the socket drops it reconnects with
 * backoff, and commands issued while it is down fail at once instead of hanging.
 */
export class WebSocketClient implements NetAssistClient {
  private socket?: WebSocket;
  private status: BridgeStatus = 'connecting';
  private nextId = 1;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(events: EngineEvent[]) => void>();
  private readonly statusListeners = new Set<(status: BridgeStatus) => void>();

  constructor(private readonly url: string) {
    this.connect();
  }

  onEvents(listener: (events: EngineEvent[]) => void) {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  onStatus(listener: (status: BridgeStatus) => void) {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => void this.statusListeners.delete(listener);
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.socket?.close();
    this.failPending();
  }

  createSession = (request: CommandRequest<'createSession'>) => this.call('createSession', request);
  open = (request: CommandRequest<'open'>) => this.call('open', request);
  close = (request: CommandRequest<'close'>) => this.call('close', request);
  disposeSession = (request: CommandRequest<'disposeSession'>) =>
    this.call('disposeSession', request);
  send = (request: CommandRequest<'send'>) => this.call('send', request);
  disconnectClient = (request: CommandRequest<'disconnectClient'>) =>
    this.call('disconnectClient', request);
  resetCounters = (request: CommandRequest<'resetCounters'>) => this.call('resetCounters', request);
  joinMulticast = (request: CommandRequest<'joinMulticast'>) => this.call('joinMulticast', request);
  leaveMulticast = (request: CommandRequest<'leaveMulticast'>) =>
    this.call('leaveMulticast', request);
  readLog = (request: CommandRequest<'readLog'>) => this.call('readLog', request);
  clearLog = (request: CommandRequest<'clearLog'>) => this.call('clearLog', request);
  setLogLimits = (request: CommandRequest<'setLogLimits'>) => this.call('setLogLimits', request);
  listSessions = (request: CommandRequest<'listSessions'>) => this.call('listSessions', request);
  startFile = (request: CommandRequest<'startFile'>) => this.call('startFile', request);
  stopFile = (request: CommandRequest<'stopFile'>) => this.call('stopFile', request);
  startPeriodic = (request: CommandRequest<'startPeriodic'>) => this.call('startPeriodic', request);
  stopPeriodic = (request: CommandRequest<'stopPeriodic'>) => this.call('stopPeriodic', request);
  sendFile = (request: CommandRequest<'sendFile'>) => this.call('sendFile', request);
  cancelSendFile = (request: CommandRequest<'cancelSendFile'>) =>
    this.call('cancelSendFile', request);
  setAutoReply = (request: CommandRequest<'setAutoReply'>) => this.call('setAutoReply', request);
  setFraming = (request: CommandRequest<'setFraming'>) => this.call('setFraming', request);
  exportLog = (request: CommandRequest<'exportLog'>) => this.call('exportLog', request);
  cancelExport = (request: CommandRequest<'cancelExport'>) => this.call('cancelExport', request);
  findInLog = (request: CommandRequest<'findInLog'>) => this.call('findInLog', request);

  private call<C extends CommandName>(
    command: C,
    request: CommandRequest<C>,
  ): Promise<CommandResponse<C>> {
    if (this.status === 'closed' || this.disposed) return Promise.resolve(lostConnection());
    const frame: CommandFrame<C> = { kind: 'command', id: this.nextId++, command, request };
    return new Promise((resolve) => {
      const entry: Pending = {
        frame: frame as CommandFrame,
        // Responses are matched by id, so this one answers this command.
        resolve: resolve as (response: CommandResponse<CommandName>) => void,
        sent: false,
      };
      this.pending.set(frame.id, entry);
      // While the socket is still opening, the command waits for it.
      if (this.status === 'open') this.transmit(entry);
    });
  }

  private transmit(entry: Pending) {
    entry.sent = true;
    this.socket?.send(encodeFrame(entry.frame));
  }

  private connect() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.setStatus('connecting');
    socket.addEventListener('open', () => this.onOpen(socket));
    socket.addEventListener('message', (event: MessageEvent) => this.onMessage(socket, event));
    socket.addEventListener('close', () => this.onClose(socket));
  }

  private onOpen(socket: WebSocket) {
    if (socket !== this.socket) return;
    this.retryMs = FIRST_RETRY_MS;
    this.setStatus('open');
    for (const entry of this.pending.values()) if (!entry.sent) this.transmit(entry);
  }

  private onMessage(socket: WebSocket, event: MessageEvent) {
    if (typeof event.data !== 'string') return;
    let frame: IncomingFrame | undefined;
    try {
      frame = asIncomingFrame(decodeFrame(event.data));
    } catch {
      return; // not JSON: nothing a user could act on
    }
    if (!frame) return;
    if (frame.kind === 'events') {
      this.deliverEvents(socket, frame);
      return;
    }
    const entry = this.pending.get(frame.id);
    if (!entry) return;
    this.pending.delete(frame.id);
    entry.resolve(frame.response);
  }

  /**
   * Acknowledged after the listeners ran, even with no listener or a throwing one (the host sends
   * nothing more to a page that stops acknowledging), on the connection that numbered the batch.
   */
  private deliverEvents(socket: WebSocket, frame: EventsFrame) {
    try {
      for (const listener of [...this.eventListeners]) listener(frame.events);
    } finally {
      const { batch } = frame;
      if (
        batch !== undefined &&
        Number.isSafeInteger(batch) &&
        socket.readyState === WebSocket.OPEN
      )
        socket.send(encodeFrame({ kind: 'ack', batch }));
    }
  }

  private onClose(socket: WebSocket) {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.failPending();
    if (this.disposed) return;
    this.setStatus('closed');
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private failPending() {
    for (const entry of this.pending.values()) entry.resolve(lostConnection());
    this.pending.clear();
  }

  private setStatus(status: BridgeStatus) {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
