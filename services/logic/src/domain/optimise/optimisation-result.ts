import type { TrialRow } from '../../adapters/optimisations.repository.ts';
import type { Fold } from './windows.ts';
import { stitchEquity } from './windows.ts';

export interface FoldResult {
  fold: number;
  inSample: { from: number; to: number; bars: number };
  outOfSample?: { from: number; to: number; bars: number };
  bestParams: Record<string, unknown> | null;
  inSampleScore: number | null;
  outOfSampleScore: number | null;
  /** Out-of-sample score ÷ in-sample score (walk-forward efficiency); null when undefined. */
  efficiency: number | null;
  inSampleMetrics: Record<string, number> | null;
  outOfSampleMetrics: Record<string, number> | null;
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

export function rankTrials(trials: TrialRow[], keep: number) {
  return trials
    .filter((t) => t.finished)
    .sort((a, b) => (finite(b.score) ? b.score : -Infinity) - (finite(a.score) ? a.score : -Infinity) || a.trialNo - b.trialNo)
    .slice(0, keep)
    .map((t, i) => ({ rank: i + 1, trialNo: t.trialNo, params: t.params, score: finite(t.score) ? t.score : null, metrics: t.metrics, error: t.error ?? undefined }));
}

export function bestOf(trials: TrialRow[]): TrialRow | null {
  const top = rankTrials(trials, 1)[0];
  return top ? trials.find((t) => t.trialNo === top.trialNo) ?? null : null;
}

/**
 * The stored result: ranked in-sample trials (of the last fold for walk-forward), per-fold best
 * parameters with in-sample and out-of-sample scores, the stitched out-of-sample equity, and decay
 * (1 − mean efficiency: 0 means out-of-sample kept all of the in-sample score).
 */
export function buildResult(all: TrialRow[], folds: Fold[], time: (i: number) => number, initialCash: number, keep: number) {
  const perFold: FoldResult[] = folds.map((f) => {
    const search = all.filter((t) => t.fold === f.index && t.phase === 'search');
    const test = all.find((t) => t.fold === f.index && t.phase === 'test' && t.finished) ?? null;
    const best = bestOf(search);
    const isScore = best && finite(best.score) ? best.score : null;
    const oosScore = test && finite(test.score) ? test.score : null;
    return {
      fold: f.index,
      inSample: { from: time(f.inSample.start), to: time(f.inSample.end - 1), bars: f.inSample.end - f.inSample.start },
      outOfSample: f.outOfSample ? { from: time(f.outOfSample.start), to: time(f.outOfSample.end - 1), bars: f.outOfSample.end - f.outOfSample.start } : undefined,
      bestParams: best?.params ?? null,
      inSampleScore: isScore,
      outOfSampleScore: oosScore,
      efficiency: isScore !== null && oosScore !== null && isScore !== 0 ? oosScore / Math.abs(isScore) : null,
      inSampleMetrics: best?.metrics ?? null,
      outOfSampleMetrics: test?.metrics ?? null,
    };
  });
  const effs = perFold.map((f) => f.efficiency).filter(finite);
  const segments = folds
    .map((f) => all.find((t) => t.fold === f.index && t.phase === 'test' && t.finished)?.equity)
    .filter((e): e is { t: number[]; v: number[] } => !!e)
    .map((e) => ({ time: e.t, equity: e.v }));
  const stitched = segments.length > 0 ? stitchEquity(segments, initialCash) : null;
  const lastFold = folds[folds.length - 1]!.index;
  const errors = all.filter((t) => t.error).length;
  return {
    trials: all.filter((t) => t.phase === 'search').length,
    failedTrials: errors,
    ranked: rankTrials(all.filter((t) => t.fold === lastFold && t.phase === 'search'), keep),
    best: perFold[perFold.length - 1]!.bestParams,
    folds: perFold,
    outOfSample: stitched
      ? { equity: { t: stitched.time, v: stitched.equity }, totalReturn: stitched.equity.length > 0 ? stitched.equity[stitched.equity.length - 1]! / initialCash - 1 : 0 }
      : null,
    decay: effs.length > 0 ? { meanEfficiency: effs.reduce((a, b) => a + b, 0) / effs.length, decay: 1 - effs.reduce((a, b) => a + b, 0) / effs.length } : null,
  };
}
