/**
 * Largest-Triangle-Three-Buckets downsampling for stored/plotted curves: keeps the first and last
 * points and, from each of `maxPoints - 2` buckets, the point forming the largest triangle with the
 * previous kept point and the next bucket's average. Returns the input (copied) when it is already
 * small enough. Shape-preserving, deterministic, O(n).
 */
export function downsample(time: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): { time: Float64Array; values: Float64Array } {
  const n = Math.min(time.length, values.length);
  if (maxPoints >= n || maxPoints < 3) {
    const k = maxPoints < 3 && n > maxPoints ? Math.max(0, maxPoints) : n;
    const idx = k === n ? null : k === 1 ? [0] : k === 2 ? [0, n - 1] : [];
    if (!idx) return { time: Float64Array.from({ length: n }, (_, i) => time[i]), values: Float64Array.from({ length: n }, (_, i) => values[i]) };
    return { time: Float64Array.from(idx, (i) => time[i]), values: Float64Array.from(idx, (i) => values[i]) };
  }
  const outT = new Float64Array(maxPoints);
  const outV = new Float64Array(maxPoints);
  const every = (n - 2) / (maxPoints - 2);
  let a = 0;
  outT[0] = time[0];
  outV[0] = values[0];
  for (let b = 0; b < maxPoints - 2; b++) {
    const nextStart = Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let avgT = 0, avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) { avgT += time[j]; avgV += values[j]; }
    const len = nextEnd - nextStart;
    if (len > 0) { avgT /= len; avgV /= len; } else { avgT = time[n - 1]; avgV = values[n - 1]; }
    const start = Math.floor(b * every) + 1;
    const end = Math.floor((b + 1) * every) + 1;
    let best = -1, pick = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((time[a] - avgT) * (values[j] - values[a]) - (time[a] - time[j]) * (avgV - values[a]));
      if (area > best) { best = area; pick = j; }
    }
    outT[b + 1] = time[pick];
    outV[b + 1] = values[pick];
    a = pick;
  }
  outT[maxPoints - 1] = time[n - 1];
  outV[maxPoints - 1] = values[n - 1];
  return { time: outT, values: outV };
}
