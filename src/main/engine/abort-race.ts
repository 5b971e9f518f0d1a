/**
 * `work`, or `instead()` as soon as `signal` aborts. The work goes on (a TCP write waiting for
 * the peer to read cannot be taken back; its bytes are in the socket's buffer and will go), but
 * whoever awaits it need not wait for a peer that may never read again.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, instead: () => T): Promise<T> {
  if (signal.aborted) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => resolve(instead());
    signal.addEventListener('abort', onAbort, { once: true });
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
