import { describe, expect, it } from 'vitest';
import type { Address } from '../../src/shared/contract';
import { MAX_FRAMED_STREAMS } from '../../src/main/engine/constants';
import { RxFramer, checkFraming } from '../../src/main/engine/rx-framer';

const text = (value: string) => new TextEncoder().encode(value);
const peerAt = (port: number): Address => ({ host: '127.0.0.1', port });

/** A framer with `framing`, and what it logged: [text, port, connectionId, complete]. */
function framerWith(framing: Parameters<typeof checkFraming>[0]) {
  const logged: [string, number, string | undefined, boolean][] = [];
  const framer = new RxFramer((bytes, peer, connectionId, complete) =>
    logged.push([new TextDecoder().decode(bytes), peer.port, connectionId, complete]),
  );
  const checked = checkFraming(framing);
  if (!checked.ok) throw new Error(checked.message);
  framer.set(checked);
  return { framer, logged };
}

describe('RxFramer', () => {
  it('cuts nothing for raw and merge (the session logs chunks itself)', () => {
    for (const framing of [{ mode: 'raw' }, { mode: 'merge', withinMs: 50 }] as const) {
      const { framer, logged } = framerWith(framing);
      framer.push(text('a\n'), peerAt(1), undefined);
      expect(framer.cutting).toBe(false);
      expect(framer.framing).toEqual(framing);
      expect(logged).toEqual([]);
    }
  });

  it('keeps one stream per connection and per UDP peer; ends log what each held', () => {
    const { framer, logged } = framerWith({ mode: 'delimiter', delimiter: '0A' });
    framer.push(text('c1 '), peerAt(1), 'c1');
    framer.push(text('udp '), peerAt(2), undefined);
    framer.push(text('other '), peerAt(3), undefined);
    framer.push(text('done\nnext'), peerAt(1), 'c1');
    framer.end('c1');
    framer.end('c1'); // a second end has nothing left
    framer.endAll();

    expect(logged).toEqual([
      ['c1 done\n', 1, 'c1', true],
      ['next', 1, 'c1', false],
      ['udp ', 2, undefined, false],
      ['other ', 3, undefined, false],
    ]);
  });

  it('past MAX_FRAMED_STREAMS, logs the least recently heard stream’s bytes and forgets it', () => {
    const { framer, logged } = framerWith({ mode: 'fixed', length: 4 });
    for (let port = 1; port <= MAX_FRAMED_STREAMS; port++)
      framer.push(text('ab'), peerAt(port), undefined);
    framer.push(text('c'), peerAt(1), undefined); // port 1 heard again: port 2 is now the oldest

    framer.push(text('xy'), peerAt(MAX_FRAMED_STREAMS + 1), undefined);

    expect(logged).toEqual([['ab', 2, undefined, false]]);
    framer.push(text('d'), peerAt(1), undefined);
    expect(logged.at(-1)).toEqual(['abcd', 1, undefined, true]);
  });

  it('a new framing first logs what the old one held', () => {
    const { framer, logged } = framerWith({ mode: 'fixed', length: 3 });
    framer.push(text('abcde'), peerAt(1), 'c1');
    const next = checkFraming({ mode: 'fixed', length: 2 });
    if (!next.ok) throw new Error(next.message);

    framer.set(next);
    framer.push(text('fgh'), peerAt(1), 'c1');

    expect(logged).toEqual([
      ['abc', 1, 'c1', true],
      ['de', 1, 'c1', false],
      ['fg', 1, 'c1', true],
    ]);
  });
});
