/** Runs `work` for 0..count-1, at most `parallel` at a time. */
export async function inParallel(
  count: number,
  parallel: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: parallel }, async () => {
    while (next < count) await work(next++);
  });
  await Promise.all(lanes);
}
