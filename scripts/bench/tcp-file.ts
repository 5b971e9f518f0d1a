/**
 * Part 3: the same sender into a TCP server session of the engine with receive-to-file on
 * (`engine.startFile` of kind `capture`, to a path the bench names). Timed from the connection to the capture stopped (its file flushed
 * and closed); the file's SHA-256 must equal the one the sender computed over what it sent.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BenchPart, PartContext } from './bench-part';
import { median, megabytesPerSecond, within } from './bench-part';
import { ScriptChild } from './children';
import { fileAt } from '../../src/main/engine/file-on-disk';
import { EngineUnderTest } from './engine-under-test';
import { rounded } from './figures';
import { quiesce } from './quiesce';
import { TCP_BYTES } from './tcp-transfer';

const RUNS = 3;
const RUN_TIMEOUT_MS = 90_000;

interface FileRun {
  ms: number;
  shaOk: boolean;
  problems: string[];
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}

async function fileRun(context: PartContext, bytes: number, folder: string): Promise<FileRun> {
  const harness = new EngineUnderTest();
  context.own(() => harness.shutdown());
  const { sessionId, port } = await harness.openSession({
    protocol: 'tcp-server',
    localHost: '127.0.0.1',
    localPort: 0,
  });
  const path = join(folder, `capture-${sessionId}-${Date.now()}.bin`);
  const started = await harness.engine.startFile({ sessionId, kind: 'capture' }, fileAt(path));
  if (!started.ok) throw new Error(`startFile: ${started.code} ${started.message}`);

  const sender = new ScriptChild('./tcp-sender.ts', [
    '--port',
    String(port),
    '--bytes',
    String(bytes),
    '--hash',
  ]);
  context.own(() => sender.stop());
  try {
    const sent = await sender.waitFor('hash', RUN_TIMEOUT_MS);
    await within(harness.deliveredBytes(bytes, RUN_TIMEOUT_MS), RUN_TIMEOUT_MS, 'engine');
    const stopped = await within(
      harness.engine.stopFile({ sessionId, kind: 'capture' }),
      RUN_TIMEOUT_MS,
      'stopFile',
    );
    const ms = performance.now() - (harness.firstConnectionAt(sessionId) ?? NaN);
    const problems: string[] = [];
    if (!stopped.ok) problems.push(`stopFile: ${stopped.code} ${stopped.message}`);
    const size = (await stat(path)).size;
    if (size !== bytes) problems.push(`the file has ${size} bytes, ${bytes} were sent`);
    const shaOk = (await fileSha256(path)) === sent.sha256;
    if (!shaOk) problems.push('the file’s SHA-256 differs from the sent bytes’');
    return { ms, shaOk, problems };
  } finally {
    await sender.stop();
    await harness.shutdown();
    await rm(path, { force: true });
  }
}

export const tcpFile: BenchPart = {
  name: 'tcp-file',
  timeoutMs: RUNS * RUN_TIMEOUT_MS,
  async run(context) {
    const folder = await mkdtemp(join(os.tmpdir(), 'netassist-bench-'));
    context.own(() => rm(folder, { recursive: true, force: true }));
    const runs: FileRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      await quiesce();
      runs.push(await fileRun(context, TCP_BYTES, folder));
    }
    const rates = runs.map((run) => rounded(megabytesPerSecond(TCP_BYTES, run.ms)));
    context.details.tcp_file_runs_mbps = rates;
    context.details.tcp_file_folder = os.tmpdir();
    context.figures.tcp_file_mbps = median(rates);
    context.figures.tcp_file_sha_ok = runs.every((run) => run.shaOk);
    for (const problem of runs.flatMap((run) => run.problems)) context.note(`tcp-file: ${problem}`);
  },
};
