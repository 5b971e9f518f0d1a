/**
 * The machine's own limit: the sender (a child process) into a plain Node `net` discard server in
 * this process. Timed from the connection to the last byte read.
 */
import net from 'node:net';
import type { PartContext } from './bench-part';
import { within } from './bench-part';
import { ScriptChild } from './children';
import type { TransferRun } from './tcp-transfer';
import { cpuShare, TCP_RUN_TIMEOUT_MS } from './tcp-transfer';

export async function discardRun(context: PartContext, bytes: number): Promise<TransferRun> {
  const cpuAtStart = process.cpuUsage();
  let startedAt = 0;
  let received = 0;
  let finished!: (ms: number) => void;
  const done = new Promise<number>((resolve) => (finished = resolve));
  const server = net.createServer((socket) => {
    startedAt = performance.now();
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes) finished(performance.now() - startedAt);
    });
    socket.on('error', () => socket.destroy());
  });
  context.own(() => server.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  const sender = new ScriptChild('./tcp-sender.ts', [
    '--port',
    String(port),
    '--bytes',
    String(bytes),
  ]);
  context.own(() => sender.stop());
  try {
    const ms = await within(done, TCP_RUN_TIMEOUT_MS, 'discard server');
    return { ms, cpu: await cpuShare(sender, process.cpuUsage(cpuAtStart), ms) };
  } finally {
    await sender.stop();
    server.close();
  }
}
