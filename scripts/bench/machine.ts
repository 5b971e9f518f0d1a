/** The machine the figures were measured on, as docs/performance.md records it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export const CHROMIUM = process.env.NETASSIST_CHROMIUM ?? '/usr/bin/chromium';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  chromium: string;
  /** net.core.rmem_max: the cap on a UDP socket's receive buffer. */
  rmemMax: number | null;
  /** 1, 5 and 15 minute load averages when the bench started: other work on the same cores. */
  loadAverage: number[];
  /** CPU busy with other work during the 3 s before the bench started, in % of all cores. */
  busyBeforePct: number | null;
  date: string;
}

/** Busy and idle jiffies of all CPUs so far, from /proc/stat. */
function cpuJiffies(): { busy: number; idle: number } | null {
  const line = quietly(() => readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '', '');
  const fields = line.split(/\s+/).slice(1).map(Number);
  if (fields.length < 5 || fields.some((n) => !Number.isFinite(n))) return null;
  const idle = fields[3]! + fields[4]!; // idle + iowait
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - idle, idle };
}

/**
 * How busy the machine's CPUs are with other work, in % over `ms` (sampled before the bench starts
 * anything): the figures are only as good as the quiet they were measured in.
 */
export async function busyPercent(ms: number): Promise<number | null> {
  const before = cpuJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuJiffies();
  if (!before || !after) return null;
  const busy = after.busy - before.busy;
  const total = busy + after.idle - before.idle;
  return total > 0 ? Math.round((100 * busy) / total) : null;
}

/** CPU time of this process and of its children that have exited (and been waited for), in ticks. */
function ownTicks(): number | null {
  const stat = quietly(() => readFileSync('/proc/self/stat', 'utf8'), '');
  // The fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]];
  if ([utime, stime, cutime, cstime].some((n) => n === undefined || !Number.isFinite(n)))
    return null;
  return utime! + stime! + cutime! + cstime!;
}

/**
 * How much of the machine other programs used while the bench ran: all CPU time minus the bench's
 * own (its children included once they have exited), in % of all cores.
 */
export class OtherWorkMeter {
  private readonly machineAtStart = cpuJiffies();
  private readonly ownAtStart = ownTicks();

  percent(): number | null {
    const machine = cpuJiffies();
    const own = ownTicks();
    if (!machine || !this.machineAtStart || own === null || this.ownAtStart === null) return null;
    const busy = machine.busy - this.machineAtStart.busy;
    const total = busy + machine.idle - this.machineAtStart.idle;
    const others = Math.max(0, busy - (own - this.ownAtStart));
    return total > 0 ? Math.round((100 * others) / total) : null;
  }
}

export function loadAverage(): number[] {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

function quietly<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export async function describeMachine(): Promise<Machine> {
  const busyBeforePct = await busyPercent(3000);
  const cpuinfo = quietly(() => readFileSync('/proc/cpuinfo', 'utf8'), '');
  return {
    nproc: quietly(
      () => Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      os.cpus().length,
    ),
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: quietly(
      () =>
        execFileSync(CHROMIUM, ['--version'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      'not found',
    ),
    rmemMax: quietly(() => Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8')), null),
    loadAverage: loadAverage(),
    busyBeforePct,
    date: new Date().toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.kernel}, ` +
    `Node ${machine.node}, ${machine.chromium}, ${machine.date}, ` +
    `load average at start ${machine.loadAverage.join(' ')}, ` +
    `CPU busy with other work before start ${machine.busyBeforePct ?? '?'} %`
  );
}
