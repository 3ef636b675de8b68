import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { BarColumns } from '../domain/candle.ts';
import { emptyColumns } from '../domain/candle.ts';

// COPY BINARY: 11-byte signature, int32 flags, int32 extension length, then tuples of
// int16 field count + (int32 length + bytes) per field, ending with int16 -1.
const HEADER = 19;
// our tuples: bigint ts + five float8 columns, never NULL
const TUPLE = 2 + 6 * 4 + 8 + 5 * 8;

class Growable {
  cols: BarColumns;
  n = 0;
  constructor(cap: number) {
    this.cols = emptyColumns(cap);
  }
  ensure(extra: number): void {
    const need = this.n + extra;
    if (need <= this.cols.time.length) return;
    const next = emptyColumns(Math.max(need, this.cols.time.length * 2));
    for (const k of Object.keys(next) as (keyof BarColumns)[]) next[k].set(this.cols[k].subarray(0, this.n));
    this.cols = next;
  }
  finish(): BarColumns {
    const c = this.cols;
    if (this.n === c.time.length) return c;
    return {
      time: c.time.slice(0, this.n), open: c.open.slice(0, this.n), high: c.high.slice(0, this.n),
      low: c.low.slice(0, this.n), close: c.close.slice(0, this.n), volume: c.volume.slice(0, this.n),
    };
  }
}

/**
 * Runs `sql` (a SELECT of ts bigint, open, high, low, close, volume float8, no NULLs) through COPY BINARY
 * and decodes the tuples straight into Float64Array columns: no row objects, no string parsing, which
 * is what makes a million bars load well under a second.
 */
export async function copyColumns(client: PoolClient, sql: string, sizeHint = 1024): Promise<BarColumns> {
  const out = new Growable(sizeHint);
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT binary)`));
  let carry: Buffer | null = null;
  let headerDone = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let off = 0;
    if (!headerDone) {
      if (buf.length < HEADER) {
        carry = buf;
        continue;
      }
      off = HEADER + buf.readInt32BE(15);
      headerDone = true;
    }
    const tuples = Math.floor((buf.length - off) / TUPLE);
    out.ensure(tuples);
    const { time, open, high, low, close, volume } = out.cols;
    let n = out.n;
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let t = 0; t < tuples; t++, off += TUPLE) {
      if (v.getInt16(off) !== 6) break; // trailer (-1)
      time[n] = v.getInt32(off + 6) * 4294967296 + v.getUint32(off + 10);
      open[n] = v.getFloat64(off + 18);
      high[n] = v.getFloat64(off + 30);
      low[n] = v.getFloat64(off + 42);
      close[n] = v.getFloat64(off + 54);
      volume[n] = v.getFloat64(off + 66);
      n++;
    }
    out.n = n;
    carry = off < buf.length ? buf.subarray(off) : null;
    if (carry && carry.length >= 2 && carry.readInt16BE(0) === -1) carry = null;
  }
  return out.finish();
}

export async function withClient<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}
