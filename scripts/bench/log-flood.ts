/**
 * Part 5: at least 1,100,000 small datagrams (each stamped with its index) into a fresh UDP
 * session at the default log limits — sent in rounds until the session has counted that many,
 * since a busy machine drops some — then: how many entries the log still holds (its window), and
 * whether `readLog` returns its first and last entries with the bytes that were sent.
 */
import type { BenchPart } from './bench-part';
import { within } from './bench-part';
import { EngineUnderTest } from './engine-under-test';
import { DATAGRAM_BYTES, sendDatagrams, settledCount } from './udp-rate';

const DATAGRAMS = 1_100_000;
const MAX_ROUNDS = 6;
const SLOWEST_PPS = 50_000;
const FASTEST_PPS = 200_000;

/** The index the sender stamped into a datagram's first 4 bytes. */
function stampOf(bytes: Uint8Array | undefined): number | null {
  if (!bytes || bytes.length < 4) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

export const logFlood: BenchPart = {
  name: 'log-flood',
  timeoutMs: 300_000,
  async run(context) {
    // As fast as the UDP part found lossless, so the flood takes seconds, not minutes.
    const measured = context.figures.udp_rx_pps ?? 0;
    const rate = Math.min(Math.max(measured, SLOWEST_PPS), FASTEST_PPS);
    const harness = new EngineUnderTest();
    context.own(() => harness.shutdown());
    const { sessionId, port } = await harness.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    let sent = 0;
    let received = 0;
    for (let round = 0; round < MAX_ROUNDS && received < DATAGRAMS; round++) {
      const count = DATAGRAMS - received;
      const args = [
        '--rate',
        String(rate),
        '--count',
        String(count),
        '--size',
        String(DATAGRAM_BYTES),
      ];
      const done = await sendDatagrams(
        context,
        port,
        [...args, '--stamp', '--first-index', String(sent)],
        120_000,
      );
      sent += done.sent;
      received = await settledCount(harness, sessionId, 0, sent);
    }
    const { log } = await harness.session(sessionId);
    const read = async (seq: number) => {
      const answer = await within(
        harness.engine.readLog({ sessionId, fromSeq: seq, count: 1 }),
        10_000,
        'readLog',
      );
      return answer.ok ? answer.entries[0] : undefined;
    };
    const first = await read(log.firstSeq);
    const last = await read(log.lastSeq);
    const ends =
      first?.seq === log.firstSeq &&
      last?.seq === log.lastSeq &&
      first.bytes.length === DATAGRAM_BYTES &&
      last.bytes.length === DATAGRAM_BYTES;
    const firstStamp = stampOf(first?.bytes);
    const lastStamp = stampOf(last?.bytes);
    context.details.log_flood = {
      ratePps: rate,
      sent,
      received,
      window: log,
      firstEntryStamp: firstStamp,
      lastEntryStamp: lastStamp,
      benchRssMiB: Math.round(process.memoryUsage().rss / 1024 ** 2),
    };
    if (received < 1_000_000) {
      context.note(`log-flood: only ${received} of ${sent} datagrams arrived (< 1,000,000)`);
    }
    // Without loss, entry seq n holds datagram n − 1: the log kept the right bytes in order.
    if (received === sent && (firstStamp !== log.firstSeq - 1 || lastStamp !== sent - 1)) {
      context.note(
        `log-flood: entries ${log.firstSeq} and ${log.lastSeq} hold datagrams ${firstStamp} and ` +
          `${lastStamp}, not ${log.firstSeq - 1} and ${sent - 1}`,
      );
    }
    if (!ends)
      context.note('log-flood: readLog did not return the window’s first and last entries');
    context.figures.log_entries_kept = ends ? log.lastSeq - log.firstSeq + 1 : null;
  },
};
