/**
 * Runtime schemas for every command request of the contract: the one place where a bridge checks
 * what an untrusted page sent before the engine sees it. Used by the WebSocket bridge and the
 * Electron IPC bridge alike.
 *
 * The schemas check shapes, not meanings: a port is any number here, so the engine can answer an
 * out-of-range one with its friendly INVALID_PORT instead of a generic INVALID_REQUEST.
 */
import { z } from 'zod';
import type {
  CommandApi,
  CommandName,
  CommandRequest,
  CommandResponse,
  Failure,
} from '../../shared/contract';
import {
  CHECKSUMS,
  COMMAND_NAMES,
  ENCODINGS,
  EXPORT_FORMATS,
  FILE_KINDS,
  LINE_ENDINGS,
} from '../../shared/contract';
import type { AutoReplyRule, Framing, LogFilter } from '../../shared/contract';
import { fail } from '../../shared/errors';

/**
 * The largest text a page may send in one command: 16 MiB written as spaced hex ("41 42 "), so a
 * 16 MiB payload can be typed or pasted in either format.
 */
export const MAX_DATA_CHARS = 3 * 16 * 1024 * 1024;
/** Said when a message is longer (it would otherwise be zod's "Too big: expected …"). */
const data = z
  .string()
  .max(
    MAX_DATA_CHARS,
    `is longer than ${MAX_DATA_CHARS} characters (16 MiB as spaced hex); send a file instead`,
  );
/** Ids, hosts, groups: nothing valid comes close; this only stops a page echoing megabytes. */
export const MAX_NAME_CHARS = 4096;

const name = z.string().max(MAX_NAME_CHARS);
const port = z.number();
const sessionId = name;

const tcpClientConfig = z.strictObject({
  protocol: z.literal('tcp-client'),
  remoteHost: name,
  remotePort: port,
  localPort: port.optional(),
  connectTimeoutMs: z.number().optional(),
  reconnectMs: z.number().optional(),
});

const tcpServerConfig = z.strictObject({
  protocol: z.literal('tcp-server'),
  localHost: name.optional(),
  localPort: port,
});

const udpConfig = z.strictObject({
  protocol: z.literal('udp'),
  localHost: name.optional(),
  localPort: port,
  remoteHost: name.optional(),
  remotePort: port.optional(),
  broadcast: z.boolean().optional(),
});

const sessionConfig = z.discriminatedUnion('protocol', [
  tcpClientConfig,
  tcpServerConfig,
  udpConfig,
]);

const sendOptions = z.strictObject({
  format: z.enum(['text', 'hex']),
  encoding: z.enum(ENCODINGS),
  escapes: z.boolean(),
  lineEnding: z.enum(LINE_ENDINGS),
  checksum: z.enum(CHECKSUMS),
});

const sendTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('connection'), connectionId: name }),
  z.strictObject({ kind: z.literal('address'), host: name, port }),
  z.strictObject({ kind: z.literal('last-sender') }),
]);

const multicast = z.strictObject({
  sessionId,
  group: name,
  interfaceAddress: name.optional(),
});

const nothing = z.strictObject({});

/** Auto-reply rules a page may set per session: far more than anyone writes by hand. */
export const MAX_AUTO_REPLY_RULES = 1000;

const autoReplyRule = z.strictObject({
  id: name,
  name,
  enabled: z.boolean(),
  match: z.enum(['exact', 'contains', 'starts-with', 'regex']),
  pattern: name,
  patternFormat: z.enum(['text', 'hex']),
  encoding: z.enum(ENCODINGS),
  reply: data,
  replyOptions: sendOptions,
}) satisfies z.ZodType<AutoReplyRule>;

// Numbers are checked by the engine (whole, in range), which says what is wrong in words.
const framing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('raw') }),
  z.strictObject({ mode: z.literal('merge'), withinMs: z.number() }),
  z.strictObject({ mode: z.literal('delimiter'), delimiter: name }),
  z.strictObject({ mode: z.literal('fixed'), length: z.number() }),
  z.strictObject({
    mode: z.literal('length-prefixed'),
    prefixBytes: z.union([z.literal(1), z.literal(2), z.literal(4)]),
    byteOrder: z.enum(['big', 'little']),
  }),
]) satisfies z.ZodType<Framing>;

const logFilter = z.strictObject({
  direction: z.enum(['rx', 'tx']).optional(),
  peer: name.optional(),
  text: name.optional(),
  hex: name.optional(),
  encoding: z.enum(ENCODINGS),
}) satisfies z.ZodType<LogFilter>;

/**
 * One schema per command. `satisfies` makes `npm run typecheck` fail when a schema's output stops
 * matching the contract's request type; `SchemasMatchContract` below checks the other direction.
 */
export const COMMAND_SCHEMAS = {
  createSession: nothing,
  open: z.strictObject({ sessionId, config: sessionConfig }),
  close: z.strictObject({ sessionId }),
  disposeSession: z.strictObject({ sessionId }),
  send: z.strictObject({
    sessionId,
    data,
    options: sendOptions,
    target: sendTarget.optional(),
  }),
  disconnectClient: z.strictObject({ sessionId, connectionId: name }),
  resetCounters: z.strictObject({ sessionId }),
  joinMulticast: multicast,
  leaveMulticast: multicast,
  readLog: z.strictObject({
    sessionId,
    fromSeq: z.number(),
    count: z.number(),
    maxBytes: z.number().optional(),
    maxEntryBytes: z.number().optional(),
  }),
  clearLog: z.strictObject({ sessionId }),
  setLogLimits: z.strictObject({ maxEntries: z.number(), maxBytes: z.number() }),
  listSessions: nothing,
  // No path: where a file goes is the host's choice (a save dialog, a download), never the page's.
  startFile: z.strictObject({ sessionId, kind: z.enum(FILE_KINDS), connectionId: name.optional() }),
  stopFile: z.strictObject({ sessionId, kind: z.enum(FILE_KINDS) }),
  startPeriodic: z.strictObject({
    sessionId,
    data,
    options: sendOptions,
    target: sendTarget.optional(),
    intervalMs: z.number(),
    count: z.number().optional(),
  }),
  stopPeriodic: z.strictObject({ sessionId }),
  // No path: which file is sent is the user's choice in a dialog or an upload, never the page's.
  sendFile: z.strictObject({
    sessionId,
    target: sendTarget.optional(),
    datagramBytes: z.number().optional(),
    delayMs: z.number().optional(),
  }),
  cancelSendFile: z.strictObject({ sessionId }),
  setAutoReply: z.strictObject({
    sessionId,
    rules: z.array(autoReplyRule).max(MAX_AUTO_REPLY_RULES),
    echo: z.boolean(),
  }),
  setFraming: z.strictObject({ sessionId, framing }),
  // No path: as startFile, the host picks where the export goes.
  exportLog: z.strictObject({
    sessionId,
    format: z.enum(EXPORT_FORMATS),
    fromSeq: z.number().optional(),
    toSeq: z.number().optional(),
    filter: logFilter.optional(),
    encoding: z.enum(ENCODINGS),
    hex: z.boolean(),
  }),
  cancelExport: z.strictObject({ sessionId }),
  findInLog: z.strictObject({
    sessionId,
    filter: logFilter,
    fromSeq: z.number(),
    backward: z.boolean().optional(),
    maxMatches: z.number(),
  }),
} satisfies { [C in CommandName]: z.ZodType<CommandRequest<C>> };

/**
 * `satisfies` alone lets a schema demand a field the contract does not have, or miss an optional
 * one; this identity check names any command whose schema and request type differ at all.
 */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** `{ sessionId } & AutoReplySettings` as one object type: identity sees through no `&`. */
type Flat<T> = { [K in keyof T]: T[K] };
type DriftedCommands = {
  [C in CommandName]: Same<
    Flat<CommandRequest<C>>,
    z.output<(typeof COMMAND_SCHEMAS)[C]>
  > extends true
    ? never
    : C;
}[CommandName];
const noDrift: [DriftedCommands] extends [never] ? true : DriftedCommands = true;
void noDrift;

export type ParsedCommand = {
  [C in CommandName]: { ok: true; command: C; request: CommandRequest<C> };
}[CommandName];

function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (COMMAND_NAMES as readonly string[]).includes(value);
}

/** `config.remotePort: expected number, received string` — the first problem, in a few words. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = ['request', ...issue.path.map(String)].join('.');
  const what = issue.message.replace(/^Invalid input: /, '');
  return `${where}: ${what}`;
}

/**
 * Checks a `{ command, request }` pair from an untrusted page (other fields, such as a
 * WebSocket frame's `kind` and `id`, are the caller's business).
 */
export function parseCommand(frame: unknown): ParsedCommand | Failure {
  if (frame === null || typeof frame !== 'object') {
    return fail('INVALID_REQUEST', { detail: 'a command must be a JSON object' });
  }
  const { command, request } = frame as { command?: unknown; request?: unknown };
  if (!isCommandName(command)) {
    const shown = typeof command === 'string' ? `"${command.slice(0, 64)}"` : typeof command;
    return fail('INVALID_REQUEST', { detail: `unknown command ${shown}` });
  }
  const parsed = COMMAND_SCHEMAS[command].safeParse(request);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return fail('INVALID_REQUEST', {
      detail: first ? `${command} ${describeIssue(first)}` : `${command}: bad request`,
    });
  }
  return { ok: true, command, request: parsed.data } as ParsedCommand;
}

/** Calls the engine's handler for a checked command. */
export function runCommand(
  api: CommandApi,
  parsed: ParsedCommand,
): Promise<CommandResponse<CommandName>> {
  // TypeScript cannot tie `command` to `request` through the union; parseCommand already did.
  const handler = api[parsed.command] as (
    request: CommandRequest<CommandName>,
  ) => Promise<CommandResponse<CommandName>>;
  return handler.call(api, parsed.request);
}
