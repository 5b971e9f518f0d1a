/** What one timed TCP transfer of the send pattern reports, whatever receives it. */
import type { ScriptChild } from './children';

/** 1 GiB per transfer: long enough that start-up and the last batch are noise. */
export const TCP_BYTES = 1024 ** 3;
export const TCP_RUN_TIMEOUT_MS = 60_000;

/** How busy each side was during a transfer: CPU time (all threads) / wall time, in %. */
export interface CpuShare {
  receiverPct: number;
  senderPct: number;
}

export interface TransferRun {
  ms: number;
  cpu: CpuShare;
}

/** Waits for the sender's `done` and works out the share of the transfer each side was busy. */
export async function cpuShare(
  sender: ScriptChild,
  receiverCpu: NodeJS.CpuUsage,
  ms: number,
): Promise<CpuShare> {
  const done = await sender.waitFor('done', 10_000);
  const receiverMs = (receiverCpu.user + receiverCpu.system) / 1000;
  return {
    receiverPct: Math.round((100 * receiverMs) / ms),
    senderPct: Math.round((100 * Number(done.cpuMs)) / Number(done.ms)),
  };
}
