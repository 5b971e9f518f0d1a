import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFilter } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { EngineHarness } from '../support/engine-harness';
import { udpPeer, type UdpPeer } from '../support/node-peers';

const GBK_NIHAO = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

describe('find in log', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(() => h.dispose());

  /**
   * A UDP session and two peers: seq 1 rx A "hello world", 2 rx B GBK 你好, 3 rx A 01 0D 0A 02,
   * 4 tx → A "reply hello", 5 rx B "hello again".
   */
  async function traffic() {
    const { sessionId, local } = await h.openUdp();
    const a = await udpPeer();
    const b = await udpPeer();
    let total = 0;
    const receive = async (from: UdpPeer, bytes: Buffer) => {
      from.socket.send(bytes, local.port, '127.0.0.1');
      total += bytes.length;
      await h.waitForBytes(sessionId, total);
    };
    await receive(a, Buffer.from('hello world'));
    await receive(b, GBK_NIHAO);
    await receive(a, Buffer.from([0x01, 0x0d, 0x0a, 0x02]));
    await h.ok('send', {
      sessionId,
      data: 'reply hello',
      options: DEFAULT_SEND_OPTIONS,
      target: { kind: 'address', host: '127.0.0.1', port: a.port },
    });
    await h.waitForBytes(sessionId, 11, 'tx');
    await receive(b, Buffer.from('hello again'));
    expect(h.data(sessionId).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    return { sessionId, a: a.port, b: b.port };
  }

  async function find(
    sessionId: string,
    filter: Omit<LogFilter, 'encoding'> & { encoding?: LogFilter['encoding'] },
    more: { fromSeq?: number; backward?: boolean; maxMatches?: number } = {},
  ) {
    return h.ok('findInLog', {
      sessionId,
      filter: { encoding: 'utf-8', ...filter },
      fromSeq: more.fromSeq ?? 1,
      maxMatches: more.maxMatches ?? 100,
      ...(more.backward !== undefined ? { backward: more.backward } : {}),
    });
  }

  it('matches each filter field, and all given fields together', async () => {
    const { sessionId, a, b } = await traffic();
    const seqs = async (filter: Parameters<typeof find>[1]) => (await find(sessionId, filter)).seqs;

    expect(await find(sessionId, {})).toEqual({
      ok: true,
      seqs: [1, 2, 3, 4, 5],
      nextSeq: 6,
      done: true,
    });
    expect(await seqs({ direction: 'tx' })).toEqual([4]);
    expect(await seqs({ direction: 'rx' })).toEqual([1, 2, 3, 5]);
    expect(await seqs({ peer: `:${b}` })).toEqual([2, 5]);
    expect(await seqs({ peer: `127.0.0.1:${a}` })).toEqual([1, 3, 4]);
    expect(await seqs({ text: 'hello' })).toEqual([1, 4, 5]);
    expect(await seqs({ text: '你好', encoding: 'gbk' })).toEqual([2]);
    // The same bytes are not 你好 in UTF-8.
    expect(await seqs({ text: '你好' })).toEqual([]);
    expect(await seqs({ hex: '0D 0A' })).toEqual([3]);
    expect(await seqs({ hex: '0x6865' })).toEqual([1, 4, 5]);
    expect(await seqs({ text: 'hello', direction: 'rx', peer: `:${a}` })).toEqual([1]);
    expect(await seqs({ text: 'hello', hex: 'C4' })).toEqual([]);
    // An empty hex box is no filter.
    expect(await seqs({ hex: '  ' })).toEqual([1, 2, 3, 4, 5]);
  });

  it('finds an IPv6 peer by its bracketed address', async () => {
    const { sessionId, local } = await h.openUdp('::1');
    const peer = await udpPeer('::1');
    peer.socket.send('hi', local.port, '::1');
    await h.waitForBytes(sessionId, 2);
    expect((await find(sessionId, { peer: `[::1]:${peer.port}` })).seqs).toEqual([1]);
    expect((await find(sessionId, { peer: '127.0.0.1' })).seqs).toEqual([]);
  });

  it('goes forward or backward from fromSeq, in search order, at most maxMatches', async () => {
    const { sessionId } = await traffic();
    expect(await find(sessionId, { text: 'hello' }, { fromSeq: 2 })).toEqual({
      ok: true,
      seqs: [4, 5],
      nextSeq: 6,
      done: true,
    });
    expect(await find(sessionId, { text: 'hello' }, { fromSeq: 4, backward: true })).toEqual({
      ok: true,
      seqs: [4, 1],
      nextSeq: 0,
      done: true,
    });
    // From beyond the end backward starts at the newest entry.
    expect(
      (await find(sessionId, { text: 'hello' }, { fromSeq: 1000, backward: true })).seqs,
    ).toEqual([5, 4, 1]);
    // maxMatches: the next step starts right after the last match.
    const first = await find(sessionId, { text: 'hello' }, { maxMatches: 2 });
    expect(first).toEqual({ ok: true, seqs: [1, 4], nextSeq: 5, done: false });
    const rest = await find(
      sessionId,
      { text: 'hello' },
      { fromSeq: first.nextSeq, maxMatches: 2 },
    );
    expect(rest).toEqual({ ok: true, seqs: [5], nextSeq: 6, done: true });
    const back = await find(sessionId, {}, { fromSeq: 5, backward: true, maxMatches: 1 });
    expect(back).toEqual({ ok: true, seqs: [5], nextSeq: 4, done: false });
  });

  it('refuses bad hex (INVALID_HEX) and maxMatches outside 1..10,000 (INVALID_REQUEST)', async () => {
    const { sessionId } = await traffic();
    const call = (filter: Partial<LogFilter>, maxMatches = 10, fromSeq = 1) =>
      h.call('findInLog', {
        sessionId,
        filter: { encoding: 'utf-8', ...filter },
        fromSeq,
        maxMatches,
      });
    expect(await call({ hex: '0D 0' })).toMatchObject({
      ok: false,
      code: 'INVALID_HEX',
      params: { detail: 'odd' },
    });
    expect(await call({ hex: 'zz' })).toMatchObject({ ok: false, code: 'INVALID_HEX' });
    for (const bad of [0, 10_001, 1.5, Number.NaN]) {
      expect(await call({}, bad)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    expect(await call({}, 1.5 + 0.5)).toMatchObject({ ok: true });
    expect((await call({}, 10_000)).ok).toBe(true);
    expect(await call({}, 10, 0.5)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(
      await h.call('findInLog', {
        sessionId: 'nope',
        filter: { encoding: 'utf-8' },
        fromSeq: 1,
        maxMatches: 1,
      }),
    ).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });
  });

  it('searches over 100,000 entries in bounded steps, each quick', async () => {
    const sink = await udpPeer();
    const { sessionId } = await h.openUdpTo(sink.port);
    const count = 120_000;
    // Every entry is one datagram the session sends: exact, nothing the kernel may drop.
    for (let i = 1; i <= count; i++) {
      const data = i % 10_000 === 0 ? `needle ${i}` : 'x';
      const sent = await h.engine.send({ sessionId, data, options: DEFAULT_SEND_OPTIONS });
      if (!sent.ok) throw new Error(sent.code);
    }
    const needles = Array.from({ length: 12 }, (_, i) => (i + 1) * 10_000);

    const forward: number[] = [];
    const steps: { nextSeq: number; done: boolean; ms: number }[] = [];
    let fromSeq = 1;
    for (;;) {
      const started = performance.now();
      const step = await find(sessionId, { text: 'needle' }, { fromSeq, maxMatches: 10_000 });
      steps.push({ nextSeq: step.nextSeq, done: step.done, ms: performance.now() - started });
      forward.push(...step.seqs);
      fromSeq = step.nextSeq;
      if (step.done) break;
    }
    expect(forward).toEqual(needles);
    expect(steps.map(({ nextSeq, done }) => ({ nextSeq, done }))).toEqual([
      { nextSeq: 100_001, done: false },
      { nextSeq: count + 1, done: true },
    ]);
    // 100,000 decoded entries: well under the time a user notices, and no socket waits long.
    for (const { ms } of steps) expect(ms).toBeLessThan(1000);
    console.log(
      `findInLog steps over ${count} entries (ms):`,
      steps.map((s) => s.ms.toFixed(1)),
    );

    const backward = await find(
      sessionId,
      { hex: '6E 65 65 64 6C 65' },
      { fromSeq: count, backward: true, maxMatches: 10_000 },
    );
    expect(backward.seqs).toEqual([...needles].reverse().slice(0, 10));
    expect(backward).toMatchObject({ nextSeq: count - 100_000, done: false });
  }, 120_000);

  it('stops a step after 16 MiB of payload, or 4 MiB decoded for a text', async () => {
    const sink = await udpPeer();
    const { sessionId } = await h.openUdpTo(sink.port);
    const data = 'y'.repeat(60_000);
    for (let i = 0; i < 300; i++) {
      const sent = await h.engine.send({ sessionId, data, options: DEFAULT_SEND_OPTIONS });
      if (!sent.ok) throw new Error(sent.code);
    }
    const step = await find(sessionId, { hex: '7A' });
    // 16 MiB / 60,000 bytes: the step ends with the entry that reaches 16 MiB.
    expect(step).toEqual({ ok: true, seqs: [], nextSeq: 281, done: false });
    const rest = await find(sessionId, { hex: '7A' }, { fromSeq: step.nextSeq });
    expect(rest).toEqual({ ok: true, seqs: [], nextSeq: 301, done: true });
    const text = await find(sessionId, { text: 'z' });
    expect(text).toEqual({ ok: true, seqs: [], nextSeq: 71, done: false });
  }, 60_000);
});
