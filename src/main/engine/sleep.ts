/** Resolves after `ms` (at once for ms ≤ 0), or as soon as `cancel` aborts. */
export function sleep(ms: number, cancel: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || cancel.aborted) return resolve();
    const timer = setTimeout(done, ms);
    cancel.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      cancel.removeEventListener('abort', done);
      resolve();
    }
  });
}
