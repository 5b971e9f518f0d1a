/**
 * The browser-mode host's open TCP sockets, read from Linux's /proc: the host runs as a child
 * process of the test (app.ts), so its handles are not in this process's
 * `getActiveResourcesInfo()`. A socket counts once per open file descriptor, whatever its state.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { RunningApp } from './app';

/** The process id of the host `app` runs: our child whose environment carries its token. */
export function hostProcessId(app: RunningApp): number {
  const ours = `NETASSIST_TOKEN=${app.token}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (name) state ppid …`: the name may hold spaces, so read from the last `)`.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(ours)) {
        return Number(entry);
      }
    } catch {
      // A process that ended while we looked.
    }
  }
  throw new Error('the host process was not found among this process’s children');
}

/** Local port of every TCP socket in this network namespace, by the socket's inode. */
function tcpLocalPorts(): Map<string, number> {
  const ports = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || inode === '0') continue;
      ports.set(inode, parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

/**
 * How many TCP sockets process `pid` holds open, leaving out those on `ignorePort` (the host's
 * own HTTP/WebSocket port: the browser opens and keeps alive connections there as it likes).
 */
export function openTcpHandles(pid: number, ignorePort: number): number {
  const ports = tcpLocalPorts();
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode === undefined) continue;
    const port = ports.get(inode);
    if (port !== undefined && port !== ignorePort) count++;
  }
  return count;
}
