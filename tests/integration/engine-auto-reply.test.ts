/**
 * Auto-reply rules and Echo through the engine's commands, answering real peers on loopback (a
 * lesson-style Python client where a learner's program is the natural peer); with a framing set
 * (setFraming), rules match and Echo sends back the session's messages.
 */
import { describe, expect, it } from 'vitest';
import type { AutoReplyRule, AutoReplySettings, Framing } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';
import { startPeer } from '../support/python-peer';
import { afterTest, engineForTest } from '../support/test-resources';

function rule(fields: Partial<AutoReplyRule>): AutoReplyRule {
  return {
    id: 'r1',
    name: 'Rule',
    enabled: true,
    match: 'exact',
    pattern: 'PING',
    patternFormat: 'text',
    encoding: 'utf-8',
    reply: 'PONG',
    replyOptions: DEFAULT_SEND_OPTIONS,
    ...fields,
  };
}

const settings = (fields: Partial<AutoReplySettings>): AutoReplySettings => ({
  rules: [],
  echo: false,
  ...fields,
});

async function tcpServer(h: EngineHarness, auto: AutoReplySettings, framing?: Framing) {
  const { sessionId } = await h.ok('createSession', {});
  const opened = await h.ok('open', {
    sessionId,
    config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
  });
  await h.ok('setAutoReply', { sessionId, ...auto });
  if (framing) await h.ok('setFraming', { sessionId, framing });
  return { sessionId, port: opened.local.port };
}

/**
 * Waits until the session counted `bytes` received: with a framing, an unfinished message is in
 * no data event yet, but the counters count every byte as it arrives.
 */
const counted = (h: EngineHarness, sessionId: string, bytes: number) =>
  h.waitFor(
    (e) => e.type === 'counters' && e.sessionId === sessionId && e.counters.rxBytes >= bytes,
    5000,
    `${bytes} bytes counted`,
  );

async function client(port: number) {
  const peer = await connectClient(port);
  afterTest(() => peer.socket.destroy());
  return peer;
}

/** Sends `text` and waits for `reply` to arrive after what the peer had received before. */
async function exchange(peer: Awaited<ReturnType<typeof client>>, text: string, reply: string) {
  const before = peer.received().length;
  peer.socket.write(text);
  const all = await peer.waitFor(before + Buffer.byteLength(reply));
  return all.subarray(before).toString();
}

const autoSent = (h: EngineHarness, sessionId: string) =>
  h.data(sessionId, 'tx').filter((e) => e.auto !== undefined);

describe('auto-reply', () => {
  it('answers by exact, contains, starts-with and regex with $1 and $<name>, marked auto', async () => {
    const h = engineForTest();
    const rules = [
      rule({ id: 'a', name: 'Exact', match: 'exact', pattern: 'PING', reply: 'PONG' }),
      rule({ id: 'b', name: 'Starts', match: 'starts-with', pattern: 'AT+', reply: 'OK' }),
      rule({
        id: 'c',
        name: 'Regex',
        match: 'regex',
        pattern: '^SET (\\w+)=(?<value>\\d+)$',
        reply: '$1 is $<value>',
      }),
      rule({ id: 'd', name: 'Contains', match: 'contains', pattern: '你好', reply: '您好' }),
    ];
    const { sessionId, port } = await tcpServer(h, settings({ rules }));
    const peer = await client(port);

    expect(await exchange(peer, 'PING', 'PONG')).toBe('PONG');
    expect(await exchange(peer, 'AT+GMR', 'OK')).toBe('OK');
    expect(await exchange(peer, 'SET speed=42', 'speed is 42')).toBe('speed is 42');
    expect(await exchange(peer, '老师你好！', '您好')).toBe('您好');

    const sent = autoSent(h, sessionId);
    expect(sent.map((e) => e.auto)).toEqual([
      { kind: 'rule', ruleId: 'a', name: 'Exact' },
      { kind: 'rule', ruleId: 'b', name: 'Starts' },
      { kind: 'rule', ruleId: 'c', name: 'Regex' },
      { kind: 'rule', ruleId: 'd', name: 'Contains' },
    ]);
    const { entries } = await h.ok('readLog', { sessionId, fromSeq: 1, count: 100 });
    const logged = entries.filter((e) => e.direction === 'tx');
    expect(logged.map((e) => [Buffer.from(e.bytes).toString(), e.auto])).toEqual(
      sent.map((e) => [Buffer.from(e.bytes).toString(), e.auto]),
    );
    expect(entries.filter((e) => e.direction === 'rx').every((e) => e.auto === undefined)).toBe(
      true,
    );
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.autoReply).toEqual(settings({ rules }));
  });

  it('answers a lesson-style Python client through a regex rule with groups', async () => {
    const h = engineForTest();
    const regex = rule({
      match: 'regex',
      pattern: '^温度\\?(?<room>\\w+)$',
      reply: '$<room>: 23.5℃\\n',
      replyOptions: { ...DEFAULT_SEND_OPTIONS, encoding: 'gbk', escapes: true },
      encoding: 'gbk',
    });
    const { port } = await tcpServer(h, settings({ rules: [regex] }));
    const peer = startPeer('interactive_client.py', '127.0.0.1', port, 'gbk');
    await peer.waitForLine(/^CONNECTED /);

    peer.type('温度?kitchen');

    const reply = await peer.nextReceived();
    expect(reply.text).toBe('kitchen: 23.5℃\n');
    peer.type('exit');
  });

  it('matches hex bytes, skips a disabled rule, and the first enabled match answers', async () => {
    const h = engineForTest();
    const hexOptions = { ...DEFAULT_SEND_OPTIONS, format: 'hex' as const };
    const rules = [
      rule({
        id: 'off',
        name: 'Off',
        enabled: false,
        match: 'contains',
        pattern: 'AA',
        reply: 'no',
      }),
      rule({
        id: 'hex',
        name: 'Hex',
        match: 'starts-with',
        pattern: 'AA 55',
        patternFormat: 'hex',
        reply: '55 AA 00',
        replyOptions: hexOptions,
      }),
      rule({ id: 'later', name: 'Later', match: 'contains', pattern: 'U', reply: 'no' }),
    ];
    const { sessionId, port } = await tcpServer(h, settings({ rules }));
    const peer = await client(port);
    const before = peer.received().length;

    peer.socket.write(Buffer.from([0xaa, 0x55, 0x01]));

    expect((await peer.waitFor(before + 3)).subarray(before)).toEqual(
      Buffer.from([0x55, 0xaa, 0x00]),
    );
    expect(autoSent(h, sessionId).map((e) => e.auto)).toEqual([
      { kind: 'rule', ruleId: 'hex', name: 'Hex' },
    ]);
  });

  it('Echo on a TCP server sends each chunk back to the client it came from only', async () => {
    const h = engineForTest();
    const { sessionId, port } = await tcpServer(h, settings({ echo: true }));
    const first = await client(port);
    const second = await client(port);
    await h.waitFor(
      () => h.events.filter((e) => e.type === 'connection-opened').length === 2,
      5000,
      'two clients',
    );

    first.socket.write('from the first');
    expect((await first.waitFor(14)).toString()).toBe('from the first');
    second.socket.write('二号');
    expect((await second.waitFor(6)).toString()).toBe('二号');

    expect(first.received().toString()).toBe('from the first');
    const echoed = autoSent(h, sessionId);
    expect(echoed.map((e) => e.auto)).toEqual([{ kind: 'echo' }, { kind: 'echo' }]);
    const rx = h.data(sessionId, 'rx');
    expect(echoed.map((e) => e.connectionId)).toEqual(rx.map((e) => e.connectionId));
  });

  it('Echo on UDP answers the sender of each datagram (a lesson-style Python client)', async () => {
    const h = engineForTest();
    const { sessionId } = await h.ok('createSession', {});
    const opened = await h.ok('open', {
      sessionId,
      config: { protocol: 'udp', localHost: '127.0.0.1', localPort: 0 },
    });
    await h.ok('setAutoReply', { sessionId, ...settings({ echo: true }) });
    const peer = startPeer('udp_client.py', '127.0.0.1', opened.local.port, 'utf-8', '回声测试');
    const [, , peerPort] = await peer.waitForLine(/^BOUND (\S+) (\d+)$/);

    const reply = await peer.nextReceived();

    expect(reply.text).toBe('回声测试');
    const [echo] = autoSent(h, sessionId);
    expect(echo).toMatchObject({ auto: { kind: 'echo' }, peer: { port: Number(peerPort) } });
  });

  it('a delimiter split across chunks ("PI" then "NG\\n") is one message that matches once', async () => {
    const h = engineForTest();
    const rules = [rule({ match: 'exact', pattern: 'PING\n', reply: 'PONG\n' })];
    const { sessionId, port } = await tcpServer(h, settings({ rules }), {
      mode: 'delimiter',
      delimiter: '0A',
    });
    const peer = await client(port);

    peer.socket.write('PI');
    await counted(h, sessionId, 2);
    peer.socket.write('NG\n');

    expect((await peer.waitFor(5)).toString()).toBe('PONG\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.data(sessionId, 'rx').map((e) => Buffer.from(e.bytes).toString())).toEqual(['PING\n']);
    expect(autoSent(h, sessionId)).toHaveLength(1);
  });

  it('length-prefixed framing: each whole message answers, however the bytes arrive', async () => {
    const h = engineForTest();
    const rules = [rule({ match: 'contains', pattern: 'go', reply: 'ok' })];
    const framing = {
      mode: 'length-prefixed' as const,
      prefixBytes: 2 as const,
      byteOrder: 'big' as const,
    };
    const { sessionId, port } = await tcpServer(h, settings({ rules }), framing);
    const peer = await client(port);
    const message = (text: string) =>
      Buffer.concat([Buffer.from([0, text.length]), Buffer.from(text)]);
    const stream = Buffer.concat([message('go 1'), message('stop'), message('go 2')]);

    peer.socket.write(stream.subarray(0, 3));
    await counted(h, sessionId, 3);
    peer.socket.write(stream.subarray(3, 11));
    await counted(h, sessionId, 11);
    peer.socket.write(stream.subarray(11));

    expect((await peer.waitFor(4)).toString()).toBe('okok');
    expect(autoSent(h, sessionId)).toHaveLength(2);
  });

  it('Echo with framing sends back whole messages (fixed length)', async () => {
    const h = engineForTest();
    const { sessionId, port } = await tcpServer(h, settings({ echo: true }), {
      mode: 'fixed',
      length: 4,
    });
    const peer = await client(port);

    peer.socket.write('abcdef');
    await counted(h, sessionId, 6);
    peer.socket.write('gh');

    expect((await peer.waitFor(8)).toString()).toBe('abcdefgh');
    expect(autoSent(h, sessionId).map((e) => Buffer.from(e.bytes).toString())).toEqual([
      'abcd',
      'efgh',
    ]);
  });

  it('refuses a broken regex and bad hex, and keeps the settings it had', async () => {
    const h = engineForTest();
    const good = settings({ echo: true });
    const { sessionId } = await tcpServer(h, good);
    const refused = async (auto: AutoReplySettings) => {
      const result = await h.call('setAutoReply', { sessionId, ...auto });
      return result.ok ? 'ok' : result.code;
    };

    expect(
      await refused(settings({ rules: [rule({ match: 'regex', pattern: '(unclosed' })] })),
    ).toBe('INVALID_PATTERN');
    expect(
      await refused(settings({ rules: [rule({ patternFormat: 'hex', pattern: 'AZ' })] })),
    ).toBe('INVALID_HEX');

    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.autoReply).toEqual(good);
  });

  it('a reply that cannot be built is an error naming the rule; the session goes on', async () => {
    const h = engineForTest();
    const hexOptions = { ...DEFAULT_SEND_OPTIONS, format: 'hex' as const };
    const rules = [
      rule({
        id: 'bad',
        name: 'Broken',
        match: 'regex',
        pattern: '^(.*)$',
        reply: '$1',
        replyOptions: hexOptions,
      }),
    ];
    const { sessionId, port } = await tcpServer(h, settings({ rules }));
    const peer = await client(port);

    peer.socket.write('not hex');

    const error = await h.waitFor((e) => e.type === 'error' && e.sessionId === sessionId);
    expect(error).toMatchObject({ code: 'INVALID_HEX', params: { rule: 'Broken' } });
    expect(error.type === 'error' && error.message).toMatch(/Broken/);
    await h.ok('setAutoReply', { sessionId, ...settings({ echo: true }) });
    peer.socket.write('still');
    expect((await peer.waitFor(5)).toString()).toBe('still');
  });

  it('two Echo sessions facing each other take turns with everything else', async () => {
    const h = engineForTest();
    const { sessionId: a } = await h.ok('createSession', {});
    const { sessionId: b } = await h.ok('createSession', {});
    const openedA = await h.ok('open', {
      sessionId: a,
      config: { protocol: 'udp', localHost: '127.0.0.1', localPort: 0 },
    });
    await h.ok('open', {
      sessionId: b,
      config: {
        protocol: 'udp',
        localHost: '127.0.0.1',
        localPort: 0,
        remoteHost: '127.0.0.1',
        remotePort: openedA.local.port,
      },
    });
    await h.ok('setAutoReply', { sessionId: a, ...settings({ echo: true }) });
    await h.ok('setAutoReply', { sessionId: b, ...settings({ echo: true }) });
    await h.ok('send', { sessionId: b, data: 'ping-pong', options: DEFAULT_SEND_OPTIONS });

    // The loop runs (the user's own setup), yet a timer still fires and commands still answer.
    await h.waitFor(() => autoSent(h, a).length > 20, 5000, 'a few rounds');
    const timer = await new Promise<string>((resolve) => setTimeout(() => resolve('fired'), 5));
    expect(timer).toBe('fired');
    await h.ok('setAutoReply', { sessionId: a, ...settings({}) });
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions.find((s) => s.sessionId === a)?.autoReply.echo).toBe(false);
  });
});
