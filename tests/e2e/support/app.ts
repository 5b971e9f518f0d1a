/**
 * Starts the browser-mode host (`node dist/main/web.js --port 0`) as a user would, with a token of
 * our choosing, and reads the one `Web UI: <url>` line it prints. The build itself is done once
 * per run by global-setup.ts; a missing build fails here with a clear message.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PROJECT_ROOT, WEB_HOST_SCRIPT } from './build';

const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
const WEB_UI_LINE = /^Web UI: (\S+)/m;

export interface RunningApp {
  /** The printed URL, token included. */
  url: string;
  token: string;
  /** `http://127.0.0.1:PORT`: the page's own origin. */
  origin: string;
  /** Everything the host printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  if (!existsSync(WEB_HOST_SCRIPT)) {
    throw new Error(
      `${WEB_HOST_SCRIPT} is missing: run the E2E tests with vitest.e2e.config.ts (it builds first) or run \`npm run build\`.`,
    );
  }
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [WEB_HOST_SCRIPT, '--port', '0'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NETASSIST_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (printed += chunk));
  child.stderr.on('data', (chunk: string) => (printed += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "Web UI:" line within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const look = () => {
        const match = WEB_UI_LINE.exec(printed);
        if (!match?.[1]) return;
        clearTimeout(timer);
        resolve(match[1]);
      };
      child.stdout.on('data', look);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the host exited (code ${code}) before printing "Web UI:"`));
      });
    });
    const parsed = new URL(url);
    if (parsed.searchParams.get('token') !== token) {
      throw new Error(`the printed URL does not carry NETASSIST_TOKEN: ${url}`);
    }
    return { url, token, origin: parsed.origin, output: () => printed, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- host output ---\n${printed}`, {
      cause: error,
    });
  }
}
