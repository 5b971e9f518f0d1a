import type {
  Address,
  AutoReplySettings,
  ChecksumKind,
  CloseReason,
  ConnectionInfo,
  Counters,
  EncodingName,
  ErrorCode,
  ErrorParams,
  FileSendStatus,
  FileStatus,
  Framing,
  LineEnding,
  LogLimits,
  LogWindow,
  MulticastMembership,
  PeriodicStatus,
  Protocol,
  ReconnectStatus,
  SessionState,
} from '../../shared/contract';
import { emptyCounters } from '../../shared/contract';
import type { BridgeStatus } from '../bridge/client';
import type { TimestampMode } from '../log/format-time';
import type { HostInfo } from '../bridge/host-info';
import type { Language, MessageKey } from '../i18n/translate';
import type {
  AutoReplyProblem,
  AutomationDraft,
  QuickCommand,
  Sequence,
  SequenceRun,
} from './automation-state';
import { DEFAULT_AUTOMATION, DEFAULT_AUTO_REPLY } from './automation-state';

/** The address fields as typed: strings, validated when the user clicks Connect / Listen / Open. */
export interface SessionDraft {
  protocol: Protocol;
  remoteHost: string;
  remotePort: string;
  localHost: string;
  localPort: string;
  /** TCP client only: bind to this local port; empty means any. */
  clientLocalPort: string;
  /** TCP client only: connect again after a lost connection or a failed attempt. */
  autoReconnect: boolean;
  reconnectMs: number;
  /** UDP only: may send to broadcast addresses (SO_BROADCAST, set when the socket is bound). */
  broadcast: boolean;
  /** UDP only: the multicast group and local interface typed for Join. */
  multicastGroup: string;
  multicastInterface: string;
}

export interface ReceiveOptions {
  encoding: EncodingName;
  hexDisplay: boolean;
  /** With hex display: show the text under the hex too. */
  textWithHex: boolean;
  timestamps: boolean;
  /** How timestamps show (absent in settings saved before issue 6: absolute). */
  timestampMode?: TimestampMode;
  autoScroll: boolean;
  /**
   * How received bytes are cut into log rows and auto-reply messages (the engine is told with
   * setFraming; `merge` only groups rows in the page).
   */
  framing: Framing;
  /** An entry shows at most this many bytes until "Show all" is clicked. */
  maxBytesShown?: number;
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
  /** Empty the send box once the engine took its message (it stays in the history). */
  clearAfterSend: boolean;
}

export type NoteKind =
  'connected' | 'clientConnected' | 'disconnected' | 'listening' | 'bound' | 'closed';

/**
 * A line in the log that is not traffic: a client came or went, the server started listening.
 * The engine's log holds only traffic, so notes live in the page, each placed after the entry
 * that was the newest when it happened.
 */
export interface LogNote {
  id: number;
  /** The note shows after this entry (firstSeq − 1: before every entry). */
  afterSeq: number;
  at: number;
  note: NoteKind;
  address?: Address;
  reason?: CloseReason;
}

/**
 * A session's log as the page knows it: which entries the engine holds (`window`), the page's
 * notes, and the view's pause. The entries themselves are in the store's LogCache (bounded, by
 * seq), outside this immutable state: a copy per batch would cost more than the entries.
 */
export interface LogState {
  window: LogWindow;
  notes: readonly LogNote[];
  nextNoteId: number;
  /** Pause view: entries after `lastSeq` and notes after `noteId` are kept but not shown. */
  paused?: { lastSeq: number; noteId: number };
  /** Bumped by Clear and by a new session, so decoders and layouts start over. */
  epoch: number;
  /** Bumped when entries the view may show arrived in the cache (a fetched page). */
  revision: number;
}

/** The files the session writes, the newest of each kind (a stopped one stays until the next). */
export type SessionFiles = Readonly<Partial<Record<FileStatus['kind'], FileStatus>>>;

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
  /** TCP client with auto reconnect, between connections (from the engine). */
  reconnect?: ReconnectStatus;
  /** An open or close command is in flight. */
  busy: boolean;
  connections: readonly ConnectionInfo[];
  connectionCounters: Readonly<Record<string, Counters>>;
  /** Bytes waiting in NetAssist per connection because its peer is not reading (absent: none). */
  unsent?: Readonly<Record<string, number>>;
  counters: Counters;
  lastSender?: Address;
  /** UDP: the multicast groups the open session has joined (from the engine). */
  multicast: readonly MulticastMembership[];
  log: LogState;
  files: SessionFiles;
  error?: ShownError;
  /** Messages sent from this tab's send box, oldest first (↑/↓ and the History list). */
  history: readonly string[];
  automation: AutomationDraft;
  /** The periodic send, running or last run (from the engine). */
  periodic?: PeriodicStatus;
  /** The file being sent, or the last one (from the engine). */
  fileSend?: FileSendStatus;
  /** Auto-reply rules and Echo as the user set them (and the engine was told). */
  autoReply: AutoReplySettings;
  autoReplyProblem?: AutoReplyProblem;
  /** The sequence runner's position while it runs. */
  sequenceRun?: SequenceRun;
}

export interface AppState {
  tabs: readonly TabState[];
  activeTabId: string;
  language: Language;
  bridge: BridgeStatus;
  /** The bridge was open at least once: a drop is "lost", never having it is "unreachable". */
  bridgeWasOpen: boolean;
  hostInfo?: HostInfo;
  /** Every tab's sent messages together (what older versions kept; new tabs start from it). */
  history: readonly string[];
  nextTabNumber: number;
  quickCommands: readonly QuickCommand[];
  sequence: Sequence;
  /** The engine's log limits in force (its defaults until listSessions or setLogLimits tells). */
  logLimits: LogLimits;
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
  autoReconnect: false,
  reconnectMs: 2000,
  broadcast: false,
  multicastGroup: '',
  multicastInterface: '',
};

export const DEFAULT_RECEIVE: ReceiveOptions = {
  encoding: 'utf-8',
  hexDisplay: false,
  textWithHex: true,
  timestamps: true,
  autoScroll: true,
  framing: { mode: 'raw' },
  maxBytesShown: 1024,
};

/** Bounds of the display setting, as the input offers it. */
export const MAX_BYTES_SHOWN_RANGE = { min: 16, max: 1024 * 1024 } as const;

/**
 * The receive options' display settings, with defaults for settings saved before they existed.
 * `mergeMs`: rows of one stream arriving within it are shown as one (Framing `merge`; 0: off).
 */
export function displaySettings(receive: ReceiveOptions): {
  mergeMs: number;
  maxBytesShown: number;
} {
  return {
    mergeMs: receive.framing.mode === 'merge' ? receive.framing.withinMs : 0,
    maxBytesShown: receive.maxBytesShown ?? DEFAULT_RECEIVE.maxBytesShown ?? 1024,
  };
}

export const DEFAULT_SEND: SendPreferences = {
  hexSend: false,
  escapes: false,
  lineEnding: 'none',
  checksum: 'none',
  sendKey: 'enter',
  replyToLastSender: false,
  clearAfterSend: false,
};

/**
 * The engine's default log limits (src/main/engine/constants.ts): what the page assumes until the
 * engine reports the limits in force (AppState.logLimits).
 */
export const ENGINE_LOG_LIMITS: LogLimits = { maxEntries: 1_000_000, maxBytes: 256 * 1024 * 1024 };

export const NO_FILES: SessionFiles = {};

export const EMPTY_WINDOW: LogWindow = { firstSeq: 1, lastSeq: 0, evicted: 0 };

export function emptyLog(epoch = 0): LogState {
  return { window: EMPTY_WINDOW, notes: [], nextNoteId: 1, epoch, revision: 0 };
}

export function newTab(
  tabId: string,
  saved: Partial<
    Pick<
      TabState,
      'draft' | 'receive' | 'send' | 'sessionId' | 'history' | 'automation' | 'autoReply'
    >
  > = {},
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
    multicast: [],
    log: emptyLog(),
    files: NO_FILES,
    history: saved.history ?? [],
    automation: saved.automation ?? DEFAULT_AUTOMATION,
    autoReply: saved.autoReply ?? DEFAULT_AUTO_REPLY,
  };
}
