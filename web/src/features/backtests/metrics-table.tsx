import { formatMetric, metricLabel, METRIC_FORMATS } from './format.ts';

/** Known metrics first in a fixed order, then any other the server reports. */
export function orderedMetricKeys(metrics: Record<string, unknown>): string[] {
  const known = Object.keys(METRIC_FORMATS).filter((k) => k in metrics);
  const rest = Object.keys(metrics).filter((k) => !(k in METRIC_FORMATS)).sort();
  return [...known, ...rest];
}

export function MetricsTable({ metrics }: { metrics: Record<string, number | null> }) {
  const keys = orderedMetricKeys(metrics);
  return (
    <table className="table metrics" aria-label="Backtest metrics">
      <tbody>
        {keys.map((k) => {
          const v = metrics[k];
          const tone = typeof v === 'number' && METRIC_FORMATS[k]?.higherIsBetter !== undefined && k !== 'maxDrawdown'
            ? (v > 0 ? 'pos' : v < 0 ? 'neg' : undefined) : undefined;
          return (
            <tr key={k} data-metric={k}>
              <th scope="row">{metricLabel(k)}</th>
              <td className={tone}>{formatMetric(k, v)}</td>
            </tr>
          );
        })}
        {keys.length === 0 && <tr><td>No metrics reported.</td></tr>}
      </tbody>
    </table>
  );
}
