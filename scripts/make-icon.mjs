#!/usr/bin/env node
/**
 * Draws images/icon.png (128x128 RGBA): a shield with a check mark. No image library needed:
 * pixels are computed, then written as a PNG with node:zlib. Run once; the PNG is committed.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const px = Buffer.alloc(SIZE * SIZE * 4);

function insideShield(x, y) {
  // Flat top with rounded shoulders, sides curving to a point at the bottom.
  const cx = 64;
  if (y < 14 || y > 118) return false;
  const half = y < 70 ? 46 : 46 * Math.sqrt(Math.max(0, 1 - ((y - 70) / 48) ** 2));
  return Math.abs(x + 0.5 - cx) <= half;
}

function onCheck(x, y) {
  // Two thick strokes: (40,66)->(58,84) and (58,84)->(90,48).
  const dist = (ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
  };
  return Math.min(dist(40, 66, 58, 84), dist(58, 84, 90, 48)) <= 6;
}

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const i = (y * SIZE + x) * 4;
    let rgba = [0, 0, 0, 0];
    if (insideShield(x, y)) {
      const edge = !insideShield(x - 5, y) || !insideShield(x + 5, y) || !insideShield(x, y - 5) || !insideShield(x, y + 5);
      rgba = edge ? [18, 74, 140, 255] : [33, 118, 210, 255];
      if (onCheck(x, y)) rgba = [255, 255, 255, 255];
    }
    px.set(rgba, i);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) px.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
