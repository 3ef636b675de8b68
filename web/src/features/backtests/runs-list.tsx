import type { BacktestSummary } from '../../api/types.ts';
import { formatMetric, formatTime } from './format.ts';

export interface RunsListProps {
  runs: readonly BacktestSummary[];
  selected: readonly string[];
  onToggle(id: string): void;
  onOpen(id: string): void;
}

/** Past runs of the strategy; tick two to compare them. */
export function RunsList({ runs, selected, onToggle, onOpen }: RunsListProps) {
  if (runs.length === 0) return <p className="muted">No runs yet. Ctrl+Enter runs a backtest.</p>;
  return (
    <div className="scroll-x">
      <table className="table" aria-label="Past runs">
        <thead><tr><th scope="col">Compare</th><th scope="col">Started</th><th scope="col">Market</th><th scope="col">State</th><th scope="col">Return</th><th scope="col">Sharpe</th><th scope="col" /></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td><input type="checkbox" aria-label={`Compare run ${r.id}`} checked={selected.includes(r.id)} onChange={() => onToggle(r.id)} /></td>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.symbol} {r.timeframe} <span className="muted">{formatTime(r.from).slice(0, 10)} → {formatTime(r.to).slice(0, 10)}</span></td>
              <td><span className={`badge ${r.state}`}>{r.state}</span></td>
              <td>{formatMetric('totalReturn', r.metrics?.totalReturn)}</td>
              <td>{formatMetric('sharpe', r.metrics?.sharpe)}</td>
              <td><button type="button" onClick={() => onOpen(r.id)}>Open</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
