import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { isTerminal, type ApiClient } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type {
  BacktestSeries, BacktestStatus, CatalogEntry, Diagnostic, ParamSpecs, ParamValues, StrategyRunError, StrategySummary,
} from '../../api/types.ts';
import { BacktestTab } from '../backtests/backtest-tab.tsx';
import { defaultParams, paramErrors } from '../backtests/param-form.tsx';
import { settingsFor, type RunSettings } from '../backtests/run-settings.ts';
import { RunsTab } from '../backtests/runs-tab.tsx';
import { OptimisePanel } from '../optimise/optimise-panel.tsx';
import type { EditorProblem } from './code-editor.tsx';
import { ProblemsList } from './problems-list.tsx';
import { TemplateGallery } from './template-gallery.tsx';
import { TEMPLATES, type StrategyTemplate } from './templates/index.ts';
import { useGlobalShortcuts } from './use-global-shortcuts.ts';
import { VersionHistory } from './version-history.tsx';

const CodeEditor = lazy(() => import('./code-editor.tsx'));

interface OpenStrategy {
  id?: string;
  name: string;
  source: string;
  savedSource: string;
  versionId?: string;
}

const DRAFT_KEY = 'strata.draft';
const fresh = (t: StrategyTemplate): OpenStrategy => ({ name: t.name, source: t.source, savedSource: '' });

export interface IdePageProps {
  client: ApiClient;
  onError(message: string | undefined, err?: unknown): void;
}

/** The strategy IDE: editor and problems on the left, the strategy tester (backtest, runs, optimise) on the right. */
export function IdePage({ client, onError }: IdePageProps) {
  const [open, setOpen] = useState<OpenStrategy>(() => loadDraft() ?? fresh(TEMPLATES[0]!));
  const [strategies, setStrategies] = useState<StrategySummary[]>([]);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [serverDiags, setServerDiags] = useState<Diagnostic[]>([]);
  const [specs, setSpecs] = useState<ParamSpecs>({});
  const [params, setParams] = useState<ParamValues>({});
  const [runtimeError, setRuntimeError] = useState<StrategyRunError>();
  const [reveal, setReveal] = useState<{ line: number; column?: number; nonce: number }>();
  const [catalog, setCatalog] = useState<CatalogEntry[]>([]);
  const [settings, setSettings] = useState<RunSettings>();
  const [status, setStatus] = useState<BacktestStatus>();
  const [series, setSeries] = useState<BacktestSeries>();
  const [tab, setTab] = useState<'backtest' | 'runs' | 'optimise'>('backtest');
  const [dialog, setDialog] = useState<'templates' | 'history'>();
  const [saving, setSaving] = useState(false);
  const [savedKey, setSavedKey] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [docKey, setDocKey] = useState(0);
  const watch = useRef<AbortController | null>(null);
  const dirty = open.source !== open.savedSource;

  const fail = useCallback((e: unknown) => onError(describeError(e), e), [onError]);

  useEffect(() => {
    client.listStrategies().then(setStrategies, fail);
    client.catalog().then((c) => { setCatalog(c); setSettings((s) => s ?? settingsFor(c[0])); }, fail);
  }, [client, fail]);

  useEffect(() => { localStorage.setItem(DRAFT_KEY, JSON.stringify(open)); }, [open]);

  // server compile check, debounced: diagnostics become markers, declared params drive the forms
  useEffect(() => {
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      client.check(open.source, ctrl.signal).then((r) => {
        setServerDiags(r.diagnostics);
        setSpecs((prev) => (JSON.stringify(prev) === JSON.stringify(r.params) ? prev : r.params));
      }, (e: unknown) => { if ((e as Error).name !== 'AbortError') fail(e); });
    }, 600);
    return () => { clearTimeout(t); ctrl.abort(); };
  }, [client, open.source, fail]);

  useEffect(() => setParams((p) => ({ ...defaultParams(specs), ...pickKnown(p, specs) })), [specs]);
  useEffect(() => () => watch.current?.abort(), []);

  const save = useCallback(async (): Promise<{ strategyId: string; versionId: string } | undefined> => {
    if (!dirty && open.id && open.versionId) return { strategyId: open.id, versionId: open.versionId };
    setSaving(true);
    try {
      const snapshot = open.source;
      const r = open.id ? await client.saveStrategy(open.id, { name: open.name, source: snapshot }) : await client.createStrategy(open.name, snapshot);
      setOpen((o) => ({ ...o, id: r.id, versionId: r.versionId, savedSource: snapshot }));
      setSavedKey((k) => k + 1);
      setNotice('Saved a new version');
      client.listStrategies().then(setStrategies, () => undefined);
      return { strategyId: r.id, versionId: r.versionId };
    } catch (e) {
      fail(e);
      return undefined;
    } finally {
      setSaving(false);
    }
  }, [client, dirty, open, fail]);

  const run = useCallback(async () => {
    if (!settings) return onError('Choose a market from the data catalog first.');
    const bad = paramErrors(specs, params);
    if (Object.keys(bad).length) return onError(`Fix the parameters first: ${Object.entries(bad).map(([k, v]) => `${k} ${v}`).join('; ')}`);
    const ids = await save();
    if (!ids) return;
    watch.current?.abort();
    const ctrl = (watch.current = new AbortController());
    setTab('backtest');
    setRuntimeError(undefined);
    setSeries(undefined);
    try {
      const { id } = await client.startBacktest({
        ...ids, params, symbol: settings.symbol, timeframe: settings.timeframe, from: settings.from, to: settings.to,
        venue: settings.venue, venueModel: settings.model, initialCash: settings.initialCash,
      });
      setStatus({ id, state: 'queued', progress: { percent: 0 } });
      const final = await client.watchBacktest(id, (s) => !ctrl.signal.aborted && setStatus((prev) => ({ ...prev, ...s })), ctrl.signal);
      await showResult(final, ctrl.signal);
      setSavedKey((k) => k + 1);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') fail(e);
    }
  }, [client, settings, specs, params, save, fail, onError]);

  async function showResult(final: BacktestStatus, signal?: AbortSignal) {
    setStatus(final);
    if (final.state === 'failed') {
      setRuntimeError(final.error);
      if (final.error?.line) setReveal({ line: final.error.line, column: final.error.column, nonce: Date.now() });
    } else if (final.state === 'completed') {
      const s = await client.getSeries(final.id);
      if (!signal?.aborted) setSeries(s);
    }
  }

  async function openRun(id: string) {
    watch.current?.abort();
    setTab('backtest');
    setSeries(undefined);
    try {
      const s = await client.getBacktest(id);
      if (isTerminal(s.state)) await showResult(s);
      else setStatus(s);
    } catch (e) { fail(e); }
  }

  async function openStrategy(id: string) {
    if (dirty && !confirm('Discard unsaved changes?')) return;
    try {
      const s = await client.getStrategy(id);
      setOpen({ id: s.id, name: s.name, source: s.source, savedSource: s.source, versionId: s.latestVersionId });
      setDocKey((k) => k + 1);
      setStatus(undefined); setSeries(undefined); setRuntimeError(undefined);
    } catch (e) { fail(e); }
  }

  function pickTemplate(t: StrategyTemplate) {
    if (dirty && open.source !== t.source && !confirm('Replace the editor content? Unsaved changes are lost.')) return;
    setOpen(fresh(t));
    setDocKey((k) => k + 1);
    setDialog(undefined);
    setStatus(undefined); setSeries(undefined); setRuntimeError(undefined);
  }

  useGlobalShortcuts({ onSave: () => void save(), onRun: () => void run() });
  useEffect(() => { if (!notice) return; const t = setTimeout(() => setNotice(undefined), 2500); return () => clearTimeout(t); }, [notice]);

  const errorCount = problems.filter((p) => p.severity === 'error').length;
  return (
    <div className="ide">
      <section className="ide-editor" aria-label="Strategy editor">
        <div className="toolbar editor-bar">
          <label className="sr-only" htmlFor="strategy-name">Strategy name</label>
          <input id="strategy-name" className="name" value={open.name} onChange={(e) => setOpen((o) => ({ ...o, name: e.target.value, savedSource: o.name === e.target.value ? o.savedSource : '' }))} />
          <select aria-label="Open a saved strategy" value={open.id ?? ''} onChange={(e) => e.target.value && openStrategy(e.target.value)}>
            <option value="">{open.id ? 'Saved strategies…' : 'Unsaved strategy'}</option>
            {strategies.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
          <button type="button" onClick={() => setDialog('templates')}>Templates</button>
          <button type="button" onClick={() => setDialog('history')} disabled={!open.id}>History</button>
          <button type="button" className="primary" onClick={() => void save()} disabled={saving} aria-keyshortcuts="Control+S Meta+S">
            {saving ? 'Saving…' : dirty || !open.id ? 'Save' : 'Saved'} <kbd>Ctrl+S</kbd>
          </button>
          {notice && <span role="status" className="notice">{notice}</span>}
        </div>
        <Suspense fallback={<div className="code-editor loading">Loading editor…</div>}>
          <CodeEditor value={open.source} docKey={docKey} onChange={(source) => setOpen((o) => (o.source === source ? o : { ...o, source }))}
            serverDiagnostics={serverDiags} runtimeError={runtimeError} reveal={reveal}
            onSave={() => void save()} onRun={() => void run()} onProblems={setProblems} />
        </Suspense>
        <ProblemsList problems={problems} errorCount={errorCount} onReveal={(line, column) => setReveal({ line, column, nonce: Date.now() })} />
      </section>
      <section className="ide-tester" aria-label="Strategy tester">
        <div role="tablist" className="tabs" aria-label="Tester">
          {(['backtest', 'runs', 'optimise'] as const).map((t) => (
            <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => setTab(t)}>
              {t === 'backtest' ? 'Backtest' : t === 'runs' ? 'Past runs' : 'Optimise'}
            </button>
          ))}
        </div>
        <div role="tabpanel" className="tab-panel">
          {tab === 'backtest' && (
            <BacktestTab catalog={catalog} settings={settings} onSettings={setSettings} specs={specs} params={params} onParams={setParams}
              status={status} series={series} canRun={!saving} onRun={() => void run()}
              onCancel={() => status && client.cancelBacktest(status.id).catch(fail)}
              onReveal={(line, column) => setReveal({ line, column, nonce: Date.now() })} />
          )}
          {tab === 'runs' && <RunsTab client={client} strategyId={open.id} refreshKey={savedKey} onOpen={openRun} />}
          {tab === 'optimise' && (
            <OptimisePanel client={client} specs={specs} params={params} settings={settings} ensureSaved={save}
              onApplyParams={(p) => { setParams(p); setTab('backtest'); }} onError={(m) => onError(m)} />
          )}
        </div>
      </section>
      {dialog === 'templates' && <TemplateGallery onPick={pickTemplate} onClose={() => setDialog(undefined)} />}
      {dialog === 'history' && open.id && (
        <VersionHistory client={client} strategyId={open.id} currentSource={open.source} refreshKey={savedKey}
          onRestore={(source) => { setOpen((o) => ({ ...o, source })); setDocKey((k) => k + 1); setDialog(undefined); }} onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}

function loadDraft(): OpenStrategy | undefined {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as OpenStrategy) : undefined;
  } catch {
    return undefined;
  }
}

function pickKnown(p: ParamValues, specs: ParamSpecs): ParamValues {
  return Object.fromEntries(Object.entries(p).filter(([k]) => k in specs && specs[k]!.type !== undefined));
}

