/**
 * Runs a lesson-style Python peer (tests/peers/*.py) as a child process: the test reads the lines
 * it prints, types into its stdin what a learner would type, and waits for it to finish.
 *
 * The peers print one fact per line: `LISTENING host port` (a server's first line),
 * `CONNECTED host port` (a client's own address), `SENT hex`, `RECV hex "text"` /
 * `REPLY hex "text"` (bytes as hex and the text Python decoded, as JSON), `CLOSED` at the end.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const PEERS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../peers');
const DEFAULT_TIMEOUT_MS = 5000;

/** `RECV` / `REPLY` lines: the bytes as hex, then the text the peer decoded, as JSON. */
const RECEIVED_LINE = /^(?:RECV|REPLY) ([0-9a-f]*) ("(?:[^"\\]|\\.)*")/;

export interface Received {
  bytes: Buffer;
  text: string;
}

export class PythonPeer {
  /** Every stdout line so far, in order. */
  readonly lines: string[] = [];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  private stderrText = '';
  private partial = '';
  private cursor = 0;
  private exitCode: number | null | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly child;

  constructor(
    readonly script: string,
    args: readonly string[],
  ) {
    // PYTHONIOENCODING: print() and input() speak UTF-8 whatever the machine's locale.
    this.child = spawn('python3', ['-u', path.join(PEERS_FOLDER, script), ...args], {
      env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.addOutput(chunk));
    this.child.stderr.on('data', (chunk: string) => (this.stderrText += chunk));
    // Writing to a peer that already exited must not crash the test run.
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code) => {
        if (this.partial) this.lines.push(this.partial);
        this.partial = '';
        this.exitCode = code;
        this.wake();
        resolve(code);
      });
    });
  }

  get stderr() {
    return this.stderrText;
  }

  /**
   * Waits for the next line (after the last one a wait returned) that matches, and returns its
   * match. Fails with the peer's output if it times out or if the peer exits first.
   */
  waitForLine(pattern: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let index = this.cursor; index < this.lines.length; index += 1) {
          const match = pattern.exec(this.lines[index] ?? '');
          if (match) {
            this.cursor = index + 1;
            finish();
            resolve(match);
            return;
          }
        }
        if (this.exitCode !== undefined) {
          finish();
          reject(this.failure(`exited (code ${this.exitCode}) before printing ${pattern}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(this.failure(`printed no line matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for the next `RECV` / `REPLY` line and returns the exact bytes and the decoded text. */
  async nextReceived(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Received> {
    const [, hex = '', json = '""'] = await this.waitForLine(RECEIVED_LINE, timeoutMs);
    return { bytes: Buffer.from(hex, 'hex'), text: JSON.parse(json) as string };
  }

  /** Types one line, as a learner answering `input()` would. */
  type(line: string) {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits for the peer to end and fails with its stderr unless it exited with code 0. */
  async finished(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const code = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') throw this.failure(`still running after ${timeoutMs} ms`);
    if (code !== 0) throw this.failure(`exited with code ${code}`);
  }

  kill() {
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
    return this.exited;
  }

  private addOutput(chunk: string) {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.map((line) => line.replace(/\r$/, '')));
    this.wake();
  }

  private wake() {
    for (const check of [...this.waiters]) check();
  }

  private failure(what: string) {
    const stdout = this.lines.join('\n');
    return new Error(
      `python peer ${this.script} ${what}\n--- stdout ---\n${stdout}\n--- stderr ---\n${this.stderrText}`,
    );
  }
}

/** Starts a peer that is killed when the current test ends, whatever its outcome. */
export function startPeer(script: string, ...args: (string | number)[]): PythonPeer {
  const peer = new PythonPeer(script, args.map(String));
  onTestFinished(async () => {
    await peer.kill();
  });
  return peer;
}

/** Starts a server peer and waits for its `LISTENING host port` line. */
export async function startServerPeer(script: string, ...args: (string | number)[]) {
  const peer = startPeer(script, ...args);
  const [, host = '', port = '0'] = await peer.waitForLine(/^LISTENING (\S+) (\d+)$/);
  return { peer, host, port: Number(port) };
}
