// Renders assets/icon.svg into the icons the installers need, and writes them beside it:
//   icon.png (512), icons/<n>x<n>.png (Linux), icon.ico (Windows), icon.icns (macOS).
// The ICO and ICNS containers are simple enough to write here, so the only dependency is the
// SVG renderer. Run after editing the SVG (`npm run icons`), then commit the results.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const svg = readFileSync('assets/icon.svg');

/** The icon at `size` pixels square: its PNG file and its raw RGBA pixels. */
function render(size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`rendered ${image.width}px`);
  return { png: image.asPng(), rgba: image.pixels };
}

const uint32BE = (value) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};

/**
 * ICO: small sizes as 32-bit bitmaps, 256 as PNG, the way Windows' own icons are stored
 * (some tools, NSIS among them, refuse PNG-compressed small entries).
 */
function ico(sizes) {
  const images = sizes.map((size) => (size >= 256 ? render(size).png : bitmap(size)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length + 16 * sizes.length;
  const entries = sizes.map((size, index) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(images[index].length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += images[index].length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images]);
}

/** A BITMAPINFOHEADER + bottom-up BGRA rows + an all-zero AND mask (alpha does the masking). */
function bitmap(size) {
  const { rgba } = render(size);
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour rows + mask rows
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(0, 16); // BI_RGB
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRowBytes * size)]);
}

/** ICNS: PNG entries under the type codes macOS reads for each size (1x and 2x). */
function icns() {
  const types = [
    ['ic11', 32], // 16@2x
    ['ic12', 64], // 32@2x
    ['ic07', 128],
    ['ic13', 256], // 128@2x
    ['ic08', 256],
    ['ic14', 512], // 256@2x
    ['ic09', 512],
    ['ic10', 1024], // 512@2x
  ];
  const chunks = types.map(([type, size]) => {
    const { png } = render(size);
    return Buffer.concat([Buffer.from(type, 'ascii'), uint32BE(png.length + 8), png]);
  });
  const body = Buffer.concat(chunks);
  return Buffer.concat([Buffer.from('icns', 'ascii'), uint32BE(body.length + 8), body]);
}

mkdirSync('assets/icons', { recursive: true });
writeFileSync('assets/icon.png', render(512).png);
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(`assets/icons/${size}x${size}.png`, render(size).png);
}
writeFileSync('assets/icon.ico', ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync('assets/icon.icns', icns());
console.log('icons: assets/icon.png, assets/icons/*.png, assets/icon.ico, assets/icon.icns');
