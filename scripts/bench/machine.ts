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
  date: string;
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

export function describeMachine(): Machine {
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
    date: new Date().toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.kernel}, ` +
    `Node ${machine.node}, ${machine.chromium}, ${machine.date}, ` +
    `load average at start ${machine.loadAverage.join(' ')}`
  );
}
