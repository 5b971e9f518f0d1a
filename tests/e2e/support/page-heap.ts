/** The page's JavaScript heap after a full garbage collection, through the DevTools protocol. */
import type { Page } from 'playwright';

export async function pageHeapAfterCollection(page: Page): Promise<number> {
  const devtools = await page.context().newCDPSession(page);
  try {
    // Twice, so that what the first collection frees through weak references is gone too.
    await devtools.send('HeapProfiler.collectGarbage');
    await devtools.send('HeapProfiler.collectGarbage');
    const { usedSize } = await devtools.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await devtools.detach();
  }
}
