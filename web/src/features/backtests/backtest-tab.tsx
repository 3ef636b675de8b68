import type { BacktestSeries, BacktestStatus, CatalogEntry, ParamSpecs, ParamValues } from '../../api/types.ts';
import { isTerminal } from '../../api/client.ts';
import { ParamForm } from './param-form.tsx';
import { ResultsView } from './results-view.tsx';
import { RunProgress } from './run-progress.tsx';
import type { RunSettings } from './run-settings.ts';
import { RunSettingsForm } from './run-settings-form.tsx';

export interface BacktestTabProps {
  catalog: readonly CatalogEntry[];
  settings: RunSettings | undefined;
  onSettings(s: RunSettings): void;
  specs: ParamSpecs;
  params: ParamValues;
  onParams(p: ParamValues): void;
  status?: BacktestStatus;
  series?: BacktestSeries;
  canRun: boolean;
  onRun(): void;
  onCancel(): void;
  onReveal(line: number, column?: number): void;
}

/** Settings, parameters and the run button, then the live progress and the results of the current run. */
export function BacktestTab(p: BacktestTabProps) {
  const running = p.status !== undefined && !isTerminal(p.status.state);
  return (
    <div className="backtest-tab">
      <details className="settings" open={!p.status || p.status.state !== 'completed'}>
        <summary>Settings</summary>
        <RunSettingsForm catalog={p.catalog} value={p.settings} onChange={p.onSettings} />
        <ParamForm specs={p.specs} values={p.params} onChange={p.onParams} />
      </details>
      <div className="toolbar">
        <button type="button" className="primary" onClick={p.onRun} disabled={!p.canRun || running} aria-keyshortcuts="Control+Enter Meta+Enter">
          Run backtest <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      {p.status && !isTerminal(p.status.state) && (
        <RunProgress label="Backtest" state={p.status.state} progress={p.status.progress} onCancel={p.onCancel} />
      )}
      {p.status?.state === 'canceled' && <p role="status">The run was cancelled.</p>}
      {p.status && (p.status.state === 'completed' || p.status.state === 'failed') && (
        <ResultsView status={p.status} series={p.series} onReveal={p.onReveal} />
      )}
    </div>
  );
}
