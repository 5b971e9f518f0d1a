/**
 * `npm run bench`: NetAssist under load on loopback, against the machine's own limit in the same
 * run (issue 5). Parts run one after another (two cores: anything in parallel would measure the
 * contention). Prints a table with every figure and its target, then, as the last line of stdout,
 * one JSON object. Whatever fails, that line is printed and every child process is ended.
 *
 *   tsx scripts/bench/main.ts [--only tcp,tcp-file,udp-rate,log-flood,ui-flood] [--profile DIR]
 *
 * --profile DIR: the UI part also writes CPU profiles of the page (renderer.cpuprofile) and of
 * the host process (CPU.*.cpuprofile) during the flood; see profile-summary.ts.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { BenchOptions, BenchPart, PartContext } from './bench-part';
import { within } from './bench-part';
import { killChildren } from './children';
import { emptyFigures, figuresTable } from './figures';
import type { Machine } from './machine';
import { describeMachine, loadAverage, machineLine, OtherWorkMeter } from './machine';
import { logFlood } from './log-flood';
import { quiesce } from './quiesce';
import { tcpFile } from './tcp-file';
import { tcpThroughput } from './tcp-throughput';
import { udpRate } from './udp-rate';
import { uiFlood } from './ui-flood';

const PARTS: BenchPart[] = [tcpThroughput, tcpFile, udpRate, logFlood, uiFlood];
/** How long closing a part's resources may take before the bench moves on. */
const CLOSE_TIMEOUT_MS = 10_000;

const figures = emptyFigures();
const details: Record<string, unknown> = {};
const notes: string[] = [];
let machine: Machine | undefined;
let otherWork: OtherWorkMeter | undefined;
let reported = false;

function note(text: string) {
  notes.push(text);
  process.stderr.write(`bench: ${text}\n`);
}

/** The table, then the JSON line: exactly once, whatever happened. */
function report() {
  if (reported) return;
  reported = true;
  killChildren();
  details.load_average_at_end = loadAverage();
  details.other_work_during_bench_pct = otherWork?.percent() ?? null;
  process.stdout.write(`\nNetAssist bench — ${machine ? machineLine(machine) : '?'}\n`);
  process.stdout.write('MB/s = 10^6 bytes per second; MiB = 2^20 bytes.\n\n');
  process.stdout.write(`${figuresTable(figures)}\n\n`);
  process.stdout.write(
    `Other programs used ${details.other_work_during_bench_pct ?? '?'} % of the CPUs during the bench.\n`,
  );
  for (const text of notes) process.stdout.write(`note: ${text}\n`);
  process.stdout.write(`${JSON.stringify({ ...figures, details, notes, machine })}\n`);
}

async function runPart(part: BenchPart, options: BenchOptions) {
  const owned: (() => unknown)[] = [];
  const context: PartContext = {
    options,
    figures,
    details,
    note,
    own: (close) => owned.push(close),
  };
  await quiesce();
  const started = performance.now();
  process.stderr.write(`bench: ${part.name}…\n`);
  try {
    await within(part.run(context), part.timeoutMs, part.name);
  } catch (error) {
    note(`${part.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    const closing = owned.reverse().map(async (close) => {
      try {
        await close();
      } catch {
        // Closing twice, or closing what already failed: nothing left to do.
      }
    });
    await within(Promise.all(closing), CLOSE_TIMEOUT_MS, `closing ${part.name}`).catch(() => {});
    process.stderr.write(
      `bench: ${part.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
}

async function main() {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, profile: { type: 'string' } },
  });
  const options: BenchOptions = values.profile ? { profileDir: resolve(values.profile) } : {};
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !PARTS.some((part) => part.name === name)) ?? [];
  if (unknown.length > 0) note(`unknown part(s) ${unknown.join(', ')}`);
  machine = await describeMachine();
  otherWork = new OtherWorkMeter();
  for (const part of PARTS) {
    if (only && !only.includes(part.name)) continue;
    await runPart(part, options);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note(`stopped by ${signal}`);
    report();
    process.exit(130);
  });
}
process.on('uncaughtException', (error) => note(`uncaught: ${error.message}`));
process.on('exit', killChildren);

main()
  .catch((error: unknown) => note(`bench failed: ${String(error)}`))
  .finally(() => {
    report();
    // Sockets or timers a timed-out part left behind must not keep the bench alive.
    process.exit(0);
  });
