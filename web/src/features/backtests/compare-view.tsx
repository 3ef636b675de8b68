import type { BacktestStatus } from '../../api/types.ts';
import { formatMetric, metricLabel, METRIC_FORMATS } from './format.ts';
import { orderedMetricKeys } from './metrics-table.tsx';

/** Two runs side by side; the better value of each metric is highlighted. */
export function CompareView({ a, b, labelA, labelB }: { a: BacktestStatus; b: BacktestStatus; labelA: string; labelB: string }) {
  const ma = a.report?.metrics ?? {};
  const mb = b.report?.metrics ?? {};
  const keys = orderedMetricKeys({ ...ma, ...mb });
  return (
    <table className="table compare" aria-label="Run comparison">
      <thead><tr><th scope="col">Metric</th><th scope="col">{labelA}</th><th scope="col">{labelB}</th></tr></thead>
      <tbody>
        {keys.map((k) => {
          const x = ma[k] ?? null, y = mb[k] ?? null;
          const hib = METRIC_FORMATS[k]?.higherIsBetter;
          const better = x === null || y === null || x === y || hib === undefined ? 0 : (x > y) === hib ? -1 : 1;
          return (
            <tr key={k}>
              <th scope="row">{metricLabel(k)}</th>
              <td className={better === -1 ? 'better' : undefined}>{formatMetric(k, x)}</td>
              <td className={better === 1 ? 'better' : undefined}>{formatMetric(k, y)}</td>
            </tr>
          );
        })}
        <tr><th scope="row">CPU</th><td>{a.usage ? `${a.usage.cpuMs.toFixed(0)} ms` : '—'}</td><td>{b.usage ? `${b.usage.cpuMs.toFixed(0)} ms` : '—'}</td></tr>
      </tbody>
    </table>
  );
}
