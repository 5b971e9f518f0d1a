/**
 * Part 4: 100-byte datagrams, paced by a sender in a child process, into a UDP session of the
 * engine at rising rates, 3 s each. A datagram the session did not count is lost, wherever it was
 * dropped (the kernel's drops, from /proc/net/snmp, are reported beside). `udp_rx_pps` is the
 * highest rate at which every datagram sent was counted.
 */
import { readFileSync } from 'node:fs';
import type { BenchPart, PartContext } from './bench-part';
import { within } from './bench-part';
import { ScriptChild } from './children';
import { EngineUnderTest } from './engine-under-test';
import { rounded } from './figures';

export const UDP_RATES = [50_000, 100_000, 200_000, 400_000];
const STEP_SECONDS = 3;
export const DATAGRAM_BYTES = 100;
/** The count is final once it has not moved for this long. */
const SETTLED_AFTER_MS = 1000;
const SETTLE_TIMEOUT_MS = 20_000;

export interface UdpStep {
  targetPps: number;
  /** What the sender managed (it shares two cores with the engine). */
  sentPps: number;
  sent: number;
  received: number;
  lossPct: number;
  /** The system's UDP receive-buffer drops during the step (any socket). */
  kernelDrops: number | null;
  /** `counters` and `log` events the session emitted per datagram counted. */
  statusEventsPerDatagram: number;
}

/** RcvbufErrors of the system's UDP sockets, from /proc/net/snmp. */
function kernelReceiveDrops(): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('Udp:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const value = Number(values[names.indexOf('RcvbufErrors')]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/** Waits until the session has counted `expected` more datagrams, or its count stops moving. */
export async function settledCount(
  harness: EngineUnderTest,
  sessionId: string,
  before: number,
  expected: number,
): Promise<number> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  let last = -1;
  let lastChangeAt = performance.now();
  for (;;) {
    const count = (await harness.session(sessionId)).counters.rxMessages - before;
    if (count >= expected || performance.now() > deadline) return count;
    if (count !== last) {
      last = count;
      lastChangeAt = performance.now();
    } else if (performance.now() - lastChangeAt > SETTLED_AFTER_MS) {
      return count;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends datagrams to the session with the udp-sender child; returns its `done` message. */
export async function sendDatagrams(
  context: PartContext,
  port: number,
  args: string[],
  timeoutMs: number,
): Promise<{ sent: number; rate: number }> {
  const sender = new ScriptChild('./udp-sender.ts', ['--port', String(port), ...args]);
  context.own(() => sender.stop());
  try {
    const done = await sender.waitFor('done', timeoutMs);
    return { sent: Number(done.sent), rate: Number(done.rate) };
  } finally {
    await sender.stop();
  }
}

async function step(
  context: PartContext,
  harness: EngineUnderTest,
  session: { sessionId: string; port: number },
  targetPps: number,
): Promise<UdpStep> {
  const before = (await harness.session(session.sessionId)).counters.rxMessages;
  const dropsBefore = kernelReceiveDrops();
  const statusEvents = () => (harness.emitted.counters ?? 0) + (harness.emitted.log ?? 0);
  const statusBefore = statusEvents();
  const { sent, rate } = await sendDatagrams(
    context,
    session.port,
    [
      '--rate',
      String(targetPps),
      '--seconds',
      String(STEP_SECONDS),
      '--size',
      String(DATAGRAM_BYTES),
    ],
    (STEP_SECONDS + 30) * 1000,
  );
  const received = await settledCount(harness, session.sessionId, before, sent);
  const dropsAfter = kernelReceiveDrops();
  return {
    targetPps,
    sentPps: Math.round(rate),
    sent,
    received,
    lossPct: rounded((100 * (sent - received)) / sent, 3),
    kernelDrops: dropsBefore === null || dropsAfter === null ? null : dropsAfter - dropsBefore,
    statusEventsPerDatagram: rounded((statusEvents() - statusBefore) / Math.max(1, received), 3),
  };
}

export const udpRate: BenchPart = {
  name: 'udp-rate',
  timeoutMs: UDP_RATES.length * (STEP_SECONDS + 60) * 1000,
  async run(context) {
    const harness = new EngineUnderTest();
    context.own(() => harness.shutdown());
    const session = await harness.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const steps: UdpStep[] = [];
    context.details.udp_steps = steps;
    for (const rate of UDP_RATES) {
      const result = await within(
        step(context, harness, session, rate),
        (STEP_SECONDS + 55) * 1000,
        `UDP at ${rate}/s`,
      );
      steps.push(result);
      process.stderr.write(`bench: udp ${JSON.stringify(result)}\n`);
      if (result.sentPps < 0.99 * rate) {
        context.note(
          `udp-rate: the sender reached only ${result.sentPps.toLocaleString('en-US')} of ` +
            `${rate.toLocaleString('en-US')} datagrams/s (it shares the two cores with the engine)`,
        );
      }
    }
    const lossless = steps.filter((s) => s.received === s.sent);
    const best = lossless.at(-1);
    // A step ran at its rate if the sender kept within 1 % of it (timer jitter over 3 s);
    // otherwise it ran at what the sender achieved.
    const rateOf = (s: UdpStep) => (s.sentPps >= 0.99 * s.targetPps ? s.targetPps : s.sentPps);
    context.figures.udp_rx_pps = best ? rateOf(best) : 0;
    context.figures.udp_loss_pct = best ? best.lossPct : (steps[0]?.lossPct ?? null);
    context.details.udp_max_sent_pps = Math.max(...steps.map((s) => s.sentPps));
  },
};
