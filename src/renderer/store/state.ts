import type {
  Address,
  ChecksumKind,
  CloseReason,
  ConnectionInfo,
  Counters,
  Direction,
  EncodingName,
  ErrorCode,
  ErrorParams,
  LineEnding,
  Protocol,
  SessionState,
} from '../../shared/contract';
import { emptyCounters } from '../../shared/contract';
import type { BridgeStatus } from '../bridge/client';
import type { HostInfo } from '../bridge/host-info';
import type { Language, MessageKey } from '../i18n/translate';

/** The address fields as typed: strings, validated when the user clicks Connect / Listen / Open. */
export interface SessionDraft {
  protocol: Protocol;
  remoteHost: string;
  remotePort: string;
  localHost: string;
  localPort: string;
  /** TCP client only: bind to this local port; empty means any. */
  clientLocalPort: string;
}

export interface ReceiveOptions {
  encoding: EncodingName;
  hexDisplay: boolean;
  /** With hex display: show the text under the hex too. */
  textWithHex: boolean;
  timestamps: boolean;
  autoScroll: boolean;
}

export type SendKey = 'enter' | 'ctrl-enter';

export interface SendPreferences {
  hexSend: boolean;
  escapes: boolean;
  lineEnding: LineEnding;
  checksum: ChecksumKind;
  sendKey: SendKey;
  /** UDP: answer whoever sent the last datagram instead of the remote host/port fields. */
  replyToLastSender: boolean;
}

export interface DataEntry {
  kind: 'data';
  id: number;
  at: number;
  direction: Direction;
  peer: Address;
  connectionId?: string;
  bytes: Uint8Array;
}

export type NoteKind =
  'connected' | 'clientConnected' | 'disconnected' | 'listening' | 'bound' | 'closed';

/** A line in the log that is not traffic: a client came or went, the server started listening. */
export interface NoteEntry {
  kind: 'note';
  id: number;
  at: number;
  note: NoteKind;
  address?: Address;
  reason?: CloseReason;
}

export type LogEntry = DataEntry | NoteEntry;

export interface LogState {
  entries: readonly LogEntry[];
  /** Ids only grow, so a row's id stays its key when old entries are dropped. */
  nextId: number;
  bytes: number;
  /** Old entries were dropped to honour the cap. */
  trimmed: boolean;
  /** Pause view: rows after this id are kept but not shown. */
  pausedAtId?: number;
  /** Bumped by Clear, so decoders restart. */
  epoch: number;
}

/** An error shown in the tab's alert: from the engine (worded by `describeError`) or the UI. */
export type ShownError =
  | { kind: 'engine'; code: ErrorCode; params: ErrorParams; serial: number }
  | { kind: 'ui'; key: MessageKey; serial: number };

export interface TabState {
  tabId: string;
  /** The engine's session, once created (it is re-created if the host restarts). */
  sessionId?: string;
  draft: SessionDraft;
  receive: ReceiveOptions;
  send: SendPreferences;
  message: string;
  /** TCP server: `all` or one connectionId. */
  sendTo: string;
  state: SessionState;
  reason?: CloseReason;
  local?: Address;
  remote?: Address;
  /** An open or close command is in flight. */
  busy: boolean;
  connections: readonly ConnectionInfo[];
  connectionCounters: Readonly<Record<string, Counters>>;
  counters: Counters;
  lastSender?: Address;
  log: LogState;
  error?: ShownError;
}

export interface AppState {
  tabs: readonly TabState[];
  activeTabId: string;
  language: Language;
  bridge: BridgeStatus;
  /** The bridge was open at least once: a drop is "lost", never having it is "unreachable". */
  bridgeWasOpen: boolean;
  hostInfo?: HostInfo;
  history: readonly string[];
  nextTabNumber: number;
}

export const OPEN_STATES: ReadonlySet<SessionState> = new Set([
  'connecting',
  'connected',
  'listening',
  'bound',
]);

export const DEFAULT_DRAFT: SessionDraft = {
  protocol: 'tcp-client',
  remoteHost: '127.0.0.1',
  remotePort: '8888',
  localHost: '0.0.0.0',
  localPort: '8888',
  clientLocalPort: '',
};

export const DEFAULT_RECEIVE: ReceiveOptions = {
  encoding: 'utf-8',
  hexDisplay: false,
  textWithHex: true,
  timestamps: true,
  autoScroll: true,
};

export const DEFAULT_SEND: SendPreferences = {
  hexSend: false,
  escapes: false,
  lineEnding: 'none',
  checksum: 'none',
  sendKey: 'enter',
  replyToLastSender: false,
};

export function emptyLog(epoch = 0): LogState {
  return { entries: [], nextId: 1, bytes: 0, trimmed: false, epoch };
}

export function newTab(
  tabId: string,
  saved: Partial<Pick<TabState, 'draft' | 'receive' | 'send' | 'sessionId'>> = {},
): TabState {
  return {
    tabId,
    sessionId: saved.sessionId,
    draft: saved.draft ?? DEFAULT_DRAFT,
    receive: saved.receive ?? DEFAULT_RECEIVE,
    send: saved.send ?? DEFAULT_SEND,
    message: '',
    sendTo: 'all',
    state: 'idle',
    busy: false,
    connections: [],
    connectionCounters: {},
    counters: emptyCounters(),
    log: emptyLog(),
  };
}
