import { lazy, Suspense, useState } from 'react';
import type { BacktestSeries, BacktestStatus } from '../../api/types.ts';
import { LogsView } from './logs-view.tsx';
import { MetricsTable } from './metrics-table.tsx';
import { TradesTable } from './trades-table.tsx';
import { UsageView } from './usage-view.tsx';

const BacktestCharts = lazy(() => import('./charts.tsx'));

export interface ResultsViewProps {
  status: BacktestStatus;
  series?: BacktestSeries;
  onReveal(line: number, column?: number): void;
}

/** One finished run: charts, metrics, trades, logs and the resources it used. */
export function ResultsView({ status, series, onReveal }: ResultsViewProps) {
  const [tab, setTab] = useState<'trades' | 'logs'>('trades');
  if (status.state === 'failed') {
    return (
      <div className="results">
        <div className="error-box" role="alert">
          <strong>The strategy failed: {status.error?.code ?? 'ERROR'}</strong>
          <p>{status.error?.message}</p>
          {status.error?.line !== undefined && (
            <button type="button" onClick={() => onReveal(status.error!.line!, status.error!.column)}>Go to line {status.error.line}</button>
          )}
        </div>
        <UsageView usage={status.usage} />
        {status.report && <LogsView logs={status.report.logs} onReveal={onReveal} />}
      </div>
    );
  }
  const report = status.report;
  return (
    <div className="results" data-testid="backtest-results">
      {series ? (
        <Suspense fallback={<p>Loading charts…</p>}><BacktestCharts series={series} /></Suspense>
      ) : <p className="muted">Loading chart data…</p>}
      <div className="results-grid">
        <section aria-labelledby="metrics-h">
          <h3 id="metrics-h">Performance</h3>
          {report ? <MetricsTable metrics={report.metrics} /> : <p className="muted">No report.</p>}
          <h3>Resources</h3>
          <UsageView usage={status.usage} />
        </section>
        <section>
          <div role="tablist" className="tabs small" aria-label="Run details">
            <button role="tab" type="button" aria-selected={tab === 'trades'} onClick={() => setTab('trades')}>Trades</button>
            <button role="tab" type="button" aria-selected={tab === 'logs'} onClick={() => setTab('logs')}>Logs ({report?.logs.length ?? 0})</button>
          </div>
          {tab === 'trades'
            ? <TradesTable trades={report?.trades ?? series?.trades ?? []} filename={`trades-${status.id}.csv`} />
            : <LogsView logs={report?.logs ?? []} onReveal={onReveal} />}
        </section>
      </div>
    </div>
  );
}
