/**
 * The one contract between the engine (main process / browser-mode host) and the renderer.
 *
 * Every command (renderer → main, request/response) and every event (main → renderer, pushed)
 * is typed here. The Electron IPC bridge, the WebSocket bridge, the preload and the renderer's
 * client all derive their types from this file, so a new command is one entry in `Commands`
 * plus its handler in the engine.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export type Protocol = 'tcp-client' | 'tcp-server' | 'udp';

export const PROTOCOLS: readonly Protocol[] = ['tcp-client', 'tcp-server', 'udp'];

/** Encodings offered for text. Names are WHATWG labels where one exists. */
export type EncodingName =
  | 'utf-8'
  | 'gbk'
  | 'gb18030'
  | 'big5'
  | 'shift_jis'
  | 'euc-kr'
  | 'iso-8859-1'
  | 'utf-16le'
  | 'utf-16be'
  | 'ascii';

export const ENCODINGS: readonly EncodingName[] = [
  'utf-8',
  'gbk',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-kr',
  'iso-8859-1',
  'utf-16le',
  'utf-16be',
  'ascii',
];

export type LineEnding = 'none' | 'cr' | 'lf' | 'crlf';
export const LINE_ENDINGS: readonly LineEnding[] = ['none', 'cr', 'lf', 'crlf'];

export type ChecksumKind =
  'none' | 'sum8' | 'xor8' | 'crc16-modbus' | 'crc16-ccitt-false' | 'crc32';
export const CHECKSUMS: readonly ChecksumKind[] = [
  'none',
  'sum8',
  'xor8',
  'crc16-modbus',
  'crc16-ccitt-false',
  'crc32',
];

/** `rx`: bytes that arrived from a peer. `tx`: bytes we sent. */
export type Direction = 'rx' | 'tx';

export interface Address {
  /** IPv4 or IPv6 literal, without brackets (`127.0.0.1`, `::1`). */
  host: string;
  port: number;
}

/**
 * idle → connecting → connected → closed   (TCP client)
 * idle → listening → closed                 (TCP server)
 * idle → bound → closed                     (UDP)
 * A closed session can be opened again (reconnect / listen again).
 */
export type SessionState = 'idle' | 'connecting' | 'connected' | 'listening' | 'bound' | 'closed';

/** Why a connection (or a session) ended. Kept so the UI can say it in plain words. */
export type CloseReason =
  | 'peer-closed' // the peer sent FIN (a lesson server that closes after one message)
  | 'reset' // the peer sent RST
  | 'refused' // nothing listens at the remote address (ECONNREFUSED)
  | 'timeout' // connect timed out
  | 'host-not-found' // DNS lookup failed
  | 'user' // closed by the user (Disconnect / Stop / Close / disconnect client)
  | 'server-stopped' // a server's client, closed because the server was stopped
  | 'error'; // any other socket error; the accompanying `error` event says which

// ---------------------------------------------------------------------------------------------
// Session configuration (what the user fills in before Connect / Listen / Open)
// ---------------------------------------------------------------------------------------------

export interface TcpClientConfig {
  protocol: 'tcp-client';
  /** IPv4, IPv6 (with or without brackets) or a hostname. */
  remoteHost: string;
  remotePort: number;
  /** Bind the client to this local port (0 or absent: any). */
  localPort?: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * Auto reconnect: when the connection ends, or an attempt fails, for any reason but the
   * user's, connect again after this many ms (RECONNECT_MS_RANGE), until connected or closed.
   * Absent: never.
   */
  reconnectMs?: number;
}

/** Auto reconnect's interval: often enough to meet a restarted server, never a busy loop. */
export const RECONNECT_MS_RANGE = { min: 100, max: 60 * 60 * 1000 } as const;

export interface TcpServerConfig {
  protocol: 'tcp-server';
  /** Default `0.0.0.0`. `::` and `127.0.0.1` are common choices. */
  localHost?: string;
  /** 0 picks an ephemeral port; the chosen one is reported in the state event. */
  localPort: number;
}

export interface UdpConfig {
  protocol: 'udp';
  /** Default `0.0.0.0` (or `::` when the remote host is IPv6). */
  localHost?: string;
  /** 0 picks an ephemeral port. */
  localPort: number;
  /** Default target for Send. */
  remoteHost?: string;
  remotePort?: number;
  broadcast?: boolean;
}

export type SessionConfig = TcpClientConfig | TcpServerConfig | UdpConfig;

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

/**
 * How the send box's text becomes bytes. On the wire: the data, then its checksum (over the data
 * only), then the line ending — in text mode the line ending is encoded like the text, so UTF-16
 * stays aligned.
 */
export interface SendOptions {
  /** `text`: the data is text, encoded with `encoding`. `hex`: the data is hex digits. */
  format: 'text' | 'hex';
  encoding: EncodingName;
  /** Parse `\r \n \t \0 \\ \xHH` in text before encoding. */
  escapes: boolean;
  lineEnding: LineEnding;
  checksum: ChecksumKind;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  format: 'text',
  encoding: 'utf-8',
  escapes: false,
  lineEnding: 'none',
  checksum: 'none',
};

/**
 * Where a Send goes.
 * - TCP client: ignored.
 * - TCP server: `{ kind: 'all' }` (default) or `{ kind: 'connection', connectionId }`.
 * - UDP: `{ kind: 'address', host, port }`, `{ kind: 'last-sender' }`, or absent for the
 *   configured remote host:port.
 */
export type SendTarget =
  | { kind: 'all' }
  | { kind: 'connection'; connectionId: string }
  | { kind: 'address'; host: string; port: number }
  | { kind: 'last-sender' };

// ---------------------------------------------------------------------------------------------
// Counters and snapshots
// ---------------------------------------------------------------------------------------------

export interface Counters {
  rxBytes: number;
  txBytes: number;
  rxMessages: number;
  txMessages: number;
}

export interface ConnectionInfo {
  connectionId: string;
  remote: Address;
  local?: Address;
  /** ms since the epoch. */
  connectedAt: number;
  counters: Counters;
}

export interface SessionSnapshot {
  sessionId: string;
  state: SessionState;
  config?: SessionConfig;
  local?: Address;
  /** The peer of a connected TCP client, or a UDP session's default target. */
  remote?: Address;
  reason?: CloseReason;
  counters: Counters;
  connections: ConnectionInfo[];
  log: LogWindow;
  /** The files this session is writing (receive to file, log to file). */
  files: FileStatus[];
  /** The periodic send, running or last run. */
  periodic?: PeriodicStatus;
  /** The file being sent, or the last one. */
  fileSend?: FileSendStatus;
  /** Auto-reply rules and Echo. */
  autoReply: AutoReplySettings;
  /** How received bytes are cut into log entries and auto-reply messages (setFraming). */
  framing: Framing;
  /** UDP: the multicast groups the open socket has joined (absent: none). */
  multicast?: MulticastMembership[];
  /** TCP client with auto reconnect, between connections. */
  reconnect?: ReconnectStatus;
}

/** A multicast group a UDP session joined, on one local interface or the system's choice. */
export interface MulticastMembership {
  group: string;
  interfaceAddress?: string;
}

/**
 * One chunk as the engine's log keeps it. The log in the main process is the record (bounded in
 * memory: the oldest entries are evicted first); the UI fetches the rows it shows with `readLog`.
 */
export interface LogEntry {
  /** The chunk's `seq` (its DataEvent's). */
  seq: number;
  at: number;
  direction: Direction;
  connectionId?: string;
  peer: Address;
  bytes: Uint8Array;
  /** Sent by the engine on its own: an auto-reply rule's answer or Echo. */
  auto?: AutoSource;
  /** Set when `readLog` cut `bytes` short (its `maxEntryBytes`): the entry's whole length. */
  fullLength?: number;
  /**
   * Up to 4 bytes that came just before this entry on the same connection and direction. Decode
   * them first and drop their text, so a character split across two entries shows whole.
   */
  prefix: Uint8Array;
}

/** Which entries a session's log still holds: `firstSeq`..`lastSeq` (empty when first > last). */
export interface LogWindow {
  firstSeq: number;
  lastSeq: number;
  /** Entries dropped from memory to stay within the limits, since the session began. */
  evicted: number;
}

/**
 * A file a session writes while it runs:
 * - `capture` (receive to file): the raw received bytes of the session or of one connection;
 * - `log` (log to file): every log entry from the moment it started, as JSON Lines, so what memory
 *   evicts is still on disk.
 * The renderer never names a path: the desktop asks the user with a save dialog, the browser mode
 * hands the page a one-time download address.
 */
export type FileKind = 'capture' | 'log';
export const FILE_KINDS: readonly FileKind[] = ['capture', 'log'];

export interface FileStatus {
  /** `export`: a one-off export of the log (exportLog), done when every entry is written. */
  kind: FileKind | 'export';
  /** What the user sees: the chosen file's path (desktop) or the download's file name. */
  name: string;
  /** `capture` of one TCP connection only. */
  connectionId?: string;
  /** `waiting`: the browser has not fetched the download yet. */
  state: 'waiting' | 'writing' | 'stopped' | 'failed';
  /** Bytes written to the file so far. */
  bytes: number;
  /** `export`: entries of the range looked at so far (written, or skipped by its filter), of the range's size. */
  entries?: { done: number; total: number };
  /** Set when `failed`. */
  error?: { code: ErrorCode; message: string; params: ErrorParams };
}

// ---------------------------------------------------------------------------------------------
// Automation: periodic send, send file, auto-reply, framing
// ---------------------------------------------------------------------------------------------

/**
 * The n-th send is due at start + n × intervalMs (no accumulated delay); it stops after `count`
 * sends, when asked, or when a send fails (the connection closed).
 */
export interface PeriodicStatus {
  running: boolean;
  intervalMs: number;
  /** Absent: until stopped. */
  count?: number;
  sent: number;
  /** Set once it ended. */
  end?: 'finished' | 'stopped' | 'failed';
  error?: { code: ErrorCode; message: string; params: ErrorParams };
}

export interface FileSendStatus {
  /** The file's name (desktop: its path). */
  name: string;
  /** `waiting`: the browser has not uploaded it yet. */
  state: 'waiting' | 'sending' | 'done' | 'failed' | 'cancelled';
  sent: number;
  /** The file's size, when known. */
  total?: number;
  error?: { code: ErrorCode; message: string; params: ErrorParams };
}

/**
 * How received bytes are cut into messages: the log's rx entries (what the page shows, exports
 * and searches) and what auto-reply matches. Bytes, counters and receive-to-file never change.
 * `raw`: one message per chunk that arrived. `merge`: as raw in the engine; the page shows the
 * chunks of a stream that arrive within `withinMs` of the first as one row (rules match chunks).
 * `delimiter`: hex bytes ending each message, kept in it (e.g. "0D 0A"). `fixed`: `length` bytes
 * each. `length-prefixed`: the prefix plus the length it gives. A message is logged once it is
 * complete; bytes of an unfinished one are logged as they are when their stream ends (the TCP
 * connection closes, the session closes) or the framing changes. A change applies to bytes
 * received from then on: entries already logged stay as they were cut.
 */
export type Framing =
  | { mode: 'raw' }
  | { mode: 'merge'; withinMs: number }
  | { mode: 'delimiter'; delimiter: string }
  | { mode: 'fixed'; length: number }
  | { mode: 'length-prefixed'; prefixBytes: 1 | 2 | 4; byteOrder: 'big' | 'little' };

export const FRAMING_MODES = ['raw', 'merge', 'delimiter', 'fixed', 'length-prefixed'] as const;

export type MatchKind = 'exact' | 'contains' | 'starts-with' | 'regex';

/** Matches an incoming message and answers it. The first enabled rule that matches answers. */
export interface AutoReplyRule {
  id: string;
  /** What the user calls it (shown in the log beside its replies). */
  name: string;
  enabled: boolean;
  match: MatchKind;
  /** Text, or hex bytes when `patternFormat` is 'hex' (not with 'regex'). */
  pattern: string;
  patternFormat: 'text' | 'hex';
  /** How incoming bytes are read as text for a text pattern. */
  encoding: EncodingName;
  /** Sent back as the send box sends (`replyOptions.format`); regex groups: $1, $<name>, $&. */
  reply: string;
  replyOptions: SendOptions;
}

export interface AutoReplySettings {
  rules: AutoReplyRule[];
  /** Sends every received message (a chunk, or a frame with framing) back where it came from. */
  echo: boolean;
}

/** Why the engine sent something on its own. */
export type AutoSource = { kind: 'echo' } | { kind: 'rule'; ruleId: string; name: string };

/**
 * Log export formats: `text` as the log shows it (time, direction, peer, then the payload as text
 * in `encoding`, or hex), `csv` (time, direction, peer, bytes, hex, text), `jsonl` (as log to
 * file), `raw-rx` / `raw-tx` (the raw bytes of one direction, as received or sent).
 */
export type ExportFormat = 'text' | 'csv' | 'jsonl' | 'raw-rx' | 'raw-tx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['text', 'csv', 'jsonl', 'raw-rx', 'raw-tx'];

/** Which entries a search or filter matches; every field given must match. */
export interface LogFilter {
  direction?: Direction;
  /** A substring of the peer's `host:port` (IPv6 in brackets). */
  peer?: string;
  /** A substring of the payload as text in `encoding` (case-sensitive). */
  text?: string;
  /** A byte sequence in the payload, as hex ("0D 0A"). */
  hex?: string;
  encoding: EncodingName;
}

export interface LogLimits {
  /** Default 1,000,000 entries per session. */
  maxEntries: number;
  /** Default 256 MiB of payload per session. */
  maxBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Errors and results
// ---------------------------------------------------------------------------------------------

/**
 * Stable error codes. The engine gives a code plus parameters; the UI words it in the user's
 * language with `describeError` (src/shared/errors.ts).
 */
export type ErrorCode =
  | 'ADDRESS_IN_USE' // EADDRINUSE — params: host, port
  | 'ADDRESS_NOT_AVAILABLE' // EADDRNOTAVAIL — params: host
  | 'PERMISSION_DENIED' // EACCES on a port < 1024 — params: port
  | 'CONNECTION_REFUSED' // ECONNREFUSED — params: host, port
  | 'CONNECTION_RESET' // ECONNRESET — params: host, port
  | 'CONNECT_TIMEOUT' // params: host, port, ms
  | 'HOST_NOT_FOUND' // ENOTFOUND / EAI_AGAIN — params: host
  | 'HOST_UNREACHABLE' // EHOSTUNREACH / ENETUNREACH — params: host
  | 'BROKEN_PIPE' // EPIPE: the peer is gone — params: host, port
  | 'INVALID_PORT' // params: value, field
  | 'INVALID_HOST' // params: value, field
  | 'INVALID_HEX' // params: position, char?, detail ('odd' | 'char' | 'empty')
  | 'INVALID_ESCAPE' // params: position, sequence
  | 'INVALID_PATTERN' // a match rule's regular expression — params: pattern, detail
  | 'UNENCODABLE_TEXT' // params: encoding, char, position
  | 'EMPTY_PAYLOAD'
  | 'NOT_CONNECTED' // params: state
  | 'NO_CLIENTS' // a server with no connected client was asked to send to all
  | 'NO_TARGET' // UDP send without a remote host:port and no last sender
  | 'DATAGRAM_TOO_LARGE' // params: bytes, max
  | 'IP_VERSION_MISMATCH' // UDP: bound to one IP version, sent to the other — params: local, host, localFamily, hostFamily
  | 'BROADCAST_OFF' // UDP: a broadcast address without the Broadcast option — params: host
  | 'NOT_MULTICAST' // UDP: a group to join that is no multicast address — params: value
  | 'INVALID_INTERFACE' // UDP multicast: params: value, detail ('not-ip' | 'not-local')
  | 'ALREADY_OPEN' // params: state
  | 'CANCELLED' // params: what ('open' | 'dialog' | 'send' | 'export' | 'export-stopped')
  | 'AUTO_REPLY_DROPPED' // replies came faster than they could be sent — params: max
  | 'SEND_QUEUE_FULL' // the peer is not reading — params: host, port, queued, limit (bytes)
  | 'UNKNOWN_SESSION' // params: sessionId
  | 'UNKNOWN_CONNECTION' // params: connectionId
  | 'INVALID_REQUEST' // params: detail — a payload that does not match the contract
  | 'FILE_ERROR' // params: path, errno, action ('read' | 'write', default write)
  | 'HOST_DISCONNECTED' // the page lost its bridge to the engine (browser mode)
  | 'SOCKET_ERROR'; // anything else — params: errno, syscall

export type ErrorParams = Record<string, string | number>;

export interface Failure {
  ok: false;
  code: ErrorCode;
  /** English sentence for logs and tests; the UI re-words `code` + `params` in its language. */
  message: string;
  params: ErrorParams;
}

export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

// ---------------------------------------------------------------------------------------------
// Commands: renderer → main, request/response
// ---------------------------------------------------------------------------------------------

export interface Commands {
  /** A new session (a tab). It starts idle. */
  createSession: { request: Record<string, never>; response: { sessionId: string } };
  /** Connect (TCP client), listen (TCP server) or bind (UDP) with this configuration. */
  open: {
    request: { sessionId: string; config: SessionConfig };
    response: { local: Address; remote?: Address };
  };
  /** Disconnect / stop / close. Idempotent. */
  close: { request: { sessionId: string }; response: Record<never, never> };
  /** Close and forget a session (the tab is closed). */
  disposeSession: { request: { sessionId: string }; response: Record<never, never> };
  /**
   * TCP: refused with SEND_QUEUE_FULL while 8 MiB or more already waits for that peer (it is not
   * reading); nothing is then logged or counted. A send to all is all or none: if any client is
   * full, nobody gets it and the error names that client. Answers once the bytes are handed to
   * the socket, or, when its buffer is over the high-water mark, once it drains.
   */
  send: {
    request: { sessionId: string; data: string; options: SendOptions; target?: SendTarget };
    /** `bytes`: how many bytes went to each recipient; `recipients`: how many got them. */
    response: { bytes: number; recipients: number };
  };
  /** TCP server: disconnect one client. */
  disconnectClient: {
    request: { sessionId: string; connectionId: string };
    response: Record<never, never>;
  };
  resetCounters: { request: { sessionId: string }; response: Record<never, never> };
  /**
   * UDP: join / leave a multicast group (optionally on one local interface address). Joining a
   * group already joined, or leaving one not joined, changes nothing and succeeds.
   */
  joinMulticast: {
    request: { sessionId: string; group: string; interfaceAddress?: string };
    response: Record<never, never>;
  };
  leaveMulticast: {
    request: { sessionId: string; group: string; interfaceAddress?: string };
    response: Record<never, never>;
  };
  /**
   * Entries `fromSeq`.. of a session's log, oldest first: at most `count` (≤ 10,000) entries and
   * `maxBytes` payload bytes (default and ceiling 16 MiB; the first entry always comes whole or
   * cut to `maxEntryBytes`). `maxEntryBytes` cuts each entry's bytes (see `LogEntry.fullLength`).
   */
  readLog: {
    request: {
      sessionId: string;
      fromSeq: number;
      count: number;
      maxBytes?: number;
      maxEntryBytes?: number;
    };
    response: { entries: LogEntry[] } & LogWindow;
  };
  /** Empties a session's log (counters are kept; Reset counters clears those). */
  clearLog: { request: { sessionId: string }; response: LogWindow };
  /** Memory limits of every session's log. */
  setLogLimits: { request: LogLimits; response: LogLimits };
  /**
   * Every session with its state, clients and counters (a page reload re-syncs from this), and
   * the log limits in force.
   */
  listSessions: {
    request: Record<string, never>;
    response: { sessions: SessionSnapshot[]; logLimits: LogLimits };
  };
  /**
   * Starts writing a file of `kind` (see FileKind). Desktop: shows a save dialog (CANCELLED when
   * the user dismisses it) and answers with the chosen path. Browser mode: answers with a
   * one-time `download` address on the host that the page must fetch within 30 s; writing starts
   * when it does. ALREADY_OPEN when the session already writes a file of that kind.
   */
  startFile: {
    request: { sessionId: string; kind: FileKind; connectionId?: string };
    response: { name: string; download?: string };
  };
  /** Flushes and closes the file of `kind`; answers with how many bytes it holds. Idempotent. */
  stopFile: {
    request: { sessionId: string; kind: FileKind };
    response: { bytes: number };
  };
  /**
   * Sends `data` every `intervalMs` (≥ 1), `count` times or until stopped (see PeriodicStatus).
   * The payload is checked once, up front. ALREADY_OPEN while one runs.
   */
  startPeriodic: {
    request: {
      sessionId: string;
      data: string;
      options: SendOptions;
      target?: SendTarget;
      intervalMs: number;
      count?: number;
    };
    response: Record<never, never>;
  };
  /** Idempotent; answers how many were sent. */
  stopPeriodic: { request: { sessionId: string }; response: { sent: number } };
  /**
   * Sends a file's raw bytes (see FileSendStatus). Desktop: an open dialog (CANCELLED when
   * dismissed). Browser mode: answers with a one-time `upload` address the page must POST the
   * file to within 30 s. UDP: `datagramBytes` per datagram (default: the largest that fits) with
   * `delayMs` between them. ALREADY_OPEN while a file is being sent.
   */
  sendFile: {
    request: { sessionId: string; target?: SendTarget; datagramBytes?: number; delayMs?: number };
    response: { name: string; upload?: string };
  };
  /** Stops a file send; what was sent stays sent. Idempotent. */
  cancelSendFile: { request: { sessionId: string }; response: Record<never, never> };
  /**
   * Exports the log's kept entries (`fromSeq`..`toSeq`, default all; only those matching
   * `filter` when given) in `format`, streamed with progress ('file' events of kind 'export'), to
   * where the user picks: desktop a save dialog, browser mode a one-time `download` address (as
   * startFile). One export at a time per session.
   */
  exportLog: {
    request: {
      sessionId: string;
      format: ExportFormat;
      fromSeq?: number;
      toSeq?: number;
      filter?: LogFilter;
      /** `text` and `csv`: the encoding the text is shown in. */
      encoding: EncodingName;
      /** `text`: the payload as hex instead of text. */
      hex: boolean;
    };
    response: { name: string; download?: string };
  };
  /**
   * The entries matching `filter`, searching from `fromSeq` (inclusive) forward, or backward
   * with `backward`. Answers at most `maxMatches` (≤ 10,000) seqs, in search order, after
   * looking at a bounded number of entries: `nextSeq` is where to go on from, `done` once the
   * log's end (or start) was reached. INVALID_HEX for a bad `hex`.
   */
  findInLog: {
    request: {
      sessionId: string;
      filter: LogFilter;
      fromSeq: number;
      backward?: boolean;
      maxMatches: number;
    };
    response: { seqs: number[]; nextSeq: number; done: boolean };
  };
  /**
   * Stops the running export: it ends as failed with CANCELLED (what: 'export-stopped'); the desktop
   * deletes the partial file, the browser's download ends incomplete. Idempotent.
   */
  cancelExport: { request: { sessionId: string }; response: Record<never, never> };
  /** Replaces the session's auto-reply rules and Echo (checked: INVALID_PATTERN, …). */
  setAutoReply: {
    request: { sessionId: string } & AutoReplySettings;
    response: Record<never, never>;
  };
  /**
   * Sets how received bytes are cut into messages (see Framing), from now on; an unfinished
   * message of the old framing is logged as it is. INVALID_HEX for a bad delimiter,
   * INVALID_REQUEST for a length out of range.
   */
  setFraming: {
    request: { sessionId: string; framing: Framing };
    response: Record<never, never>;
  };
}

export type CommandName = keyof Commands;
export type CommandRequest<C extends CommandName> = Commands[C]['request'];
export type CommandResponse<C extends CommandName> = Result<Commands[C]['response']>;

/** What both bridges expose and the engine implements: one async function per command. */
export type CommandApi = {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<CommandResponse<C>>;
};

export const COMMAND_NAMES = [
  'createSession',
  'open',
  'close',
  'disposeSession',
  'send',
  'disconnectClient',
  'resetCounters',
  'joinMulticast',
  'leaveMulticast',
  'readLog',
  'clearLog',
  'setLogLimits',
  'listSessions',
  'startFile',
  'stopFile',
  'startPeriodic',
  'stopPeriodic',
  'sendFile',
  'cancelSendFile',
  'setAutoReply',
  'setFraming',
  'exportLog',
  'cancelExport',
  'findInLog',
] as const satisfies readonly CommandName[];

// ---------------------------------------------------------------------------------------------
// Events: main → renderer, pushed (in batches)
// ---------------------------------------------------------------------------------------------

interface EventBase {
  sessionId: string;
  /** ms since the epoch. */
  at: number;
}

export interface StateEvent extends EventBase {
  type: 'state';
  state: SessionState;
  /** Set when the state is `closed`. */
  reason?: CloseReason;
  local?: Address;
  remote?: Address;
  /** `connecting` again after a lost connection or a failed attempt (auto reconnect). */
  reconnect?: ReconnectStatus;
}

/** Auto reconnect at work: how many attempts failed in a row, and when the next one starts. */
export interface ReconnectStatus {
  /** Attempts that failed since the last connection (0: the connection was just lost). */
  failed: number;
  /** When the next attempt starts (ms since the epoch); absent while one is under way. */
  nextAt?: number;
  /** Why the last attempt or connection ended. */
  reason: CloseReason;
}

/** A TCP connection was established (the client's one, or a server's new client). */
export interface ConnectionOpenedEvent extends EventBase {
  type: 'connection-opened';
  connection: ConnectionInfo;
}

export interface ConnectionClosedEvent extends EventBase {
  type: 'connection-closed';
  connectionId: string;
  reason: CloseReason;
}

/** One chunk that crossed the wire: one TCP read, one TCP write, or one datagram. */
export interface DataEvent extends EventBase {
  type: 'data';
  /** Per session, strictly increasing from 1. */
  seq: number;
  direction: Direction;
  /** TCP: the connection the chunk belongs to. UDP: absent. */
  connectionId?: string;
  /** The other end: where rx bytes came from, where tx bytes went. */
  peer: Address;
  bytes: Uint8Array;
  /**
   * Set when a bridge sent the page only the start of a large chunk (PAGE_DATA_MAX_BYTES): the
   * chunk's whole length. The page fetches more with `readLog` if it shows more.
   */
  fullLength?: number;
  /** With `fullLength`: the chunk's last bytes (up to 4), the next entry's prefix. */
  tail?: Uint8Array;
  /** Sent by the engine on its own (auto-reply or Echo). */
  auto?: AutoSource;
}

export interface CountersEvent extends EventBase {
  type: 'counters';
  counters: Counters;
  /** Per connection (TCP). */
  connections: Record<string, Counters>;
  /**
   * TCP: bytes sent but still waiting in NetAssist because the peer is not reading (fast enough),
   * per connection; absent when nothing waits. While any waits, a counters event comes when the
   * amount changes (at most every 16 ms) and at least once a second, and one more without it once
   * everything drained. Past a limit, sends to it fail with SEND_QUEUE_FULL instead of growing
   * memory.
   */
  unsent?: Record<string, number>;
}

/**
 * The log grew (or was evicted or cleared) beyond what `data` events delivered: when the page
 * falls behind, a bridge drops `data` events and sends this instead, so the page knows which
 * entries exist and fetches the ones it shows with `readLog`.
 */
export interface LogEvent extends EventBase, LogWindow {
  type: 'log';
}

/** A file of the session started, grew, stopped or failed (sent at most every ~100 ms while it grows). */
export interface FileEvent extends EventBase {
  type: 'file';
  file: FileStatus;
}

export interface PeriodicEvent extends EventBase {
  type: 'periodic';
  periodic: PeriodicStatus;
}

/** A file send started, progressed (at most every ~100 ms), ended or failed. */
export interface FileSendEvent extends EventBase {
  type: 'file-send';
  fileSend: FileSendStatus;
}

/** UDP: the groups the session is a member of, after a join or leave (empty once it closes). */
export interface MulticastEvent extends EventBase {
  type: 'multicast';
  groups: MulticastMembership[];
}

export interface ErrorEvent extends EventBase {
  type: 'error';
  code: ErrorCode;
  message: string;
  params: ErrorParams;
}

export type EngineEvent =
  | StateEvent
  | ConnectionOpenedEvent
  | ConnectionClosedEvent
  | DataEvent
  | CountersEvent
  | LogEvent
  | FileEvent
  | PeriodicEvent
  | FileSendEvent
  | MulticastEvent
  | ErrorEvent;

export type EngineEventType = EngineEvent['type'];

/** The injected sink the engine emits through; each bridge supplies its own. */
export type EmitEvent = (event: EngineEvent) => void;

export function emptyCounters(): Counters {
  return { rxBytes: 0, txBytes: 0, rxMessages: 0, txMessages: 0 };
}
