/** Equity and drawdown curves as stored and returned: parallel arrays of times (ms UTC) and values. */
export interface Curve {
  t: number[];
  v: number[];
}

/** Drawdown from the running peak, as a fraction (0 at a new high, -0.25 when 25% below it). */
export function drawdownOf(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    out[i] = peak > 0 ? e / peak - 1 : 0;
  }
  return out;
}

/**
 * Downsamples to at most ~`points` points by keeping, per bucket, the first point plus the minimum
 * and maximum (in time order): the drawn curve keeps its extremes, so the deepest drawdown and the
 * highest peak survive. The last point is always kept.
 */
export function downsample(time: ArrayLike<number>, values: ArrayLike<number>, points = 1000): Curve {
  const n = values.length;
  if (n <= points) return { t: Array.from(time), v: Array.from(values) };
  const buckets = Math.max(1, Math.floor(points / 3));
  const size = n / buckets;
  const t: number[] = [];
  const v: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from, hi = from;
    for (let i = from; i < to; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    for (const i of [...new Set([from, lo, hi])].sort((x, y) => x - y)) {
      t.push(time[i]!);
      v.push(values[i]!);
    }
  }
  if (t[t.length - 1] !== time[n - 1]) {
    t.push(time[n - 1]!);
    v.push(values[n - 1]!);
  }
  return { t, v };
}

/** Full series packed as little-endian float64 pairs (time, equity) for compact storage. */
export function packSeries(time: Float64Array, equity: Float64Array): Buffer {
  const out = new Float64Array(time.length * 2);
  for (let i = 0; i < time.length; i++) {
    out[2 * i] = time[i]!;
    out[2 * i + 1] = equity[i]!;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function unpackSeries(buf: Buffer): { time: number[]; equity: number[] } {
  const f = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const time: number[] = [];
  const equity: number[] = [];
  for (let i = 0; i + 1 < f.length; i += 2) {
    time.push(f[i]!);
    equity.push(f[i + 1]!);
  }
  return { time, equity };
}
