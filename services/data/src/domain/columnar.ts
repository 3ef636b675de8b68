import type { BarColumns } from './candle.ts';

/**
 * Compact columnar wire form of bars (`application/vnd.strata.bars`, served as application/octet-stream):
 *
 *   offset 0  4 bytes  ASCII "STRB"
 *   offset 4  uint8    version (1)
 *   offset 5  3 bytes  reserved (0)
 *   offset 8  uint32   row count n (little-endian)
 *   offset 12 uint32   column count (6)
 *   offset 16 6 × n float64 little-endian columns: time (epoch ms), open, high, low, close, volume
 *
 * The header is 16 bytes, so every column starts 8-byte aligned and a reader can wrap the body in
 * Float64Arrays without copying.
 */
export const COLUMNAR_CONTENT_TYPE = 'application/octet-stream';
const MAGIC = 0x42525453; // "STRB" read as little-endian uint32
const HEADER = 16;
const ORDER = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export function encodeColumns(c: BarColumns): Buffer {
  const n = c.time.length;
  const buf = Buffer.alloc(HEADER + 6 * n * 8);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt8(1, 4);
  buf.writeUInt32LE(n, 8);
  buf.writeUInt32LE(6, 12);
  const body = new Float64Array(buf.buffer, buf.byteOffset + HEADER, 6 * n);
  ORDER.forEach((k, i) => body.set(c[k], i * n));
  return buf;
}

export function decodeColumns(buf: Uint8Array): BarColumns {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < HEADER || view.getUint32(0, true) !== MAGIC) throw new Error('not a STRB bar buffer: bad magic');
  if (view.getUint8(4) !== 1) throw new Error(`unsupported STRB version ${view.getUint8(4)}`);
  const n = view.getUint32(8, true);
  if (view.getUint32(12, true) !== 6 || buf.byteLength !== HEADER + 48 * n) throw new Error('STRB buffer length does not match its header');
  // aligned copy (Buffer#slice would be a view): the input's offset may not be a multiple of 8
  const copy = Uint8Array.prototype.slice.call(buf, HEADER);
  const body = new Float64Array(copy.buffer, copy.byteOffset, 6 * n);
  const col = (i: number) => body.subarray(i * n, (i + 1) * n);
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}
