import type { Writable } from 'node:stream';

/**
 * Receive to file: a session's received bytes (or one connection's), streamed raw to a writable.
 * When the writable cannot keep up, the session stops reading its TCP sockets until it drains, so
 * TCP's own flow control slows the sender and no byte is lost or piles up in memory.
 */
export class Capture {
  private written = 0;
  private readonly finished: Promise<void>;

  constructor(
    private readonly output: Writable,
    readonly connectionId: string | undefined,
    private readonly onBackpressure: (paused: boolean) => void,
  ) {
    this.finished = new Promise((resolve) => {
      output.once('close', resolve);
      output.once('finish', resolve);
      output.once('error', () => resolve());
    });
    output.on('drain', () => this.onBackpressure(false));
  }

  get bytesWritten() {
    return this.written;
  }

  /** Writes `bytes` if they belong to this capture. */
  offer(bytes: Uint8Array, connectionId: string | undefined) {
    if (this.connectionId !== undefined && connectionId !== this.connectionId) return;
    if (this.output.destroyed || this.output.writableEnded) return;
    this.written += bytes.length;
    if (!this.output.write(bytes)) this.onBackpressure(true);
  }

  /** Flushes what is buffered and closes the output. */
  async stop(): Promise<void> {
    this.onBackpressure(false);
    if (!this.output.writableEnded && !this.output.destroyed) this.output.end();
    await this.finished;
  }
}
