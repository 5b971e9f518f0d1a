import { describe, expect, it } from 'vitest';
import type { AutoSource } from '../../src/shared/contract';
import { LogStore } from '../../src/main/engine/log-store';

const peer = { host: '127.0.0.1', port: 7 };
const rule: AutoSource = { kind: 'rule', ruleId: 'r1', name: '温度' };
const sourceOf = (seq: number): AutoSource | undefined =>
  seq % 3 === 0 ? { kind: 'echo' } : seq % 3 === 1 ? rule : undefined;

describe('LogStore: entries the engine sent on its own', () => {
  it('keeps each entry’s auto source through growth and eviction, and reads it back', () => {
    const log = new LogStore({ maxEntries: 3000, maxBytes: 1 << 20 });
    for (let seq = 1; seq <= 5000; seq++) {
      const auto = sourceOf(seq);
      log.append(seq, seq, auto ? 'tx' : 'rx', peer, Uint8Array.of(seq & 0xff), 'c1', auto);
    }

    const entries = log.read(1, 10_000);

    expect(entries).toHaveLength(3000);
    expect(entries[0]!.seq).toBe(2001);
    for (const entry of entries) {
      expect(entry.auto, `entry ${entry.seq}`).toEqual(sourceOf(entry.seq));
      expect('auto' in entry).toBe(sourceOf(entry.seq) !== undefined);
    }
  });
});
