/**
 * The bad-input catalogue (issue 7): every odd thing a user can type or do, one row each, done
 * through the engine's commands. Each row asserts the whole sentence the user is told (English,
 * and Chinese where spot-checked) or, for input that is valid, that it works; and after each row,
 * a TCP client ↔ server pair opened before it must still send and receive.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ErrorCode,
  FileSendEvent,
  PeriodicEvent,
  Result,
  SendOptions,
  SessionConfig,
  SessionState,
  StateEvent,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { describeError } from '../../src/shared/errors';
import { fileFrom } from '../../src/main/engine/file-source';
import { configOf } from '../../src/renderer/sessions/session-config';
import type { SessionDraft } from '../../src/renderer/store/state';
import { DEFAULT_DRAFT } from '../../src/renderer/store/state';
import type { EngineHarness } from '../support/engine-harness';
import { connectClient, startTcpServer } from '../support/node-peers';
import { startStalledListener } from '../support/stalled-listener';
import { afterTest, engineForTest, until } from '../support/test-resources';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;
const TEXT: SendOptions = DEFAULT_SEND_OPTIONS;
const HEX: SendOptions = { ...DEFAULT_SEND_OPTIONS, format: 'hex' };
const ESCAPES: SendOptions = { ...DEFAULT_SEND_OPTIONS, escapes: true };
const HOST_HINT = 'enter an IPv4 address (127.0.0.1), an IPv6 address (::1) or a host name.';
const ESCAPE_HINT = 'use \\r \\n \\t \\0 \\\\ or \\xHH.';
const NOT_CONNECTED = 'Not connected: connect (or listen / open) first, then send.';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Case {
  h: EngineHarness;
  /** The pair opened before the row; it must keep working. */
  pair: { server: string; client: string; port: number };
  /** A file the row made (its messages name it). */
  file?: string;
  /** Set when the row cannot run on this machine (it says why). */
  skipped?: string;
}

interface Row {
  name: string;
  /** Does what the user did, through the engine's commands: what the user is told. */
  provoke: (c: Case) => Promise<Result>;
  /** The whole English sentence; absent when the input is valid and must work. */
  en?: string | ((c: Case) => string);
  code?: ErrorCode;
  /** The Chinese sentence, for a spot-check. */
  zh?: string | ((c: Case) => string);
}

// ---------------------------------------------------------------------------------------------
// What the rows do
// ---------------------------------------------------------------------------------------------

function typed(fields: Partial<SessionDraft> & Pick<SessionDraft, 'protocol'>): SessionDraft {
  return {
    ...DEFAULT_DRAFT,
    remoteHost: '',
    remotePort: '',
    localHost: '',
    localPort: '',
    ...fields,
  };
}

/** What a caller that skips the page's check sends: numbers where the text is one. */
function portOf(text: string): number {
  return (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text) as number;
}

function rawConfig(draft: SessionDraft): SessionConfig {
  const optional = (key: 'localHost' | 'remoteHost', value: string) =>
    value === '' ? {} : { [key]: value };
  switch (draft.protocol) {
    case 'tcp-client':
      return {
        protocol: 'tcp-client',
        remoteHost: draft.remoteHost,
        remotePort: portOf(draft.remotePort),
      };
    case 'tcp-server':
      return {
        protocol: 'tcp-server',
        ...optional('localHost', draft.localHost),
        localPort: portOf(draft.localPort),
      };
    case 'udp':
      return {
        protocol: 'udp',
        ...optional('localHost', draft.localHost),
        localPort: portOf(draft.localPort || '0'),
        ...optional('remoteHost', draft.remoteHost),
        ...(draft.remotePort === '' ? {} : { remotePort: portOf(draft.remotePort) }),
      };
  }
}

/**
 * Opens a session as the app does: the page checks the typed fields and refuses what is wrong;
 * the engine checks again (a caller may skip the page) and must refuse it in the same words.
 */
async function openTyped(c: Case, draft: SessionDraft) {
  const { sessionId } = await c.h.ok('createSession', {});
  const checked = configOf(draft);
  if (checked.ok) {
    return { sessionId, result: await c.h.call('open', { sessionId, config: checked.config }) };
  }
  const engine = await c.h.call('open', { sessionId, config: rawConfig(draft) });
  expect(engine).toEqual(checked);
  expect(await stateOf(c, sessionId)).toBe('idle');
  return { sessionId, result: checked };
}

async function stateOf(c: Case, sessionId: string): Promise<SessionState | undefined> {
  const { sessions } = await c.h.ok('listSessions', {});
  return sessions.find((s) => s.sessionId === sessionId)?.state;
}

/** A TCP client session connected to a plain loopback peer that records what it receives. */
async function connectedClient(c: Case) {
  const peer = await startTcpServer();
  afterTest(() => peer.close());
  const { sessionId } = await c.h.openSession({
    protocol: 'tcp-client',
    remoteHost: '127.0.0.1',
    remotePort: peer.port,
  });
  const socket = await peer.nextSocket();
  const hash = createHash('sha256');
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  return { sessionId, socket, received: () => bytes, sha: () => hash.copy().digest('hex') };
}

/** Sends through a connected client: nothing may reach the peer when it is refused. */
async function sendFromClient(c: Case, data: string, options: SendOptions) {
  const { sessionId, received } = await connectedClient(c);
  const result = await c.h.call('send', { sessionId, data, options });
  if (!result.ok) {
    // The peer would have it by the time the bystander's round trip is done.
    await expectStillWorks(c, 'after a refused send');
    expect(received()).toBe(0);
    expect(c.h.data(sessionId, 'tx')).toHaveLength(0);
  }
  return result;
}

/** A UDP session bound to `localHost` sends one datagram to `to` (or its default target). */
async function udpSend(c: Case, localHost: string, to?: { host: string; port: number }) {
  const { sessionId } = await c.h.openSession({ protocol: 'udp', localHost, localPort: 0 });
  const target = to ? { kind: 'address' as const, ...to } : undefined;
  const result = await c.h.call('send', { sessionId, data: 'x', options: TEXT, target });
  expect(c.h.data(sessionId, 'tx')).toHaveLength(0);
  return result;
}

/** A listener on ::1 for the IPv6 rows. */
async function ipv6Listener(c: Case, localHost: string) {
  const { sessionId, local } = await c.h.openSession({
    protocol: 'tcp-server',
    localHost,
    localPort: 0,
  });
  expect(local.host).toBe('::1');
  return { sessionId, port: local.port };
}

/** A client typed with `remoteHost` connects to the listener and a message crosses. */
async function connectsTo(c: Case, remoteHost: string, listener = '::1') {
  const server = await ipv6Listener(c, listener);
  const { result, sessionId } = await openTyped(
    c,
    typed({ protocol: 'tcp-client', remoteHost, remotePort: String(server.port) }),
  );
  if (!result.ok) return result;
  expect(result.remote).toEqual({ host: '::1', port: server.port });
  await c.h.ok('send', { sessionId, data: 'over IPv6', options: TEXT });
  expect((await c.h.waitForBytes(server.sessionId, 9)).toString()).toBe('over IPv6');
  return result;
}

async function tempFile(c: Case, bytes: Uint8Array) {
  const folder = await mkdtemp(path.join(tmpdir(), 'netassist-bad-input-'));
  afterTest(() => rm(folder, { recursive: true, force: true }));
  c.file = path.join(folder, 'payload.bin');
  await writeFile(c.file, bytes);
  return c.file;
}

function fileSendEnded(c: Case, sessionId: string) {
  return c.h.waitFor<FileSendEvent>(
    (e) =>
      e.type === 'file-send' &&
      e.sessionId === sessionId &&
      !['waiting', 'sending'].includes(e.fileSend.state),
    30_000,
    'the file send to end',
  );
}

function fileSendUnderWay(c: Case, sessionId: string) {
  return c.h.waitFor(
    (e) => e.type === 'file-send' && e.sessionId === sessionId && e.fileSend.sent > 0,
    10_000,
    'the file send to start sending',
  );
}

function closedEvent(c: Case, sessionId: string) {
  return c.h.waitFor<StateEvent>(
    (e) => e.type === 'state' && e.sessionId === sessionId && e.state === 'closed',
    10_000,
    'the session to close',
  );
}

/**
 * Sends a file whose bytes change under the send: `change` runs once the send is under way,
 * while the peer is not reading (so the send is stalled mid-file, never finished early).
 */
async function fileChangedMidSend(c: Case, change: (file: string) => Promise<void>) {
  const bytes = randomBytes(32 * MiB);
  const file = await tempFile(c, bytes);
  const client = await connectedClient(c);
  client.socket.pause();
  const started = await c.h.engine.sendFile({ sessionId: client.sessionId }, fileFrom(file));
  expect(started).toMatchObject({ ok: true, name: file });
  await fileSendUnderWay(c, client.sessionId);
  await change(file);
  client.socket.resume();
  const { fileSend } = await fileSendEnded(c, client.sessionId);
  // Whatever the status says was sent is exactly what reached the peer, in order.
  await until(() => client.received() >= fileSend.sent, 10_000, 'the peer to read what was sent');
  await expectStillWorks(c, 'after the file send');
  expect(client.received()).toBe(fileSend.sent);
  expect(client.sha()).toBe(sha(bytes.subarray(0, fileSend.sent)));
  if (fileSend.error) return { ok: false as const, ...fileSend.error };
  expect(fileSend).toMatchObject({ state: 'done', sent: bytes.length, total: bytes.length });
  return { ok: true as const };
}

/** A 16 MiB text message (the send box's size limit) of random letters. */
function sixteenMiBOfText() {
  const bytes = randomBytes(16 * MiB);
  for (let i = 0; i < bytes.length; i++) bytes[i] = 0x61 + (bytes[i]! % 26);
  return bytes.toString('latin1');
}

// ---------------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------------

const portRow = (
  protocol: SessionDraft['protocol'],
  field: 'remotePort' | 'localPort',
  value: string,
): Row => {
  const words = field === 'remotePort' ? 'remote port' : 'local port';
  const min = field === 'remotePort' ? 1 : 0;
  const fields: Partial<SessionDraft> =
    field === 'remotePort'
      ? { remoteHost: '127.0.0.1', remotePort: value, localPort: '0' }
      : { localHost: '127.0.0.1', localPort: value };
  return {
    name: `${protocol} ${words} ${JSON.stringify(value)}`,
    provoke: async (c) => (await openTyped(c, typed({ protocol, ...fields }))).result,
    code: 'INVALID_PORT',
    en:
      value === ''
        ? `The ${words} is empty: enter a whole number from ${min} to 65535.`
        : `Invalid ${words} "${value}": a port must be a whole number from ${min} to 65535.`,
  };
};

const hostRow = (value: string, en: string, zh?: string): Row => ({
  name: `remote host ${JSON.stringify(value)}`,
  provoke: async (c) =>
    (await openTyped(c, typed({ protocol: 'tcp-client', remoteHost: value, remotePort: '80' })))
      .result,
  code: 'INVALID_HOST',
  en,
  ...(zh ? { zh } : {}),
});

const ROWS: Row[] = [
  // Ports
  {
    ...portRow('tcp-client', 'remotePort', ''),
    zh: '端口为空：请填写 1 到 65535 之间的整数。',
  },
  portRow('tcp-client', 'remotePort', '0'),
  portRow('udp', 'remotePort', '0'),
  portRow('tcp-server', 'localPort', '-1'),
  portRow('udp', 'localPort', '65536'),
  portRow('tcp-client', 'remotePort', '80.5'),
  portRow('udp', 'remotePort', 'abc'),
  portRow('tcp-server', 'localPort', 'abc'),
  {
    name: 'tcp-server local port "0" lets the system choose one',
    provoke: async (c) => {
      const opened = await openTyped(
        c,
        typed({ protocol: 'tcp-server', localHost: '127.0.0.1', localPort: '0' }),
      );
      if (opened.result.ok) expect(opened.result.local.port).toBeGreaterThan(0);
      return opened.result;
    },
  },
  {
    name: 'UDP send to port 0',
    provoke: (c) => udpSend(c, '127.0.0.1', { host: '127.0.0.1', port: 0 }),
    code: 'INVALID_PORT',
    en: 'Invalid remote port "0": a port must be a whole number from 1 to 65535.',
  },

  // Hosts
  hostRow(
    '',
    'The remote host is empty: enter an IP address (like 127.0.0.1) or a host name.',
    '地址为空：请填写 IP 地址（如 127.0.0.1）或主机名。',
  ),
  hostRow('   ', 'The remote host is empty: enter an IP address (like 127.0.0.1) or a host name.'),
  hostRow(
    'local host',
    `Invalid remote host "local host": ${HOST_HINT}`,
    '地址“local host”无效：请填写 IPv4 地址（127.0.0.1）、IPv6 地址（::1）或主机名。',
  ),
  hostRow('1.2.3.4.5', `Invalid remote host "1.2.3.4.5": ${HOST_HINT}`),
  hostRow(
    '127.0.0.1:8888',
    'Invalid remote host "127.0.0.1:8888": that is a host and a port. Enter 127.0.0.1 as the host and 8888 as the port, each in its own box.',
    '地址“127.0.0.1:8888”无效：它同时包含了地址和端口。请在地址栏填写 127.0.0.1，在端口栏填写 8888。',
  ),
  hostRow(
    '[::1]:8888',
    'Invalid remote host "[::1]:8888": that is a host and a port. Enter ::1 as the host and 8888 as the port, each in its own box.',
  ),
  hostRow(
    'localhost:8888',
    'Invalid remote host "localhost:8888": that is a host and a port. Enter localhost as the host and 8888 as the port, each in its own box.',
  ),
  hostRow('[::1', `Invalid remote host "[::1": ${HOST_HINT}`),
  hostRow('::1]', `Invalid remote host "::1]": ${HOST_HINT}`),
  {
    name: 'local host "local host" names the local host field',
    provoke: async (c) =>
      (
        await openTyped(
          c,
          typed({ protocol: 'tcp-server', localHost: 'local host', localPort: '0' }),
        )
      ).result,
    code: 'INVALID_HOST',
    en: `Invalid local host "local host": ${HOST_HINT}`,
  },
  {
    name: 'address typed with a Chinese input method ("１２７。０。０。１", full-width port)',
    provoke: async (c) => {
      const fullWidth = (text: string) =>
        text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
      const { sessionId, result } = await openTyped(
        c,
        typed({
          protocol: 'tcp-client',
          remoteHost: '１２７。０。０。１',
          remotePort: fullWidth(String(c.pair.port)),
        }),
      );
      if (!result.ok) return result;
      expect(result.remote).toEqual({ host: '127.0.0.1', port: c.pair.port });
      await c.h.ok('send', { sessionId, data: '你好', options: TEXT });
      return result;
    },
  },
  {
    // Copied with its quotes from a lesson: connect(("127.0.0.1", 8888)), or the curly quotes
    // of a typeset one: connect((“…”, 7878)).
    name: 'remote host pasted with its quotes ("127.0.0.1", “127.0.0.1”)',
    provoke: async (c) => {
      let last: Result = { ok: true };
      for (const remoteHost of ['"127.0.0.1"', '“127.0.0.1”', "'localhost'"]) {
        const { result } = await openTyped(
          c,
          typed({ protocol: 'tcp-client', remoteHost, remotePort: String(c.pair.port) }),
        );
        if (!result.ok) return result;
        expect(result.remote?.port).toBe(c.pair.port);
        last = result;
      }
      return last;
    },
  },
  { name: 'remote host "::1" connects to a listener on ::1', provoke: (c) => connectsTo(c, '::1') },
  {
    name: 'remote host "[::1]" connects to a listener on [::1]',
    provoke: (c) => connectsTo(c, '[::1]', '[::1]'),
  },
  {
    name: 'UDP to "[::1]" reaches a UDP session on ::1',
    provoke: async (c) => {
      const peer = await c.h.openSession({ protocol: 'udp', localHost: '::1', localPort: 0 });
      const { sessionId, result } = await openTyped(
        c,
        typed({ protocol: 'udp', remoteHost: '[::1]', remotePort: String(peer.local.port) }),
      );
      if (!result.ok) return result;
      await c.h.ok('send', { sessionId, data: 'datagram', options: TEXT });
      expect((await c.h.waitForBytes(peer.sessionId, 8)).toString()).toBe('datagram');
      return result;
    },
  },
  {
    // 127.255.255.255 is loopback's broadcast address: without the Broadcast option the system
    // refuses the send (EACCES) before anything leaves.
    name: 'UDP send to a broadcast address without Broadcast',
    provoke: (c) => udpSend(c, '127.0.0.1', { host: '127.255.255.255', port: c.pair.port }),
    code: 'BROADCAST_OFF',
    en: '127.255.255.255 is a broadcast address: close the session, tick Broadcast in the network settings, then open it again to send to it.',
    zh: '127.255.255.255 是广播地址：请先关闭会话，在网络设置中勾选“广播”，再重新打开后发送。',
  },
  {
    // The system says only EINVAL here; the engine says it before anything is sent.
    name: 'UDP send from an IPv4 local address to ::1',
    provoke: (c) => udpSend(c, '127.0.0.1', { host: '::1', port: c.pair.port }),
    code: 'IP_VERSION_MISMATCH',
    en: "Cannot reach ::1 (IPv6) from 127.0.0.1 (IPv4): this session's socket speaks only IPv4. Bind the local host to :: to reach both IPv4 and IPv6, or use an IPv4 address.",
    zh: '无法从 127.0.0.1（IPv4）访问 ::1（IPv6）：此会话的套接字只能使用 IPv4。请将本地主机绑定为 :: 以同时支持 IPv4 和 IPv6，或改用 IPv4 地址。',
  },
  {
    // Bound to ::1 (not ::), the socket cannot use IPv4-mapped addresses: the system said EINVAL.
    name: 'UDP send from ::1 to 127.0.0.1',
    provoke: (c) => udpSend(c, '::1', { host: '127.0.0.1', port: c.pair.port }),
    code: 'IP_VERSION_MISMATCH',
    en: "Cannot reach 127.0.0.1 (IPv4) from ::1 (IPv6): this session's socket speaks only IPv6. Bind the local host to :: to reach both IPv4 and IPv6, or use an IPv6 address.",
  },
  {
    name: 'UDP send with no remote host and no datagram to reply to',
    provoke: (c) => udpSend(c, '127.0.0.1'),
    code: 'NO_TARGET',
    en: 'No destination: fill in the remote host and port (or wait for a datagram to reply to).',
  },
  {
    name: 'multicast group "1.2.3.4" (not a multicast address)',
    provoke: async (c) => {
      const { sessionId } = await c.h.openSession({
        protocol: 'udp',
        localHost: '0.0.0.0',
        localPort: 0,
      });
      return c.h.call('joinMulticast', { sessionId, group: '1.2.3.4' });
    },
    code: 'NOT_MULTICAST',
    en: '1.2.3.4 is not a multicast group: IPv4 groups are 224.0.0.0 to 239.255.255.255 (like 239.255.255.250), IPv6 groups start with ff (like ff02::fb).',
  },
  {
    name: 'a host name that cannot be resolved (x.invalid)',
    provoke: async (c) => {
      // This machine's resolver sends even a `.invalid` name to its DNS server (seen with
      // strace: a query to the configured nameserver), so the lookup runs in a network
      // namespace of its own with only loopback, where getaddrinfo() fails without traffic.
      if (spawnSync('unshare', ['-n', 'true']).status !== 0) {
        c.skipped = 'unshare -n is not permitted here, so no lookup can be kept off the network';
        return { ok: true };
      }
      const script =
        'ip link set lo up && exec node --import tsx tests/support/unresolvable-host.ts x.invalid';
      const run = await execFileAsync('unshare', ['-n', 'sh', '-c', script], { timeout: 30_000 });
      expect(run.stderr).toBe('');
      const { result, received } = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
      expect(received).toBe('still working');
      return result as Result;
    },
    code: 'HOST_NOT_FOUND',
    en: 'Host not found: "x.invalid" could not be resolved. Check the spelling, or use an IP address.',
    zh: '找不到主机：无法解析“x.invalid”。请检查拼写，或直接填写 IP 地址。',
  },

  // Hex
  {
    name: 'hex "A" (one digit)',
    provoke: (c) => sendFromClient(c, 'A', HEX),
    code: 'INVALID_HEX',
    en: 'Invalid hex: the byte at position 1 has only one digit — write 04, not 4.',
    zh: '十六进制格式错误：第 1 个字符处的字节只有一位数字——应写成 04，而不是 4。',
  },
  {
    name: 'hex "01 02 3" (a last byte with one digit)',
    provoke: (c) => sendFromClient(c, '01 02 3', HEX),
    code: 'INVALID_HEX',
    en: 'Invalid hex: the byte at position 7 has only one digit — write 04, not 4.',
  },
  {
    name: 'hex "GG"',
    provoke: (c) => sendFromClient(c, 'GG', HEX),
    code: 'INVALID_HEX',
    en: 'Invalid hex: "G" at position 1 is not a hex digit (0-9, A-F).',
  },
  {
    name: 'hex "  ::  " (only separators)',
    provoke: (c) => sendFromClient(c, '  ::  ', HEX),
    code: 'INVALID_HEX',
    en: 'Invalid hex: there are no hex digits to send.',
    zh: '十六进制格式错误：没有可发送的十六进制数字。',
  },

  // Escapes
  {
    name: 'escape "ok\\x4" (one hex digit)',
    provoke: (c) => sendFromClient(c, 'ok\\x4', ESCAPES),
    code: 'INVALID_ESCAPE',
    en: `Invalid escape "\\x4" at position 3: ${ESCAPE_HINT}`,
    zh: '第 3 个字符处的转义“\\x4”无效：可用 \\r \\n \\t \\0 \\\\ 或 \\xHH。',
  },
  {
    name: 'escape "\\u{110000}" (not an escape NetAssist knows)',
    provoke: (c) => sendFromClient(c, '\\u{110000}', ESCAPES),
    code: 'INVALID_ESCAPE',
    en: `Invalid escape "\\u" at position 1: ${ESCAPE_HINT}`,
  },
  {
    name: 'escape: a lone "\\" at the end',
    provoke: (c) => sendFromClient(c, 'end\\', ESCAPES),
    code: 'INVALID_ESCAPE',
    en: `Invalid escape "\\" at position 4: ${ESCAPE_HINT}`,
  },

  // Payloads
  {
    name: 'an empty message',
    provoke: (c) => sendFromClient(c, '', TEXT),
    code: 'EMPTY_PAYLOAD',
    en: 'Nothing to send: the message is empty.',
    zh: '没有可发送的内容：消息为空。',
  },
  {
    name: 'an empty message with a line ending and a checksum',
    provoke: (c) =>
      sendFromClient(c, '', { ...TEXT, lineEnding: 'crlf', checksum: 'crc16-modbus' }),
    code: 'EMPTY_PAYLOAD',
    en: 'Nothing to send: the message is empty.',
  },
  {
    name: 'a 16 MiB message arrives whole',
    provoke: async (c) => {
      const client = await connectedClient(c);
      const data = sixteenMiBOfText();
      const result = await c.h.call('send', { sessionId: client.sessionId, data, options: TEXT });
      expect(result).toEqual({ ok: true, bytes: 16 * MiB, recipients: 1 });
      await until(() => client.received() >= 16 * MiB, 30_000, 'the peer to get 16 MiB');
      expect(client.received()).toBe(16 * MiB);
      expect(client.sha()).toBe(sha(Buffer.from(data, 'latin1')));
      return result;
    },
  },
  {
    name: '"ab😀" in GBK',
    provoke: (c) => sendFromClient(c, 'ab😀', { ...TEXT, encoding: 'gbk' }),
    code: 'UNENCODABLE_TEXT',
    en: '"😀" at position 3 cannot be written in gbk; choose another encoding (such as UTF-8).',
    zh: '第 3 个字符“😀”无法用 gbk 编码表示；请换一种编码（如 UTF-8）。',
  },
  {
    name: '"\\x41😀" in GBK with escapes: the position is where it was typed',
    provoke: (c) => sendFromClient(c, '\\x41😀', { ...ESCAPES, encoding: 'gbk' }),
    code: 'UNENCODABLE_TEXT',
    en: '"😀" at position 5 cannot be written in gbk; choose another encoding (such as UTF-8).',
  },
  {
    name: '"é" in ASCII',
    provoke: (c) => sendFromClient(c, 'café', { ...TEXT, encoding: 'ascii' }),
    code: 'UNENCODABLE_TEXT',
    en: '"é" at position 4 cannot be written in ascii; choose another encoding (such as UTF-8).',
  },

  // Files
  {
    name: 'a file deleted before the send starts',
    provoke: async (c) => {
      const file = await tempFile(c, Buffer.from('gone'));
      await unlink(file);
      const { sessionId } = await connectedClient(c);
      const result = await c.h.engine.sendFile({ sessionId }, fileFrom(file));
      expect(c.h.data(sessionId, 'tx')).toHaveLength(0);
      return result;
    },
    code: 'FILE_ERROR',
    en: (c) => `${c.file} no longer exists.`,
    zh: (c) => `${c.file} 已不存在。`,
  },
  {
    // The open handle still reads every byte (POSIX), so the whole file as chosen arrives.
    name: 'a file deleted while it is sent is sent whole',
    provoke: (c) => fileChangedMidSend(c, unlink),
  },
  {
    name: 'a file truncated while it is sent',
    provoke: (c) => fileChangedMidSend(c, (file) => truncate(file, 1000)),
    code: 'FILE_ERROR',
    en: (c) =>
      `${c.file} got shorter while it was being sent (another program changed it); only its beginning was sent.`,
  },

  // Sessions
  {
    name: 'send after Disconnect',
    provoke: async (c) => {
      const { sessionId } = await connectedClient(c);
      await c.h.ok('close', { sessionId });
      return c.h.call('send', { sessionId, data: 'late', options: TEXT });
    },
    code: 'NOT_CONNECTED',
    en: NOT_CONNECTED,
    zh: '尚未连接：请先连接（或监听 / 打开），再发送。',
  },
  {
    name: 'send after the peer closed the connection',
    provoke: async (c) => {
      const { sessionId, socket } = await connectedClient(c);
      socket.end();
      expect(await closedEvent(c, sessionId)).toMatchObject({ reason: 'peer-closed' });
      return c.h.call('send', { sessionId, data: 'late', options: TEXT });
    },
    code: 'NOT_CONNECTED',
    en: NOT_CONNECTED,
  },
  {
    name: 'send before Connect',
    provoke: async (c) => {
      const { sessionId } = await c.h.ok('createSession', {});
      return c.h.call('send', { sessionId, data: 'early', options: TEXT });
    },
    code: 'NOT_CONNECTED',
    en: NOT_CONNECTED,
  },
  {
    name: 'Connect twice',
    provoke: async (c) => {
      const { sessionId } = await connectedClient(c);
      return c.h.call('open', {
        sessionId,
        config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: c.pair.port },
      });
    },
    code: 'ALREADY_OPEN',
    en: 'This session is already connected; close it first.',
    zh: '该会话已打开，请先关闭。',
  },
  {
    name: 'Connect again while still connecting',
    provoke: async (c) => {
      const peer = await startStalledListener();
      afterTest(() => peer.stop());
      const config: SessionConfig = {
        protocol: 'tcp-client',
        remoteHost: '127.0.0.1',
        remotePort: peer.port,
      };
      const { sessionId } = await c.h.ok('createSession', {});
      const first = c.h.call('open', { sessionId, config });
      await c.h.waitFor(
        (e) => e.type === 'state' && e.sessionId === sessionId && e.state === 'connecting',
      );
      const second = await c.h.call('open', { sessionId, config });
      await c.h.ok('close', { sessionId });
      expect(await first).toMatchObject({ ok: false, code: 'CANCELLED' });
      return second;
    },
    code: 'ALREADY_OPEN',
    en: 'This session is already connecting; close it first.',
  },
  {
    name: 'Listen twice',
    provoke: async (c) => {
      const config: SessionConfig = {
        protocol: 'tcp-server',
        localHost: '127.0.0.1',
        localPort: 0,
      };
      const { sessionId } = await c.h.openSession(config);
      return c.h.call('open', { sessionId, config });
    },
    code: 'ALREADY_OPEN',
    en: 'This session is already listening; close it first.',
  },
  {
    name: 'Listen on a port another session listens on',
    provoke: async (c) =>
      (
        await openTyped(
          c,
          typed({
            protocol: 'tcp-server',
            localHost: '127.0.0.1',
            localPort: String(c.pair.port),
          }),
        )
      ).result,
    code: 'ADDRESS_IN_USE',
    en: (c) =>
      `Port ${c.pair.port} is already in use on 127.0.0.1: another program (or another session) holds it. Stop that program or pick another port.`,
  },
  {
    name: 'Disconnect during a 16 MiB send to a peer that does not read',
    provoke: async (c) => {
      const client = await connectedClient(c);
      client.socket.pause();
      const sending = c.h.call('send', {
        sessionId: client.sessionId,
        data: sixteenMiBOfText(),
        options: TEXT,
      });
      await c.h.waitFor(
        (e) => e.type === 'data' && e.sessionId === client.sessionId && e.direction === 'tx',
      );
      await c.h.ok('close', { sessionId: client.sessionId });
      // The bytes were handed to the socket: the send answers (it does not hang) and the
      // session ends as the user asked.
      expect(await sending).toMatchObject({ ok: true, bytes: 16 * MiB });
      expect(await closedEvent(c, client.sessionId)).toMatchObject({ reason: 'user' });
      expect(await stateOf(c, client.sessionId)).toBe('closed');
      return { ok: true };
    },
  },
  {
    name: 'Stop a server during a 16 MiB send to a client that does not read',
    provoke: async (c) => {
      const { sessionId, local } = await c.h.openSession({
        protocol: 'tcp-server',
        localHost: '127.0.0.1',
        localPort: 0,
      });
      const client = await connectClient(local.port);
      afterTest(() => client.socket.destroy());
      client.socket.pause();
      await c.h.waitFor((e) => e.type === 'connection-opened' && e.sessionId === sessionId);
      const sending = c.h.call('send', {
        sessionId,
        data: sixteenMiBOfText(),
        options: TEXT,
        target: { kind: 'all' },
      });
      await c.h.waitFor((e) => e.type === 'data' && e.sessionId === sessionId);
      await c.h.ok('close', { sessionId });
      expect(await sending).toMatchObject({ ok: true, bytes: 16 * MiB, recipients: 1 });
      expect(await closedEvent(c, sessionId)).toMatchObject({ reason: 'user' });
      expect(
        c.h.events.find((e) => e.type === 'connection-closed' && e.sessionId === sessionId),
      ).toMatchObject({ reason: 'server-stopped' });
      client.socket.resume(); // the client reads what reached it, then sees the connection end
      await client.ended;
      return { ok: true };
    },
  },
  {
    name: 'Disconnect during a periodic send',
    provoke: async (c) => {
      const client = await connectedClient(c);
      await c.h.ok('startPeriodic', {
        sessionId: client.sessionId,
        data: 'tick',
        options: TEXT,
        intervalMs: 5,
      });
      await c.h.waitFor(
        (e) => e.type === 'periodic' && e.sessionId === client.sessionId && e.periodic.sent >= 3,
      );
      await c.h.ok('close', { sessionId: client.sessionId });
      const { periodic } = await c.h.waitFor<PeriodicEvent>(
        (e) => e.type === 'periodic' && e.sessionId === client.sessionId && !e.periodic.running,
      );
      expect(periodic).toMatchObject({ running: false, end: 'stopped' });
      expect(periodic.error).toBeUndefined();
      expect(await closedEvent(c, client.sessionId)).toMatchObject({ reason: 'user' });
      const sent = c.h.bytes(client.sessionId, 'tx').length;
      expect(sent).toBe(periodic.sent * 4);
      await expectStillWorks(c, 'after the periodic send');
      expect(client.received()).toBe(sent);
      return { ok: true };
    },
  },
  {
    // The send ends (no hang); the bytes that reached the peer are what the status says.
    name: 'Disconnect during a file send',
    provoke: async (c) => {
      const bytes = randomBytes(32 * MiB);
      const file = await tempFile(c, bytes);
      const client = await connectedClient(c);
      client.socket.pause();
      await c.h.engine.sendFile({ sessionId: client.sessionId }, fileFrom(file));
      await fileSendUnderWay(c, client.sessionId);
      await c.h.ok('close', { sessionId: client.sessionId });
      client.socket.resume();
      const { fileSend } = await fileSendEnded(c, client.sessionId);
      expect(await closedEvent(c, client.sessionId)).toMatchObject({ reason: 'user' });
      expect(fileSend.sent).toBeLessThan(bytes.length);
      expect(fileSend.state).toBe('cancelled');
      return fileSend.error ? { ok: false, ...fileSend.error } : { ok: true };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The bystanders, and the table
// ---------------------------------------------------------------------------------------------

async function openPair(h: EngineHarness): Promise<Case['pair']> {
  const server = await h.openSession({
    protocol: 'tcp-server',
    localHost: '127.0.0.1',
    localPort: 0,
  });
  const client = await h.openSession({
    protocol: 'tcp-client',
    remoteHost: '127.0.0.1',
    remotePort: server.local.port,
  });
  await h.waitFor((e) => e.type === 'connection-opened' && e.sessionId === server.sessionId);
  return { server: server.sessionId, client: client.sessionId, port: server.local.port };
}

/** The pair still sends both ways, exactly, and is still connected / listening. */
async function expectStillWorks(c: Case, round: string) {
  const { h, pair } = c;
  const ping = `ping ${round}`;
  const pong = `pong ${round}`;
  const serverHad = h.bytes(pair.server, 'rx').length;
  const clientHad = h.bytes(pair.client, 'rx').length;
  await h.ok('send', { sessionId: pair.client, data: ping, options: TEXT });
  await h.ok('send', { sessionId: pair.server, data: pong, options: TEXT });
  const server = await h.waitForBytes(pair.server, serverHad + ping.length);
  const client = await h.waitForBytes(pair.client, clientHad + pong.length);
  expect(server.subarray(serverHad).toString()).toBe(ping);
  expect(client.subarray(clientHad).toString()).toBe(pong);
  expect(await stateOf(c, pair.server)).toBe('listening');
  expect(await stateOf(c, pair.client)).toBe('connected');
}

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', recordUnhandled));
afterAll(() => process.off('unhandledRejection', recordUnhandled));

describe('bad input: each gets a clear message and every other session keeps working', () => {
  // Generous: the 16 and 32 MiB rows share two cores with the rest of the suite in CI.
  it.for(ROWS)('$name', { timeout: 60_000 }, async (row, context) => {
    const h = engineForTest();
    const c: Case = { h, pair: await openPair(h) };
    await expectStillWorks(c, 'before');

    const told = await row.provoke(c);
    if (c.skipped) {
      console.warn(`skipped "${row.name}": ${c.skipped}`);
      context.skip();
    }

    if (row.en === undefined) {
      expect(told).toMatchObject({ ok: true });
    } else {
      expect(told.ok).toBe(false);
      if (told.ok) return;
      const en = typeof row.en === 'string' ? row.en : row.en(c);
      expect({ code: told.code, message: told.message }).toEqual({ code: row.code, message: en });
      expect(describeError(told.code, told.params)).toBe(en);
      if (row.zh) {
        const zh = typeof row.zh === 'string' ? row.zh : row.zh(c);
        expect(describeError(told.code, told.params, 'zh-CN')).toBe(zh);
      }
    }

    await expectStillWorks(c, 'after');
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});
