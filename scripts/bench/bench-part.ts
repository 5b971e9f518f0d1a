/** What every part of the bench is given, and what it is. */
import type { Figures } from './figures';

export interface BenchOptions {
  /** Where the UI part writes CPU profiles of the page and of the host process (`--profile`). */
  profileDir?: string;
}

export interface PartContext {
  readonly options: BenchOptions;
  /** Parts write their figures here, and may read earlier parts' ones. */
  readonly figures: Figures;
  /** Extra figures for the JSON line's `details` (runs, achieved rates, diagnostics). */
  readonly details: Record<string, unknown>;
  /** A sentence for the report (printed to stderr at once and kept for the JSON line). */
  note(text: string): void;
  /** Something to close when the part ends, whether it finished, failed or timed out. */
  own(close: () => unknown): void;
}

export interface BenchPart {
  /** As given to `--only`. */
  name: string;
  /** The whole part, set-up included; past it the part is abandoned and its resources closed. */
  timeoutMs: number;
  run(context: PartContext): Promise<void>;
}

/** Rejects after `ms` unless `promise` settles first. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** MB/s (10^6 bytes per second). */
export function megabytesPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}
