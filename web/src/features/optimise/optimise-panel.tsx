import { useEffect, useMemo, useRef, useState } from 'react';
import { isTerminal, type ApiClient } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type { OptimisationStatus, ParamSpecs, ParamValues, Trial } from '../../api/types.ts';
import { metricLabel } from '../backtests/format.ts';
import type { RunSettings } from '../backtests/run-settings.ts';
import { RunProgress } from '../backtests/run-progress.tsx';
import { Heatmap } from './heatmap.tsx';
import { defaultRanges, gridSize, toRequestRanges, type RangeRow } from './ranges.ts';
import { TrialsTable } from './trials-table.tsx';
import { WalkForwardView } from './walk-forward.tsx';

const OBJECTIVES = ['sharpe', 'sortino', 'totalReturn', 'calmar', 'profitFactor'];

export interface OptimisePanelProps {
  client: ApiClient;
  specs: ParamSpecs;
  params: ParamValues;
  settings: RunSettings | undefined;
  /** Saves if needed and returns the ids to run against. */
  ensureSaved(): Promise<{ strategyId: string; versionId: string } | undefined>;
  onApplyParams(p: ParamValues): void;
  onError(message: string): void;
}

/** Search space, method and objective; then ranked trials, a heatmap and the walk-forward folds. */
export function OptimisePanel({ client, specs, params, settings, ensureSaved, onApplyParams, onError }: OptimisePanelProps) {
  const [rows, setRows] = useState(() => defaultRanges(specs));
  const [method, setMethod] = useState<'grid' | 'random' | 'tpe'>('grid');
  const [objective, setObjective] = useState('sharpe');
  const [maxTrials, setMaxTrials] = useState(100);
  const [folds, setFolds] = useState(0);
  const [status, setStatus] = useState<OptimisationStatus>();
  const stop = useRef<AbortController | null>(null);
  useEffect(() => setRows((r) => ({ ...defaultRanges(specs), ...pick(r, Object.keys(specs)) })), [specs]);
  useEffect(() => () => stop.current?.abort(), []);

  const numeric = Object.keys(specs).filter((k) => specs[k]!.type === 'int' || specs[k]!.type === 'float');
  const [xKey, setX] = useState<string>();
  const [yKey, setY] = useState<string>();
  const hx = xKey ?? numeric[0], hy = yKey ?? numeric[1] ?? numeric[0];
  const size = gridSize(specs, rows);
  const best = useMemo(() => status?.trials.find((t) => t.rank === 1), [status]);

  async function run() {
    if (!settings) return onError('Choose a market from the catalog first.');
    const ids = await ensureSaved();
    if (!ids) return;
    stop.current?.abort();
    const ctrl = (stop.current = new AbortController());
    try {
      const fixed = Object.fromEntries(Object.entries(params).filter(([k]) => !rows[k]?.enabled));
      const { id } = await client.startOptimisation({
        ...ids, symbol: settings.symbol, timeframe: settings.timeframe, from: settings.from, to: settings.to,
        venue: settings.venue, venueModel: settings.model, initialCash: settings.initialCash, method, objective,
        ranges: toRequestRanges(specs, rows), fixedParams: fixed,
        maxTrials: method === 'grid' ? undefined : maxTrials,
        walkForward: folds > 0 ? { folds, trainRatio: 0.7 } : undefined,
      });
      for (;;) {
        const s = await client.getOptimisation(id);
        if (ctrl.signal.aborted) return;
        setStatus(s);
        if (isTerminal(s.state)) break;
        await new Promise((r) => setTimeout(r, 1500));
      }
    } catch (e) {
      if (!ctrl.signal.aborted) onError(describeError(e));
    }
  }

  const setRow = (k: string, patch: Partial<RangeRow>) => setRows((r) => ({ ...r, [k]: { ...r[k]!, ...patch } }));
  const running = status !== undefined && !isTerminal(status.state);
  return (
    <div className="optimise">
      <fieldset>
        <legend>Search space</legend>
        <div className="scroll-x">
          <table className="table compact" aria-label="Parameter ranges">
            <thead><tr><th scope="col">Optimise</th><th scope="col">Parameter</th><th scope="col">Min</th><th scope="col">Max</th><th scope="col">Step</th></tr></thead>
            <tbody>
              {Object.entries(specs).map(([k, s]) => {
                const r = rows[k];
                if (!r) return null;
                const num = s.type === 'int' || s.type === 'float';
                return (
                  <tr key={k}>
                    <td><input type="checkbox" aria-label={`Optimise ${k}`} checked={r.enabled} onChange={(e) => setRow(k, { enabled: e.target.checked })} /></td>
                    <td>{s.label ?? k}</td>
                    {num ? (['min', 'max', 'step'] as const).map((f) => (
                      <td key={f}><input type="number" aria-label={`${k} ${f}`} value={r[f]} step={s.type === 'int' ? 1 : 'any'} disabled={!r.enabled}
                        onChange={(e) => setRow(k, { [f]: Number(e.target.value) })} /></td>
                    )) : <td colSpan={3} className="muted">{s.type === 'bool' ? 'true / false' : s.options.join(' / ')}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="opt-method">Method</label>
            <select id="opt-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              <option value="grid">Grid ({size.toLocaleString('en-US')} trials)</option>
              <option value="random">Random</option>
              <option value="tpe">Bayesian (TPE)</option>
            </select>
          </div>
          {method !== 'grid' && (
            <div className="field">
              <label htmlFor="opt-trials">Trials</label>
              <input id="opt-trials" type="number" min={1} max={10000} value={maxTrials} onChange={(e) => setMaxTrials(Number(e.target.value))} />
            </div>
          )}
          <div className="field">
            <label htmlFor="opt-objective">Maximise</label>
            <select id="opt-objective" value={objective} onChange={(e) => setObjective(e.target.value)}>
              {OBJECTIVES.map((o) => <option key={o} value={o}>{metricLabel(o)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="opt-folds">Walk-forward folds</label>
            <input id="opt-folds" type="number" min={0} max={20} value={folds} onChange={(e) => setFolds(Number(e.target.value))} />
          </div>
        </div>
        <button type="button" className="primary" onClick={run} disabled={running}>Run optimisation</button>
      </fieldset>
      {status && <RunProgress label="Optimisation" state={status.state} progress={status.progress} />}
      {status?.error && <div className="error-box" role="alert">{status.error.code}: {status.error.message}</div>}
      {status && status.trials.length > 0 && (
        <>
          <section aria-labelledby="heat-h">
            <h3 id="heat-h">Heatmap</h3>
            <div className="row">
              <div className="field"><label htmlFor="hx">X axis</label>
                <select id="hx" value={hx} onChange={(e) => setX(e.target.value)}>{numeric.map((k) => <option key={k}>{k}</option>)}</select></div>
              <div className="field"><label htmlFor="hy">Y axis</label>
                <select id="hy" value={hy} onChange={(e) => setY(e.target.value)}>{numeric.map((k) => <option key={k}>{k}</option>)}</select></div>
            </div>
            {hx && hy && <div className="scroll-x"><Heatmap trials={status.trials} xKey={hx} yKey={hy} metric={objective} best={best?.params} /></div>}
          </section>
          <section aria-labelledby="trials-h">
            <h3 id="trials-h">Trials</h3>
            <TrialsTable trials={status.trials} objective={objective} onApply={(t: Trial) => onApplyParams({ ...params, ...t.params })} />
          </section>
          {status.walkForward && (
            <section aria-labelledby="wf-h">
              <h3 id="wf-h">Walk-forward</h3>
              <WalkForwardView folds={status.walkForward.folds} efficiency={status.walkForward.efficiency} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function pick<T>(o: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}
