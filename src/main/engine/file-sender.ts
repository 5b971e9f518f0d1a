/**
 * Send file: a file's raw bytes, read as a stream (never whole in memory) and sent piece by
 * piece, each send awaited so the socket's backpressure paces the reading. For UDP the bytes are
 * cut into datagrams of the chosen size, with an optional pause between them (a receiver with a
 * small buffer drops datagrams that come too fast).
 */
import type { Result } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { sleep } from './sleep';
import { errnoOf } from './socket-errors';
import type { SendResult } from './transport';

export interface FileSendPlan {
  /** Cut into datagrams of exactly this many bytes (the last may be shorter). UDP only. */
  datagramBytes?: number;
  /** Pause between two sends, in ms. */
  delayMs?: number;
}

export interface FileSendRun {
  /** The file's bytes, e.g. fs.createReadStream(path) or an HTTP upload. */
  source: AsyncIterable<Uint8Array>;
  /** What the error names when the source fails: a path or the upload's file name. */
  name: string;
  send: (bytes: Uint8Array) => Promise<SendResult>;
  plan: FileSendPlan;
  cancel: AbortSignal;
  onProgress: (sentBytes: number) => void;
}

export async function sendFile(run: FileSendRun): Promise<Result<{ bytes: number }>> {
  const { plan, cancel } = run;
  let sent = 0;
  let first = true;
  const sendPiece = async (piece: Uint8Array): Promise<Result> => {
    if (!first && plan.delayMs) await sleep(plan.delayMs, cancel);
    first = false;
    if (cancel.aborted) return fail('CANCELLED', { what: 'send' });
    const result = await run.send(piece);
    if (!result.ok) return result;
    sent += piece.length;
    run.onProgress(sent);
    return { ok: true };
  };
  const pieces = plan.datagramBytes ? new Datagrams(plan.datagramBytes) : undefined;
  try {
    for await (const chunk of run.source) {
      for (const piece of pieces ? pieces.take(chunk) : [chunk]) {
        const result = await sendPiece(piece);
        if (!result.ok) return result;
      }
    }
  } catch (error) {
    if (cancel.aborted) return fail('CANCELLED', { what: 'send' });
    return fail('FILE_ERROR', { path: run.name, errno: errnoOf(error), action: 'read' });
  }
  const rest = pieces?.rest();
  if (rest && rest.length > 0) {
    const result = await sendPiece(rest);
    if (!result.ok) return result;
  }
  return { ok: true, bytes: sent };
}

/** Re-cuts a stream of chunks into pieces of exactly `size` bytes. */
class Datagrams {
  private held = new Uint8Array(0);

  constructor(private readonly size: number) {}

  take(chunk: Uint8Array): Uint8Array[] {
    const bytes = this.held.length > 0 ? concat(this.held, chunk) : chunk;
    const pieces: Uint8Array[] = [];
    let start = 0;
    for (; start + this.size <= bytes.length; start += this.size) {
      pieces.push(bytes.subarray(start, start + this.size));
    }
    this.held = bytes.slice(start);
    return pieces;
  }

  rest(): Uint8Array {
    return this.held;
  }
}

function concat(a: Uint8Array, b: Uint8Array) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
