// Decoding speed of GBK text: the platform TextDecoder against iconv-lite, whole and in 64 KB
// chunks (about what one TCP read brings). It backs the choice in src/shared/codec/text-decoder.ts:
// TextDecoder decodes (it exists in Node and Chromium alike); iconv-lite only encodes, in Node.
// Run: node scripts/bench-decode.mjs [megabytes]
import iconv from 'iconv-lite';

const megabytes = Number(process.argv[2] ?? 50);
const CHUNK = 64 * 1024;

// Mixed Chinese and ASCII, like a log or a chat: '你好，世界！NetAssist 网络调试助手 123\r\n'.
const line = iconv.encode('你好，世界！NetAssist 网络调试助手 123\r\n', 'gbk');
const data = new Uint8Array(megabytes * 1024 * 1024);
for (let offset = 0; offset < data.length; offset += line.length) {
  data.set(line.subarray(0, Math.min(line.length, data.length - offset)), offset);
}

function time(name, run) {
  run(); // warm up
  const start = process.hrtime.bigint();
  const chars = run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const mbPerS = megabytes / (ms / 1000);
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${mbPerS.toFixed(0).padStart(5)} MB/s  ${chars} chars`,
  );
}

function chunked(decodeChunk, end) {
  let chars = 0;
  for (let offset = 0; offset < data.length; offset += CHUNK) {
    chars += decodeChunk(data.subarray(offset, offset + CHUNK)).length;
  }
  return chars + end().length;
}

console.log(`${megabytes} MB of GBK, Node ${process.versions.node}, ICU ${process.versions.icu}`);
time('TextDecoder(gb18030), whole', () => new TextDecoder('gb18030').decode(data).length);
time('TextDecoder(gbk), whole', () => new TextDecoder('gbk').decode(data).length);
time('iconv-lite gbk, whole', () => iconv.decode(Buffer.from(data.buffer), 'gbk').length);
time('TextDecoder(gb18030), 64 KB stream chunks', () => {
  const decoder = new TextDecoder('gb18030');
  return chunked(
    (chunk) => decoder.decode(chunk, { stream: true }),
    () => decoder.decode(),
  );
});
time('iconv-lite gbk decoder stream, 64 KB chunks', () => {
  const decoder = iconv.getDecoder('gbk');
  return chunked(
    (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)),
    () => decoder.end() ?? '',
  );
});
const utf8 = new TextEncoder().encode(new TextDecoder('gb18030').decode(data));
time('for reference: the same text as UTF-8, whole', () => new TextDecoder().decode(utf8).length);
