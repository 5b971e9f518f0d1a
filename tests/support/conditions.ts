/** Waiting for something a stream of messages will bring: `until` resolves once `find` finds it. */
export class Conditions {
  private readonly checks = new Set<() => void>();

  /** Call whenever something arrived: every pending `until` looks again. */
  changed() {
    for (const check of [...this.checks]) check();
  }

  until<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.checks.delete(check);
      };
      this.checks.add(check);
      check();
    });
  }
}
