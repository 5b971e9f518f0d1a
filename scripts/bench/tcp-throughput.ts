/**
 * Parts 1 and 2: TCP into a plain discard server (the machine's limit) and into the engine,
 * alternately, so both see the same machine: other work on two shared cores moves both figures
 * together instead of making their ratio depend on when each ran.
 */
import type { BenchPart } from './bench-part';
import { median, megabytesPerSecond } from './bench-part';
import { rounded } from './figures';
import type { EngineRun } from './tcp-engine';
import { engineRun } from './tcp-engine';
import { quiesce } from './quiesce';
import { discardRun } from './tcp-raw';
import type { TransferRun } from './tcp-transfer';
import { TCP_BYTES, TCP_RUN_TIMEOUT_MS } from './tcp-transfer';

const PAIRS = 5;

const rate = (ms: number) => rounded(megabytesPerSecond(TCP_BYTES, ms));

export const tcpThroughput: BenchPart = {
  name: 'tcp',
  timeoutMs: PAIRS * 2 * TCP_RUN_TIMEOUT_MS,
  async run(context) {
    const { figures, details } = context;
    const raw: TransferRun[] = [];
    const engine: EngineRun[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      await quiesce();
      raw.push(await discardRun(context, TCP_BYTES));
      await quiesce();
      engine.push(await engineRun(context, TCP_BYTES));
      const rawRates = raw.map((run) => run.ms).map(rate);
      const engineRates = engine.map((run) => run.ms).map(rate);
      figures.tcp_raw_mbps = median(rawRates);
      figures.tcp_engine_mbps = median(engineRates);
      figures.tcp_engine_ratio = rounded(figures.tcp_engine_mbps / figures.tcp_raw_mbps, 3);
      figures.tcp_engine_counters_exact = engine.every((run) => run.problems.length === 0);
      details.tcp_raw_runs_mbps = rawRates;
      details.tcp_engine_runs_mbps = engineRates;
      details.tcp_engine_emitted_runs_mbps = engine.map((run) => run.emittedMs).map(rate);
      details.tcp_raw_cpu_pct = raw.map((run) => run.cpu);
      details.tcp_engine_cpu_pct = engine.map((run) => run.cpu);
    }
    for (const problem of engine.flatMap((run) => run.problems)) context.note(`tcp: ${problem}`);
  },
};
