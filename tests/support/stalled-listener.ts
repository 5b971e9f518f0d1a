/**
 * A loopback listener that never accepts, with its queue already full: further SYNs are dropped,
 * so a connect to it hangs exactly like one to a host that does not answer.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const SCRIPT = `
import socket, sys, time
server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(0)
fillers = []
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(server.getsockname())
    fillers.append(c)
time.sleep(0.2)
print(server.getsockname()[1], flush=True)
time.sleep(30)
`;

export async function startStalledListener(): Promise<{ port: number; stop(): void }> {
  const child = spawn('python3', ['-c', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (line) => resolve(Number(line)));
    child.once('exit', (code) => reject(new Error(`stalled listener exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}
