import { describe, expect, it } from 'vitest';
import type { PeriodicClock } from '../../src/main/engine/periodic-sender';
import { MAX_CATCH_UP_MS, PeriodicSender } from '../../src/main/engine/periodic-sender';

/** A clock that only moves when the sender sleeps or a send takes time. */
function manualClock() {
  let time = 0;
  const clock: PeriodicClock = {
    now: () => time,
    sleep: (ms, cancel) => {
      if (!cancel.aborted && ms > 0) time += ms;
      return Promise.resolve();
    },
  };
  return { clock, advance: (ms: number) => (time += ms), now: () => time };
}

describe('PeriodicSender', () => {
  it('sends the n-th message at start + n × interval even when each send takes time', async () => {
    const { clock, advance, now } = manualClock();
    const sentAt: number[] = [];
    const sender = new PeriodicSender(
      { intervalMs: 10, count: 5 },
      () => {
        sentAt.push(now());
        advance(7); // a slow send (backpressure)
        return Promise.resolve({ ok: true });
      },
      undefined,
      clock,
    );
    expect(await sender.done).toBe('finished');
    expect(sentAt).toEqual([0, 10, 20, 30, 40]); // not 0, 17, 34, …
  });

  it('catches up after a stall instead of shifting every later send', async () => {
    const { clock, advance, now } = manualClock();
    const sentAt: number[] = [];
    const sender = new PeriodicSender(
      { intervalMs: 10, count: 6 },
      () => {
        sentAt.push(now());
        if (sentAt.length === 2) advance(35); // the machine stalled for 35 ms
        return Promise.resolve({ ok: true });
      },
      undefined,
      clock,
    );
    await sender.done;
    expect(sentAt).toEqual([0, 10, 45, 45, 45, 50]);
  });

  it('stops on request, and on the first failed send, reporting how many went out', async () => {
    const { clock } = manualClock();
    const counts: number[] = [];
    const stopped = new PeriodicSender(
      { intervalMs: 5 },
      () => Promise.resolve({ ok: true }),
      (sent) => {
        counts.push(sent);
        if (sent === 3) stopped.stop();
      },
      clock,
    );
    expect(await stopped.done).toBe('stopped');
    expect(stopped.sent).toBe(3);
    expect(counts).toEqual([1, 2, 3]);

    let calls = 0;
    const failing = new PeriodicSender(
      { intervalMs: 5, count: 10 },
      () => Promise.resolve({ ok: ++calls < 4 }),
      undefined,
      clock,
    );
    expect(await failing.done).toBe('failed');
    expect(failing.sent).toBe(3);
  });

  it('a stop after a stall still sends what was due before it, and nothing after', async () => {
    const { clock, advance, now } = manualClock();
    const sentAt: number[] = [];
    const sender = new PeriodicSender(
      { intervalMs: 10 },
      () => {
        sentAt.push(now());
        if (sentAt.length === 2) {
          advance(35); // stalled: the sends due at 20, 30 and 40 are late
          sender.stop(); // the user pressed Stop at 45
        }
        return Promise.resolve({ ok: true });
      },
      undefined,
      clock,
    );
    expect(await sender.done).toBe('stopped');
    expect(sentAt).toEqual([0, 10, 45, 45, 45]);
    expect(sender.sent).toBe(5);
  });

  it('after a long sleep, skips the sends missed by more than MAX_CATCH_UP_MS', async () => {
    const { clock, advance, now } = manualClock();
    const sentAt: number[] = [];
    const sender = new PeriodicSender(
      { intervalMs: 1, count: 100_000 },
      () => {
        sentAt.push(now());
        if (sentAt.length === 3) advance(60_000); // the laptop slept for a minute
        if (sentAt.length === 1100) sender.stop();
        return Promise.resolve({ ok: true });
      },
      undefined,
      clock,
    );
    expect(await sender.done).toBe('stopped');
    const late = sentAt.filter((at) => at === 60_002);
    // Sends still on the grid (whole ms after the start), at most a second's worth at once.
    expect(late.length).toBeGreaterThan(MAX_CATCH_UP_MS - 2);
    expect(late.length).toBeLessThanOrEqual(MAX_CATCH_UP_MS + 1);
    expect(sentAt.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('on the real clock, a run of 20 at 10 ms sends exactly 20', async () => {
    let sends = 0;
    const sender = new PeriodicSender({ intervalMs: 10, count: 20 }, () => {
      sends += 1;
      return Promise.resolve({ ok: true });
    });
    expect(await sender.done).toBe('finished');
    expect(sends).toBe(20);
  });
});
