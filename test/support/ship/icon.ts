// The ChaosHub icons, drawn here rather than checked in as opaque binaries: `make generate`
// writes them and the generated-files test proves the checked-in copies are these bytes.
// A PNG is a signature and three chunks (IHDR, IDAT, IEND); node's zlib gives deflate and CRC.
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 128;
type Rgba = readonly [number, number, number, number];
const ORANGE: Rgba = [255, 153, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

export type Glyph = 'category' | 'fault';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Inside a square with rounded corners (radius 24) filling the icon. */
function inTile(x: number, y: number): boolean {
  const r = 24;
  const cx = Math.min(Math.max(x, r), SIZE - 1 - r);
  const cy = Math.min(Math.max(y, r), SIZE - 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A ring (a connection); the fault's is cut open at the top right and crossed by a bolt. */
function inGlyph(glyph: Glyph, x: number, y: number): boolean {
  const dx = x - SIZE / 2;
  const dy = y - SIZE / 2;
  const distance = Math.hypot(dx, dy);
  const onRing = distance >= 30 && distance <= 40;
  if (glyph === 'category') return onRing || distance <= 12;
  const angle = Math.atan2(-dy, dx);
  const cut = angle > Math.PI / 8 && angle < (3 * Math.PI) / 8;
  // The bolt: a thick stroke along the cut's diagonal, through the centre.
  const bolt = Math.abs(dx + dy) <= 7 && Math.abs(dx) <= 26;
  return (onRing && !cut) || bolt;
}

function pixel(glyph: Glyph, x: number, y: number): Rgba {
  if (!inTile(x, y)) return CLEAR;
  return inGlyph(glyph, x, y) ? WHITE : ORANGE;
}

/** A 128×128 RGBA PNG of the glyph. */
export function iconPng(glyph: Glyph): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y += 1) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0: none
    for (let x = 0; x < SIZE; x += 1) Buffer.from(pixel(glyph, x, y)).copy(row, 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
