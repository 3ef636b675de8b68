/** Half-open bar-index window [start, end) over the loaded series. */
export interface BarWindow {
  start: number;
  end: number;
}

export interface Fold {
  index: number;
  inSample: BarWindow;
  /** Absent when the whole range is the in-sample window (plain optimisation). */
  outOfSample?: BarWindow;
}

export type Validation =
  | { kind: 'none' }
  | { kind: 'split'; trainFraction: number }
  | { kind: 'walkForward'; folds: number; inSampleFraction: number };

/**
 * Splits `n` bars into folds. Walk-forward is rolling: every window has the same length W, of which
 * the first `inSampleFraction` is in-sample and the rest out-of-sample; consecutive windows move by
 * one out-of-sample length, so the out-of-sample windows tile the tail of the range without overlap:
 * W·r + folds·W·(1−r) = n. The last out-of-sample window absorbs the rounding remainder.
 */
export function makeFolds(n: number, v: Validation, minBars = 50): Fold[] {
  if (v.kind === 'none') return [{ index: 0, inSample: { start: 0, end: n } }];
  if (v.kind === 'split') {
    const cut = Math.floor(n * v.trainFraction);
    assertSize(cut, n - cut, minBars);
    return [{ index: 0, inSample: { start: 0, end: cut }, outOfSample: { start: cut, end: n } }];
  }
  const r = v.inSampleFraction;
  const w = n / (r + v.folds * (1 - r));
  const is = Math.floor(w * r);
  const oos = Math.floor(w * (1 - r));
  assertSize(is, oos, minBars);
  const folds: Fold[] = [];
  for (let k = 0; k < v.folds; k++) {
    const start = k * oos;
    const cut = start + is;
    const end = k === v.folds - 1 ? n : cut + oos;
    folds.push({ index: k, inSample: { start, end: cut }, outOfSample: { start: cut, end } });
  }
  return folds;
}

function assertSize(is: number, oos: number, minBars: number): void {
  if (is < minBars || oos < minBars) {
    throw new RangeError(`each window needs at least ${minBars} bars; this range gives ${is} in-sample and ${oos} out-of-sample bars`);
  }
}

/**
 * Chains out-of-sample equity segments into one curve: each segment starts from the previous
 * segment's final equity (compounded), as if the walk-forward had traded continuously.
 */
export function stitchEquity(segments: { time: number[]; equity: number[] }[], initialCash: number): { time: number[]; equity: number[] } {
  const time: number[] = [];
  const equity: number[] = [];
  let scale = 1;
  for (const s of segments) {
    if (s.equity.length === 0) continue;
    for (let i = 0; i < s.equity.length; i++) {
      time.push(s.time[i]!);
      equity.push(s.equity[i]! * scale);
    }
    scale *= s.equity[s.equity.length - 1]! / initialCash;
  }
  return { time, equity };
}
