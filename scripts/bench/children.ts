/**
 * The bench's child processes: senders run in their own process (so the machine's two cores are
 * split between sender and receiver as they would be between two programs), and every child is
 * remembered so that a timeout, an error or Ctrl+C still ends it.
 */
import type { ChildProcess } from 'node:child_process';
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every child this process started and that has not exited yet. */
const running = new Set<ChildProcess>();

function remember(child: ChildProcess) {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Ends the children still running, by their own process ids. */
export function killChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

/** A message a child sends over IPC: always an object with a `type`. */
export interface ChildMessage {
  type: string;
  [field: string]: unknown;
}

/** A child said `error`; its message (with whatever it measured until then) is kept. */
export class ChildFailure extends Error {
  constructor(readonly detail: ChildMessage) {
    super(`child: ${String(detail.message)}`);
  }
}

function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as ChildMessage).type === 'string'
  );
}

/**
 * A TypeScript child (run through tsx's loader) that talks to us over IPC. Its stdout goes to our
 * stderr: the bench's stdout is the table and the JSON line, nothing else.
 */
export class ScriptChild {
  readonly process: ChildProcess;
  private readonly messages: ChildMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;
  readonly exited: Promise<void>;

  constructor(script: string, args: string[], execArgv: string[] = []) {
    this.process = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
      cwd: PROJECT_ROOT,
      execArgv: [...execArgv, '--import', 'tsx'],
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    remember(this.process);
    this.process.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      this.messages.push(message);
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code) => {
        this.exitCode = code;
        this.wake();
        resolve();
      }),
    );
  }

  /** The first message of this type, past or future; fails on timeout or if the child exits. */
  waitFor(type: string, timeoutMs: number): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find((message) => message.type === type);
        const failed = this.messages.find((message) => message.type === 'error');
        if (found) finish(() => resolve(found));
        else if (failed) finish(() => reject(new ChildFailure(failed)));
        else if (this.exitCode !== undefined) {
          finish(() => reject(new Error(`child exited (${this.exitCode}) before "${type}"`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no "${type}" from the child in ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGKILL');
    }
    await this.exited;
  }

  private wake() {
    for (const check of [...this.waiters]) check();
  }
}

/** A plain program (the browser-mode host): stdout captured, stderr passed through. */
export function spawnProgram(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess & { stdout: NonNullable<ChildProcess['stdout']> } {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 2],
  });
  remember(child);
  return child as ChildProcess & { stdout: NonNullable<ChildProcess['stdout']> };
}
