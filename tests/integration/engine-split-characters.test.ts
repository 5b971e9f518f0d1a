import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodingName } from '../../src/shared/contract';
import { StreamDecoder, decodeText } from '../../src/shared/codec/text-decoder';
import { EngineHarness } from '../support/engine-harness';
import { startTcpServer, type TestServer } from '../support/node-peers';

// A multibyte character cut in two by TCP: each half arrives as its own chunk, and the per-stream
// decoder must still show the character — while each chunk keeps its exact bytes.
describe('a character split across TCP segments', () => {
  let h: EngineHarness;
  let server: TestServer;
  beforeEach(async () => {
    h = new EngineHarness();
    server = await startTcpServer();
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  it.each<[EncodingName, number[], string]>([
    ['utf-8', [0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd], '你好'],
    ['gbk', [0xc4, 0xe3, 0xba, 0xc3], '你好'],
  ])('%s', async (encoding, wire, text) => {
    const { sessionId } = await h.openSession({
      protocol: 'tcp-client',
      remoteHost: '127.0.0.1',
      remotePort: server.port,
    });
    const peer = await server.nextSocket();
    // Cut inside the first character, and wait for each half to arrive on its own.
    peer.write(Buffer.from(wire.slice(0, 1)));
    await h.waitForBytes(sessionId, 1);
    peer.write(Buffer.from(wire.slice(1)));
    await h.waitForBytes(sessionId, wire.length);

    const chunks = h.data(sessionId, 'rx').map((e) => e.bytes);
    expect(chunks.length).toBe(2);
    expect([...chunks[0]!]).toEqual(wire.slice(0, 1));

    const decoder = new StreamDecoder(encoding);
    const shown = chunks.map((c) => decoder.decode(c));
    expect(shown).toEqual(['', text]);
    // Decoding each chunk on its own would show replacement characters instead.
    expect(decodeText(chunks[0]!, encoding)).toBe('\uFFFD');
  });
});
