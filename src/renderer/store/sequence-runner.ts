import type { Store } from './store';

type SendCommand = (tabId: string, commandId: string) => Promise<boolean>;

/**
 * Runs the sequence (quick commands with a pause after each, the list `repeat` times) in a tab,
 * one run per tab. The steps are read from the state as the run reaches them, so an edit shows
 * in the next step. A failed send (the connection closed) ends the run; its error is shown.
 */
export class SequenceRunner {
  /** Per tab: ends the running sequence's pause at once. */
  private readonly stops = new Map<string, () => void>();

  constructor(
    private readonly store: Store,
    private readonly send: SendCommand,
  ) {}

  start(tabId: string): void {
    if (this.stops.has(tabId)) return;
    let stopped = false;
    let wake: (() => void) | undefined;
    this.stops.set(tabId, () => {
      stopped = true;
      wake?.();
    });
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    void this.run(tabId, () => stopped, pause).finally(() => {
      this.stops.delete(tabId);
      this.store.dispatch({ type: 'sequence-progress', tabId });
    });
  }

  stop(tabId: string): void {
    this.stops.get(tabId)?.();
  }

  private async run(tabId: string, stopped: () => boolean, pause: (ms: number) => Promise<void>) {
    const { repeat } = this.store.getState().sequence;
    for (let round = 1; round <= repeat; round += 1) {
      for (let step = 0; ; step += 1) {
        const { sequence, quickCommands } = this.store.getState();
        const current = sequence.steps[step];
        if (!current || stopped()) break;
        this.store.dispatch({ type: 'sequence-progress', tabId, run: { step, round } });
        // A step whose command was deleted is skipped.
        if (quickCommands.some((c) => c.id === current.commandId)) {
          if (!(await this.send(tabId, current.commandId))) return;
        }
        if (stopped()) return;
        if (current.delayMs > 0) await pause(current.delayMs);
      }
      if (stopped()) return;
    }
  }
}
