// Translation between the server's JSON and the app's types (types.ts). Everything that knows the
// server's field names lives here and in client.ts, so the UI never changes when the API does.
// Each mapper accepts both the shape the services ship today and the one first specified for web/.
import type {
  BacktestStatus, BacktestSummary, CatalogEntry, Candle, CheckResult, IndicatorLine, JobState, LogLine, OptimisationStatus,
  Progress, QuotaUsage, SaveResult, StrategySummary, StrategyVersion, Trade, Usage, VenueModel, WalkForwardFold,
} from './types.ts';

type Obj = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);
/** ms since epoch from a number or an ISO string. */
export const ms = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? (Number.isNaN(Date.parse(v)) ? null : Date.parse(v)) : null);
const iso = (t: number) => new Date(t).toISOString();

export function toState(s: unknown): JobState {
  switch (s) {
    case 'completed': case 'failed': case 'canceled': case 'queued': return s;
    case 'cancelled': return 'canceled';
    case 'waiting': case 'delayed': return 'queued';
    default: return 'running'; // running, active, canceling
  }
}

export function toProgress(p: unknown, state: JobState): Progress {
  const o = (p ?? {}) as Obj;
  const percent = num(o.percent) ?? (state === 'completed' ? 100 : 0);
  return { percent, etaMs: num(o.etaMs) ?? null };
}

export function toStrategySummary(r: Obj): StrategySummary {
  const latest = r.latestVersionId ?? r.latestVersion;
  return { id: String(r.id), name: String(r.name ?? ''), createdAt: String(r.createdAt ?? ''), updatedAt: String(r.updatedAt ?? ''), latestVersionId: latest === undefined ? undefined : String(latest) };
}

/** `{strategy, version}` (logic service) or `{id, versionId}`. */
export function toSaveResult(r: Obj): SaveResult {
  const s = (r.strategy ?? r) as Obj;
  const v = r.version as Obj | number | null | undefined;
  const versionId = r.versionId ?? (typeof v === 'object' && v ? v.version ?? v.id : v) ?? s.latestVersion;
  return { id: String(s.id), versionId: String(versionId) };
}

export function toVersion(r: Obj): StrategyVersion {
  const n = num(r.number) ?? num(r.version) ?? 0;
  return { id: String(r.id ?? n), number: n, createdAt: String(r.createdAt ?? ''), message: (r.message ?? r.note) as string | undefined || undefined };
}

export function toCheckResult(r: Obj): CheckResult {
  const meta = (r.meta ?? {}) as Obj;
  return {
    diagnostics: ((r.diagnostics ?? []) as Obj[]).map((d) => ({
      line: num(d.line) ?? 1, column: num(d.column) ?? 1, endLine: num(d.endLine), endColumn: num(d.endColumn),
      message: String(d.message), severity: (d.severity as 'error') ?? 'error', code: d.code as string,
    })),
    params: (r.params ?? meta.params ?? {}) as CheckResult['params'],
  };
}

/** The engine's venue model: slippage is a model object, not a number of basis points. */
export function toWireVenueModel(m: VenueModel): Obj {
  return { makerFee: m.makerFee, takerFee: m.takerFee, fillOn: m.fillOn, slippage: m.slippageBps > 0 ? { kind: 'fixedBps', bps: m.slippageBps } : { kind: 'none' } };
}

export const toWireTime = iso;

export function toTrade(t: Obj, i: number): Trade {
  const entryPrice = num(t.entryPrice) ?? 0, qty = Math.abs(num(t.qty) ?? 0), pnl = num(t.pnl) ?? 0;
  const dir = t.side ?? ((num(t.direction) ?? 1) >= 0 ? 'long' : 'short');
  return {
    id: String(t.id ?? t.seq ?? i), symbol: String(t.symbol ?? ''), side: dir as Trade['side'],
    entryTime: ms(t.entryTime) ?? 0, entryPrice, exitTime: ms(t.exitTime), exitPrice: t.exitPrice === null || t.exitPrice === undefined ? null : num(t.exitPrice) ?? null,
    qty, pnl, pnlPct: num(t.pnlPct) ?? (entryPrice * qty > 0 ? pnl / (entryPrice * qty) : 0), fees: num(t.fees) ?? 0,
  };
}

export function toLog(l: unknown): LogLine {
  if (typeof l === 'string') return { time: 0, level: 'info', message: l };
  const o = l as Obj;
  return { time: num(o.time) ?? 0, level: (o.level as LogLine['level']) ?? 'info', message: String(o.message ?? ''), line: num(o.line), column: num(o.column) };
}

function toUsage(u: unknown): Usage | undefined {
  const o = u as Obj | null | undefined;
  if (!o || num(o.cpuMs) === undefined) return undefined;
  const isolate = o.isolate === 'fresh' || o.isolate === 'spare' || o.isolate === 'warm' ? o.isolate : undefined;
  return { cpuMs: num(o.cpuMs)!, wallMs: num(o.wallMs), peakHeapBytes: num(o.peakHeapBytes), barsProcessed: num(o.barsProcessed), ordersEmitted: num(o.ordersEmitted), isolate };
}

/** GET /backtests/:id: the row plus `result` (logic service) or `{state, report}`. */
export function toBacktestStatus(r: Obj, trades: Trade[] = []): BacktestStatus {
  const state = toState(r.state ?? r.status);
  const result = (r.report ?? r.result) as Obj | null | undefined;
  const err = r.error as Obj | null | undefined;
  const logs = (result?.logs ?? (r.logs as unknown[] | undefined) ?? []) as unknown[];
  return {
    id: String(r.id), state, progress: toProgress(r.progress, state),
    report: result ? {
      metrics: (result.metrics ?? {}) as Record<string, number | null>,
      trades: result.trades ? (result.trades as Obj[]).map(toTrade) : trades,
      logs: (Array.isArray(logs) ? logs : ((logs as Obj).lines as unknown[]) ?? []).map(toLog),
    } : undefined,
    error: err ? { code: String(err.code ?? 'ERROR'), message: String(err.message ?? ''), line: num(err.line), column: num(err.column) } : undefined,
    usage: toUsage(r.usage ?? result?.usage ?? err?.usage),
  };
}

export function toBacktestSummary(r: Obj): BacktestSummary {
  const result = (r.result ?? {}) as Obj;
  return {
    id: String(r.id), strategyId: String(r.strategyId), versionId: String(r.versionId ?? r.version), symbol: String(r.symbol), timeframe: String(r.timeframe),
    from: ms(r.from) ?? 0, to: ms(r.to) ?? 0, state: toState(r.state ?? r.status), createdAt: String(r.createdAt ?? ''),
    metrics: (r.metrics ?? result.metrics) as BacktestSummary['metrics'],
  };
}

export function toCatalogEntry(r: Obj): CatalogEntry | null {
  const from = ms(r.from ?? r.firstTs), to = ms(r.to ?? r.lastTs);
  if (from === null || to === null) return null;
  return { venue: String(r.venue), symbol: String(r.symbol), timeframe: String(r.timeframe), from, to, count: num(r.count ?? r.bars) ?? 0 };
}

/** The series endpoint's `plots: [{ name, pane, color?, t: [], v: [] }]` (v null = gap). */
export function toIndicators(plots: unknown): IndicatorLine[] {
  if (!Array.isArray(plots)) return [];
  return (plots as Obj[]).filter((p) => typeof p?.name === 'string' && Array.isArray(p.t) && Array.isArray(p.v)).map((p) => {
    const t = p.t as unknown[], v = p.v as unknown[];
    return {
      name: p.name as string, pane: p.pane === 'separate' ? 'separate' : 'price', color: typeof p.color === 'string' ? p.color : undefined,
      points: t.map((time, i) => ({ time: num(time) ?? 0, value: num(v[i]) ?? null })),
    };
  });
}

/** `[ts, o, h, l, c, v]` rows or candle objects. */
export function toCandle(r: unknown): Candle {
  if (Array.isArray(r)) return { time: r[0], open: r[1], high: r[2], low: r[3], close: r[4], volume: r[5] ?? 0 };
  const o = r as Obj;
  return { time: ms(o.time ?? o.ts) ?? 0, open: num(o.open)!, high: num(o.high)!, low: num(o.low)!, close: num(o.close)!, volume: num(o.volume) ?? 0 };
}

/** GET /optimisations/:id: the row, `progress: {total, finished}` and, once done, `result.ranked` and `result.folds`. */
export function toOptimisationStatus(r: Obj): OptimisationStatus {
  const state = toState(r.state ?? r.status);
  const result = (r.result ?? {}) as Obj;
  const firstArray = (...xs: unknown[]) => (xs.find(Array.isArray) ?? []) as Obj[];
  const trials = firstArray(r.trials, result.ranked, result.trials, r.ranked).map((t, i) => ({
    params: (t.params ?? {}) as OptimisationStatus['trials'][number]['params'],
    metrics: { ...((t.metrics ?? {}) as Record<string, number | null>), objective: num(t.score) ?? null },
    rank: num(t.rank) ?? i + 1,
  }));
  const pr = (r.progress ?? {}) as Obj;
  const total = num(pr.total), finished = num(pr.finished);
  const progress = total !== undefined && finished !== undefined && pr.percent === undefined
    ? { percent: total > 0 ? (finished / total) * 100 : state === 'completed' ? 100 : 0, etaMs: null }
    : toProgress(r.progress, state);
  const wf = (r.walkForward ?? undefined) as Obj | undefined;
  const folds = firstArray(wf?.folds, result.folds).map((f): WalkForwardFold => {
    const ins = (f.inSample ?? {}) as Obj, oos = (f.outOfSample ?? {}) as Obj;
    return {
      fold: num(f.fold) ?? 0, trainFrom: num(f.trainFrom ?? ins.from) ?? 0, trainTo: num(f.trainTo ?? ins.to) ?? 0,
      testFrom: num(f.testFrom ?? oos.from) ?? 0, testTo: num(f.testTo ?? oos.to) ?? 0,
      bestParams: (f.bestParams ?? {}) as WalkForwardFold['bestParams'],
      trainScore: num(f.trainScore ?? f.inSampleScore) ?? null, testScore: num(f.testScore ?? f.outOfSampleScore) ?? null,
    };
  });
  const decay = (result.decay ?? {}) as Obj;
  const err = r.error as Obj | null | undefined;
  return {
    id: String(r.id), state, progress, trials,
    // a single fold without out-of-sample data is a plain search, not a walk-forward
    walkForward: folds.length > 1 || folds.some((f) => f.testTo > 0) ? { folds, efficiency: num(wf?.efficiency ?? decay.meanEfficiency) ?? null } : undefined,
    error: err ? { code: String(err.code), message: String(err.message) } : undefined,
  };
}

/** Quotas as `{ name: {used, limit} }`, from either that shape or `[{ quota, used, limit }]`. */
export function normaliseQuotas(q: unknown): Record<string, QuotaUsage> {
  if (Array.isArray(q)) {
    return Object.fromEntries(q.map((x: { quota: string; used: number; limit: number | null }) =>
      [x.quota, { used: x.used, limit: x.limit === null || !Number.isFinite(x.limit) ? null : x.limit }]));
  }
  return (q ?? {}) as Record<string, QuotaUsage>;
}
