/**
 * Draws the toolbar icon (a lens over a dark tile) into public/icons at each size the
 * manifest names. Run by hand after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const SAMPLES = 4;

type Rgba = [number, number, number, number];
const TILE: Rgba = [68, 76, 231, 255];
const GLASS: Rgba = [255, 255, 255, 255];

/** Colour at a point of the unit square, or undefined outside the tile. */
function shade(x: number, y: number): Rgba | undefined {
  const r = 0.2; // corner radius of the tile
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (Math.hypot(x - cx, y - cy) > r) return undefined;
  const d = Math.hypot(x - 0.44, y - 0.44);
  const ring = d > 0.2 && d < 0.29;
  // The handle: a thick segment from the ring towards the lower right corner.
  const t = Math.max(0, Math.min(1, ((x - 0.62) + (y - 0.62)) / 2 / 0.2));
  const hx = 0.62 + t * 0.2;
  const hy = 0.62 + t * 0.2;
  const handle = Math.hypot(x - hx, y - hy) < 0.07;
  return ring || handle ? GLASS : TILE;
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = shade((x + (sx + 0.5) / SAMPLES) / size, (y + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          for (let c = 0; c < 3; c++) sum[c]! += colour[c]!;
          sum[3]! += 255;
        }
      }
      const n = SAMPLES * SAMPLES;
      const covered = sum[3]! / 255;
      const offset = y * (size * 4 + 1) + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[offset + c] = covered ? Math.round(sum[c]! / covered) : 0;
      raw[offset + 3] = Math.round(sum[3]! / n);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

mkdirSync('public/icons', { recursive: true });
for (const size of SIZES) writeFileSync(`public/icons/icon-${size}.png`, png(size));
console.log(`Wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')} to public/icons`);
