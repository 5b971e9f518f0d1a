/**
 * The same sender into a TCP server session of the real Engine (counters, the in-memory log and
 * event batching on; the batch flush only counts). Timed from the connection to the batch that
 * delivers the last byte, so the batcher's interval is inside the measurement. Then checks that
 * the session's counters and log account for every byte and chunk.
 */
import type { PartContext } from './bench-part';
import { within } from './bench-part';
import { ScriptChild } from './children';
import { EngineUnderTest } from './engine-under-test';
import type { TransferRun } from './tcp-transfer';
import { cpuShare, TCP_RUN_TIMEOUT_MS } from './tcp-transfer';

export interface EngineRun extends TransferRun {
  /** To the engine's `data` event with the last byte (before batching). */
  emittedMs: number;
  /** What does not add up; empty when the counters and the log are exact. */
  problems: string[];
}

export async function engineRun(context: PartContext, bytes: number): Promise<EngineRun> {
  const cpuAtStart = process.cpuUsage();
  const harness = new EngineUnderTest();
  context.own(() => harness.shutdown());
  const { sessionId, port } = await harness.openSession({
    protocol: 'tcp-server',
    localHost: '127.0.0.1',
    localPort: 0,
  });
  harness.watchEmitted(bytes);
  const sender = new ScriptChild('./tcp-sender.ts', [
    '--port',
    String(port),
    '--bytes',
    String(bytes),
  ]);
  context.own(() => sender.stop());
  try {
    const deliveredAt = await within(
      harness.deliveredBytes(bytes, TCP_RUN_TIMEOUT_MS),
      TCP_RUN_TIMEOUT_MS,
      'engine',
    );
    const receiverCpu = process.cpuUsage(cpuAtStart);
    const startedAt = harness.firstConnectionAt(sessionId) ?? NaN;
    const ms = deliveredAt - startedAt;
    const { counters, log } = await harness.session(sessionId);
    const chunks = harness.delivered.dataEvents;
    const problems: string[] = [];
    if (counters.rxBytes !== bytes) problems.push(`rxBytes ${counters.rxBytes} ≠ ${bytes} sent`);
    if (harness.delivered.rxBytes !== bytes) {
      problems.push(`data events carried ${harness.delivered.rxBytes} bytes ≠ ${bytes} sent`);
    }
    if (counters.rxMessages !== chunks) {
      problems.push(`rxMessages ${counters.rxMessages} ≠ ${chunks} data events`);
    }
    if (log.lastSeq !== chunks) problems.push(`log lastSeq ${log.lastSeq} ≠ ${chunks} chunks`);
    return {
      ms,
      emittedMs: (harness.emittedAt ?? NaN) - startedAt,
      problems,
      cpu: await cpuShare(sender, receiverCpu, ms),
    };
  } finally {
    await sender.stop();
    await harness.shutdown();
  }
}
