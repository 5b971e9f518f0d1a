import { describe, expect, it } from 'vitest';
import type { DataEvent } from '../../src/shared/contract';
import { forPage } from '../../src/main/bridge/page-data';
import { LogCache } from '../../src/renderer/store/log-cache';
import { StreamDecoder } from '../../src/shared/codec/text-decoder';

const PEER = { host: '127.0.0.1', port: 9 };

function data(seq: number, bytes: Uint8Array): DataEvent {
  return {
    type: 'data',
    sessionId: 's1',
    at: seq,
    seq,
    direction: 'rx',
    peer: PEER,
    connectionId: 'c1',
    bytes,
  };
}

describe('data events a bridge cut short for the page', () => {
  it('carry the start, the whole length and the tail; small ones go as they are', () => {
    const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
    const cut = forPage(data(1, big), 4096) as DataEvent;
    expect(cut.bytes.length).toBe(4096);
    expect(cut.fullLength).toBe(10_000);
    expect([...cut.tail!]).toEqual([...big.subarray(9996)]);
    const small = data(2, new Uint8Array(100));
    expect(forPage(small, 4096)).toBe(small);
  });

  it('still let the page decode a character split after a cut chunk', () => {
    // A 5000-byte chunk of "a" ending with the first two bytes of 你 (E4 BD A0), then the rest.
    const first = new Uint8Array(5000).fill(0x61);
    first.set([0xe4, 0xbd], 4998);
    const cache = new LogCache();
    cache.takeEvents([
      {
        type: 'connection-opened',
        sessionId: 's1',
        at: 0,
        connection: {
          connectionId: 'c1',
          remote: PEER,
          connectedAt: 0,
          counters: { rxBytes: 0, txBytes: 0, rxMessages: 0, txMessages: 0 },
        },
      },
      forPage(data(1, first), 4096),
      forPage(data(2, new Uint8Array([0xa0, 0x21])), 4096),
    ]);
    const held = cache.get(1)!;
    expect(held.fullLength).toBe(5000);
    const second = cache.get(2)!;
    const decoder = new StreamDecoder('utf-8');
    decoder.decode(second.prefix!);
    expect(decoder.decode(second.bytes)).toBe('你!');
  });
});
