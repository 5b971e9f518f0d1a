import { describe, expect, it } from 'vitest';
import { startCursor, stepHistory } from '../../src/renderer/send/message-history';
import { previewPayload } from '../../src/renderer/send/payload-preview';
import { configOf, fieldProblem, sendTargetOf } from '../../src/renderer/sessions/session-config';
import { DEFAULT_DRAFT, DEFAULT_SEND, newTab } from '../../src/renderer/store/state';

const TEXT = DEFAULT_SEND;
const HEX = { ...DEFAULT_SEND, hexSend: true };

describe('previewPayload', () => {
  it('counts hex bytes, line ending and checksum, and shows the checksum to be appended', () => {
    const preview = previewPayload(
      '01 03 00 00 00 01',
      { ...HEX, checksum: 'crc16-modbus' },
      'utf-8',
    );
    // The catalogue Modbus request 01 03 00 00 00 01 carries CRC 84 0A.
    expect(preview).toEqual({
      kind: 'ok',
      size: 8,
      exact: true,
      checksum: Uint8Array.of(0x84, 0x0a),
    });
  });

  it('names the position of a bad hex digit, and treats an empty box as nothing to say', () => {
    const preview = previewPayload('48 6G', HEX, 'utf-8');
    expect(preview).toMatchObject({
      kind: 'invalid',
      failure: { code: 'INVALID_HEX', params: { position: 5, char: 'G' } },
    });
    expect(previewPayload('   ', HEX, 'utf-8')).toEqual({ kind: 'empty' });
    expect(previewPayload('', TEXT, 'utf-8')).toEqual({ kind: 'empty' });
  });

  it('counts text exactly where the browser can encode it, and estimates GBK', () => {
    expect(previewPayload('你好', { ...TEXT, lineEnding: 'crlf' }, 'utf-8')).toMatchObject({
      size: 8,
      exact: true,
    });
    expect(previewPayload('你好', { ...TEXT, lineEnding: 'crlf' }, 'utf-16le')).toMatchObject({
      size: 8,
      exact: true,
    });
    expect(previewPayload('你好a', TEXT, 'gbk')).toMatchObject({ size: 5, exact: false });
  });

  it('applies escapes: \\xHH is one byte, and a bad escape is reported with its position', () => {
    expect(previewPayload('A\\x00\\r\\n', { ...TEXT, escapes: true }, 'utf-8')).toMatchObject({
      size: 4,
    });
    expect(previewPayload('ab\\q', { ...TEXT, escapes: true }, 'utf-8')).toMatchObject({
      kind: 'invalid',
      failure: { code: 'INVALID_ESCAPE', params: { position: 3 } },
    });
  });
});

describe('message history', () => {
  it('walks up through sent messages and back down to the message being typed', () => {
    const history = ['one', 'two'];
    const cursor = startCursor(history, 'draft');
    const up1 = stepHistory(history, cursor, -1)!;
    const up2 = stepHistory(history, up1.cursor, -1)!;
    expect([up1.text, up2.text]).toEqual(['two', 'one']);
    expect(stepHistory(history, up2.cursor, -1)).toBeUndefined();
    const down = stepHistory(history, stepHistory(history, up2.cursor, 1)!.cursor, 1)!;
    expect(down.text).toBe('draft');
    expect(stepHistory(history, down.cursor, 1)).toBeUndefined();
  });
});

describe('session config from the typed fields', () => {
  it('builds a TCP client config, brackets stripped, optional local port left out', () => {
    const result = configOf({ ...DEFAULT_DRAFT, remoteHost: ' [::1] ', remotePort: '9000' });
    expect(result).toEqual({
      ok: true,
      config: { protocol: 'tcp-client', remoteHost: '::1', remotePort: 9000 },
    });
    // The interval is kept while auto reconnect is off, and sent only when it is on.
    const draft = { ...DEFAULT_DRAFT, remotePort: '9000', reconnectMs: 500 };
    expect(configOf(draft)).toEqual({
      ok: true,
      config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 9000 },
    });
    expect(configOf({ ...draft, autoReconnect: true })).toMatchObject({
      ok: true,
      config: { protocol: 'tcp-client', reconnectMs: 500 },
    });
  });

  it("takes a lesson's bind(('', 2023)) local host, quotes and all, as every interface", () => {
    for (const localHost of ["''", '""', '“”', ' ']) {
      const server = {
        ...DEFAULT_DRAFT,
        protocol: 'tcp-server' as const,
        localHost,
        localPort: '2023',
      };
      expect(configOf(server)).toEqual({
        ok: true,
        config: { protocol: 'tcp-server', localPort: 2023 },
      });
      expect(fieldProblem('localHost', localHost, server)).toBe(false);
    }
    const quoted = { ...DEFAULT_DRAFT, protocol: 'tcp-server' as const, localHost: "'127.0.0.1'" };
    expect(configOf(quoted)).toMatchObject({ ok: true, config: { localHost: '127.0.0.1' } });
    expect(fieldProblem('remoteHost', "'local host'", DEFAULT_DRAFT)).toBe(true);
  });

  it('refuses a bad port with the field named, before anything reaches the engine', () => {
    const result = configOf({ ...DEFAULT_DRAFT, protocol: 'tcp-server', localPort: '70000' });
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_PORT',
      params: { field: 'local port' },
    });
  });

  it('lets UDP go without a default target, and sends to the typed target or the last sender', () => {
    const udp = {
      ...DEFAULT_DRAFT,
      protocol: 'udp' as const,
      remoteHost: '',
      remotePort: '',
      localPort: '',
    };
    expect(configOf(udp)).toEqual({
      ok: true,
      config: { protocol: 'udp', localPort: 0, localHost: '0.0.0.0' },
    });
    expect(configOf({ ...udp, broadcast: true })).toEqual({
      ok: true,
      config: { protocol: 'udp', localPort: 0, localHost: '0.0.0.0', broadcast: true },
    });

    const tab = newTab('t', { draft: { ...udp, remoteHost: '127.0.0.1', remotePort: '7000' } });
    expect(sendTargetOf(tab)).toEqual({
      ok: true,
      target: { kind: 'address', host: '127.0.0.1', port: 7000 },
    });
    const replying = { ...tab, send: { ...tab.send, replyToLastSender: true } };
    expect(sendTargetOf(replying)).toEqual({ ok: true, target: { kind: 'last-sender' } });
  });

  it('sends a server message to all clients or to the chosen one', () => {
    const server = newTab('t', { draft: { ...DEFAULT_DRAFT, protocol: 'tcp-server' } });
    expect(sendTargetOf(server)).toEqual({ ok: true, target: { kind: 'all' } });
    expect(sendTargetOf({ ...server, sendTo: 'c2' })).toEqual({
      ok: true,
      target: { kind: 'connection', connectionId: 'c2' },
    });
  });
});
