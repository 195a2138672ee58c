#!/usr/bin/env node
// Generates the tray state icons in resources/ (16 px and @2x 32 px): a round badge whose colour
// and shape say the state. Written as plain RGBA PNGs with zlib so no image tool is needed.
// Run: node build/make-tray-icons.mjs (the PNGs are committed; rerun after changing a colour).
/* global console */
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = join(import.meta.dirname, '..', 'resources');
mkdirSync(out, { recursive: true });

const STATES = {
  idle: { fill: [120, 130, 145], ring: null },
  listening: { fill: [226, 60, 60], ring: null },
  speaking: { fill: [50, 120, 230], ring: null },
  error: { fill: [240, 150, 20], ring: null, bar: true },
  offline: { fill: null, ring: [120, 130, 145] },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function draw(state, size) {
  const c = size / 2;
  const R = size * 0.42;
  const ringW = Math.max(1.5, size * 0.12);
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    const edge = Math.max(0, Math.min(1, R - d + 0.5)); // anti-aliased disc coverage
    if (state.fill) {
      if (state.bar && Math.abs(x - c) < size * 0.08 && y > size * 0.22 && y < size * 0.62) return [255, 255, 255, Math.round(255 * edge)];
      if (state.bar && Math.hypot(x - c, y - size * 0.74) < size * 0.08) return [255, 255, 255, Math.round(255 * edge)];
      return [...state.fill, Math.round(255 * edge)];
    }
    const inner = Math.max(0, Math.min(1, d - (R - ringW) + 0.5));
    return [...state.ring, Math.round(255 * edge * inner)];
  });
}

for (const [name, state] of Object.entries(STATES)) {
  writeFileSync(join(out, `tray-${name}.png`), draw(state, 16));
  writeFileSync(join(out, `tray-${name}@2x.png`), draw(state, 32));
}
writeFileSync(join(out, 'icon.png'), draw(STATES.speaking, 512));
console.log(`wrote ${Object.keys(STATES).length * 2 + 1} icons to ${out}`);
