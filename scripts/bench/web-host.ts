/**
 * The browser-mode host as a user starts it (`node dist/main/web.js --port 0`, token from
 * NETASSIST_TOKEN), and its memory as the kernel counts it (VmRSS in /proc/<pid>/status).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT, spawnProgram } from './children';

const HOST_SCRIPT = join(PROJECT_ROOT, 'dist/main/web.js');
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3000;
const RSS_SAMPLE_MS = 200;

/**
 * Whether the built page carries React's development build (`jsxDEV`): a build run with
 * NODE_ENV=test or development (e.g. from inside vitest) makes one, and it renders several times
 * slower than what users get.
 */
export async function rendererIsDevelopmentBuild(): Promise<boolean> {
  const assets = join(PROJECT_ROOT, 'dist/renderer/assets');
  const scripts = (await readdir(assets).catch(() => [])).filter((name) => name.endsWith('.js'));
  for (const name of scripts) {
    if ((await readFile(join(assets, name), 'utf8')).includes('jsxDEV')) return true;
  }
  return false;
}

export interface RunningWebHost {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `profileDir`: run the host with `--cpu-prof`, its profile written there when it exits. */
export async function startWebHost(profileDir?: string): Promise<RunningWebHost> {
  if (!existsSync(HOST_SCRIPT)) throw new Error(`${HOST_SCRIPT} is missing: run "npm run build"`);
  const token = randomBytes(16).toString('hex');
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnProgram(process.execPath, [...profile, HOST_SCRIPT, '--port', '0'], {
    ...process.env,
    NETASSIST_TOKEN: token,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  let printed = '';
  child.stdout.setEncoding('utf8');
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the host printed no "Web UI:" line')),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', (text: string) => {
        printed += text;
        const match = /^Web UI: (\S+)/m.exec(printed);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the host exited (${code}) before printing "Web UI:"`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Samples a process's resident memory (VmRSS) every 200 ms, keeping the peak; VmHWM at the end. */
export class RssSampler {
  private peakKiB = 0;
  private lastKiB = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => void this.sample(), RSS_SAMPLE_MS);
    void this.sample();
  }

  get peakMiB(): number {
    return this.peakKiB / 1024;
  }

  /** The latest sample. */
  get currentMiB(): number {
    return this.lastKiB / 1024;
  }

  /** Stops sampling; returns the kernel's own high-water mark (VmHWM), in MiB. */
  async stop(): Promise<number | null> {
    clearInterval(this.timer);
    await this.sample();
    const hwm = await this.read('VmHWM');
    return hwm === null ? null : hwm / 1024;
  }

  private async sample() {
    const rss = await this.read('VmRSS');
    if (rss === null) return;
    this.lastKiB = rss;
    this.peakKiB = Math.max(this.peakKiB, rss);
  }

  private async read(field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
    try {
      const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
      const match = new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(status);
      return match?.[1] ? Number(match[1]) : null;
    } catch {
      return null;
    }
  }
}
