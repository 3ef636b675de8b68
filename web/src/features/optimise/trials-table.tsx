import type { Trial } from '../../api/types.ts';
import { formatMetric, metricLabel } from '../backtests/format.ts';

/** Trials ranked by the objective (rank 1 first); click a row to apply its params to the backtest form. */
export function TrialsTable({ trials, objective, onApply }: { trials: readonly Trial[]; objective: string; onApply(t: Trial): void }) {
  const ranked = [...trials].sort((a, b) => a.rank - b.rank).slice(0, 200);
  const paramKeys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const metricKeys = [objective, ...['totalReturn', 'sharpe', 'maxDrawdown', 'trades'].filter((k) => k !== objective)];
  return (
    <div className="scroll-x">
      <table className="table" aria-label="Ranked trials">
        <thead>
          <tr>
            <th scope="col">#</th>
            {paramKeys.map((k) => <th scope="col" key={k}>{k}</th>)}
            {metricKeys.map((k) => <th scope="col" key={k}>{metricLabel(k)}{k === objective ? ' ★' : ''}</th>)}
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {ranked.map((t) => (
            <tr key={t.rank + JSON.stringify(t.params)}>
              <td>{t.rank}</td>
              {paramKeys.map((k) => <td key={k}>{String(t.params[k] ?? '')}</td>)}
              {metricKeys.map((k) => <td key={k}>{formatMetric(k, t.metrics[k])}</td>)}
              <td><button type="button" onClick={() => onApply(t)}>Use</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
