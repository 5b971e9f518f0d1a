import { describe, expect, it } from 'vitest';
import type { EventsFrame } from '../../src/shared/wire';
import { COMMAND_NAMES, DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { decodeFrame, encodeFrame } from '../../src/shared/wire';
import { VALID_REQUESTS } from '../fixtures/valid-requests';
import {
  COMMAND_SCHEMAS,
  MAX_DATA_CHARS,
  parseCommand,
} from '../../src/main/bridge/command-schemas';

/** One valid request per command: every command of the contract has a schema that takes it. */
const VALID = VALID_REQUESTS;

function detailOf(frame: unknown): string {
  const result = parseCommand(frame);
  if (result.ok) throw new Error('expected a failure');
  expect(result.code).toBe('INVALID_REQUEST');
  return String(result.params.detail);
}

describe('parseCommand', () => {
  it('has a schema for every command of the contract', () => {
    expect(Object.keys(COMMAND_SCHEMAS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(COMMAND_NAMES)('accepts a valid %s request unchanged', (command) => {
    const result = parseCommand({ command, request: VALID[command] });
    expect(result).toEqual({ ok: true, command, request: VALID[command] });
  });

  it('accepts each session configuration and send target', () => {
    const configs = [
      { protocol: 'tcp-server', localPort: 0 },
      { protocol: 'tcp-server', localHost: '::', localPort: 7788 },
      { protocol: 'udp', localPort: 0, remoteHost: '::1', remotePort: 2023, broadcast: true },
      {
        protocol: 'tcp-client',
        remoteHost: 'localhost',
        remotePort: 1,
        localPort: 0,
        connectTimeoutMs: 100,
      },
    ];
    for (const config of configs) {
      expect(parseCommand({ command: 'open', request: { sessionId: 's', config } }).ok).toBe(true);
    }
    const targets = [
      { kind: 'all' },
      { kind: 'last-sender' },
      { kind: 'address', host: '127.0.0.1', port: 9 },
    ];
    for (const target of targets) {
      const request = { ...VALID.send, target };
      expect(parseCommand({ command: 'send', request }).ok).toBe(true);
    }
  });

  it('lets out-of-range ports through, so the engine can word INVALID_PORT', () => {
    const config = { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 70000 };
    expect(parseCommand({ command: 'open', request: { sessionId: 's', config } }).ok).toBe(true);
  });

  it('refuses an unknown command or a frame that is not an object', () => {
    expect(detailOf({ command: 'formatDisk', request: {} })).toBe('unknown command "formatDisk"');
    expect(detailOf({ request: {} })).toBe('unknown command undefined');
    expect(detailOf({ command: 'toString', request: {} })).toMatch(/unknown command/);
    expect(detailOf(null)).toMatch(/JSON object/);
    expect(detailOf('createSession')).toMatch(/JSON object/);
  });

  it('says which field is wrong', () => {
    const config = { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: '8888' };
    expect(detailOf({ command: 'open', request: { sessionId: 's', config } })).toBe(
      'open request.config.remotePort: expected number, received string',
    );
    expect(detailOf({ command: 'close', request: {} })).toBe(
      'close request.sessionId: expected string, received undefined',
    );
    const options = { ...DEFAULT_SEND_OPTIONS, encoding: 'ebcdic' };
    expect(detailOf({ command: 'send', request: { ...VALID.send, options } })).toMatch(
      /^send request\.options\.encoding: /,
    );
    expect(detailOf({ command: 'close', request: { sessionId: 's', extra: 1 } })).toMatch(/extra/);
    expect(detailOf({ command: 'listSessions' })).toMatch(/^listSessions request: /);
    const udp = { protocol: 'sctp', localPort: 0 };
    expect(detailOf({ command: 'open', request: { sessionId: 's', config: udp } })).toMatch(
      /^open request\.config\.protocol/,
    );
  });

  it('takes a file kind, never a path or a name, for a file', () => {
    expect(
      parseCommand({ command: 'startFile', request: { sessionId: 's', kind: 'log' } }).ok,
    ).toBe(true);
    const kind = { sessionId: 's', kind: 'exe' };
    expect(detailOf({ command: 'startFile', request: kind })).toMatch(/^startFile request\.kind/);
    const withPath = { sessionId: 's', kind: 'capture', path: '/etc/passwd' };
    expect(detailOf({ command: 'startFile', request: withPath })).toMatch(/path/);
    const connection = { sessionId: 's', kind: 'capture', connectionId: 7 };
    expect(detailOf({ command: 'startFile', request: connection })).toMatch(/connectionId/);
    expect(detailOf({ command: 'stopFile', request: { sessionId: 's' } })).toMatch(/kind/);
  });

  it('takes no path for a file send, and checks rules and framing by shape', () => {
    const withPath = { sessionId: 's', path: '/etc/shadow' };
    expect(detailOf({ command: 'sendFile', request: withPath })).toMatch(/path/);
    const [rule] = VALID.setAutoReply.rules;
    const badMatch = { ...VALID.setAutoReply, rules: [{ ...rule, match: 'glob' }] };
    expect(detailOf({ command: 'setAutoReply', request: badMatch })).toMatch(
      /^setAutoReply request\.rules\.0\.match/,
    );
    const noName = { ...VALID.setAutoReply, rules: [{ ...rule, name: undefined }] };
    expect(detailOf({ command: 'setAutoReply', request: noName })).toMatch(/rules\.0\.name/);
    // Framing is its own command now: auto-reply settings that still carry one are refused.
    const withFraming = { ...VALID.setAutoReply, framing: { mode: 'raw' } };
    expect(detailOf({ command: 'setAutoReply', request: withFraming })).toMatch(/framing/);
    const prefix = { mode: 'length-prefixed', prefixBytes: 3, byteOrder: 'big' };
    const badPrefix = { sessionId: 's', framing: prefix };
    expect(detailOf({ command: 'setFraming', request: badPrefix })).toMatch(
      /^setFraming request\.framing/,
    );
    expect(detailOf({ command: 'setFraming', request: { sessionId: 's' } })).toMatch(/framing/);
    const fixed = { sessionId: 's', framing: { mode: 'fixed', length: 0 } };
    // A length of 0 has the right shape: the engine words why it is wrong.
    expect(parseCommand({ command: 'setFraming', request: fixed }).ok).toBe(true);
    for (const framing of [
      { mode: 'raw' },
      { mode: 'merge', withinMs: 20 },
      { mode: 'delimiter', delimiter: '0D 0A' },
    ]) {
      expect(parseCommand({ command: 'setFraming', request: { sessionId: 's', framing } }).ok).toBe(
        true,
      );
    }
    const noCount = { ...VALID.startPeriodic, count: undefined };
    expect(parseCommand({ command: 'startPeriodic', request: noCount }).ok).toBe(true);
    const textInterval = { ...VALID.startPeriodic, intervalMs: '10' };
    expect(detailOf({ command: 'startPeriodic', request: textInterval })).toMatch(/intervalMs/);
  });

  it('takes an export format and a filter by shape, never a path', () => {
    const whole = { sessionId: 's', format: 'raw-rx', encoding: 'utf-8', hex: false };
    expect(parseCommand({ command: 'exportLog', request: whole }).ok).toBe(true);
    const badFormat = { ...whole, format: 'xlsx' };
    expect(detailOf({ command: 'exportLog', request: badFormat })).toMatch(
      /^exportLog request\.format/,
    );
    const withPath = { ...whole, path: '/tmp/x.csv' };
    expect(detailOf({ command: 'exportLog', request: withPath })).toMatch(/path/);
    const noHex = { sessionId: 's', format: 'text', encoding: 'utf-8' };
    expect(detailOf({ command: 'exportLog', request: noHex })).toMatch(/hex/);
    const badFilter = { ...whole, filter: { encoding: 'utf-8', regex: '.*' } };
    expect(detailOf({ command: 'exportLog', request: badFilter })).toMatch(
      /^exportLog request\.filter/,
    );
    expect(detailOf({ command: 'cancelExport', request: {} })).toMatch(/sessionId/);

    const empty = { sessionId: 's', filter: { encoding: 'gbk' }, fromSeq: 1, maxMatches: 1 };
    expect(parseCommand({ command: 'findInLog', request: empty }).ok).toBe(true);
    const badDirection = { ...empty, filter: { encoding: 'gbk', direction: 'in' } };
    expect(detailOf({ command: 'findInLog', request: badDirection })).toMatch(
      /^findInLog request\.filter\.direction/,
    );
    const extra = { ...empty, filter: { encoding: 'gbk', regex: 'a+' } };
    expect(detailOf({ command: 'findInLog', request: extra })).toMatch(/regex/);
    // Out of range has the right shape: the engine words why it is wrong.
    expect(parseCommand({ command: 'findInLog', request: { ...empty, maxMatches: 0 } }).ok).toBe(
      true,
    );
  });

  it('refuses text longer than 16 MiB as spaced hex, saying so in words', () => {
    const request = { ...VALID.send, data: 'x'.repeat(MAX_DATA_CHARS + 1) };
    expect(detailOf({ command: 'send', request })).toBe(
      `send request.data: is longer than ${MAX_DATA_CHARS} characters (16 MiB as spaced hex); send a file instead`,
    );
    const justFits = { ...VALID.send, data: 'x'.repeat(MAX_DATA_CHARS) };
    expect(parseCommand({ command: 'send', request: justFits }).ok).toBe(true);
  });
});

describe('wire format', () => {
  it('carries bytes as Uint8Array through encodeFrame and decodeFrame', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const frame: EventsFrame = {
      kind: 'events',
      events: [
        {
          type: 'data',
          sessionId: 's1',
          at: 1,
          seq: 1,
          direction: 'rx',
          peer: { host: '::1', port: 7788 },
          bytes,
        },
      ],
    };

    const decoded = decodeFrame(encodeFrame(frame)) as EventsFrame;

    const event = decoded.events[0]!;
    expect(event.type === 'data' && event.bytes).toBeInstanceOf(Uint8Array);
    expect(decoded).toEqual(frame);
  });
});
