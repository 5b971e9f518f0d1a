/**
 * `work`, or `instead()` once `signal` has aborted and the work had one more turn of the event
 * loop to finish. The work goes on (a TCP write waiting for the peer to read cannot be taken
 * back; its bytes are in the socket's buffer and will go), but whoever awaits it need not wait
 * for a peer that may never read again. A send that fails at once (the socket is gone) still
 * says so.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, instead: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => setImmediate(() => resolve(instead()));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
