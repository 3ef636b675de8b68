import type { WalkForwardFold } from '../../api/types.ts';
import { formatTime } from '../backtests/format.ts';

/** In-sample vs out-of-sample score per fold: the gap is how much the optimiser overfit. */
export function WalkForwardView({ folds, efficiency }: { folds: readonly WalkForwardFold[]; efficiency?: number | null }) {
  if (folds.length === 0) return <p className="muted">No walk-forward folds.</p>;
  const scores = folds.flatMap((f) => [f.trainScore ?? 0, f.testScore ?? 0]);
  const lo = Math.min(0, ...scores), hi = Math.max(0, ...scores);
  const scale = (v: number) => (hi === lo ? 0 : (Math.abs(v) / (hi - lo)) * 100);
  return (
    <div className="walk-forward">
      {efficiency !== undefined && efficiency !== null && <p>Walk-forward efficiency: <strong>{(efficiency * 100).toFixed(0)} %</strong> (out-of-sample / in-sample)</p>}
      <table className="table" aria-label="Walk-forward folds">
        <thead><tr><th scope="col">Fold</th><th scope="col">Train</th><th scope="col">Test</th><th scope="col">Best params</th><th scope="col">In-sample</th><th scope="col">Out-of-sample</th></tr></thead>
        <tbody>
          {folds.map((f) => (
            <tr key={f.fold}>
              <td>{f.fold}</td>
              <td>{formatTime(f.trainFrom).slice(0, 10)} → {formatTime(f.trainTo).slice(0, 10)}</td>
              <td>{formatTime(f.testFrom).slice(0, 10)} → {formatTime(f.testTo).slice(0, 10)}</td>
              <td><code>{Object.entries(f.bestParams).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</code></td>
              <td><span className="bar train" style={{ width: `${scale(f.trainScore ?? 0)}%` }} />{f.trainScore?.toFixed(3) ?? '—'}</td>
              <td><span className={`bar test ${(f.testScore ?? 0) < 0 ? 'neg' : ''}`} style={{ width: `${scale(f.testScore ?? 0)}%` }} />{f.testScore?.toFixed(3) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
