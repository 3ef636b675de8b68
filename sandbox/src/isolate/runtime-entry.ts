/**
 * Trusted runtime bundled into every strategy isolate (see runtime-bundle.ts). Evaluating the bundle
 * returns `dispatch`, which the worker keeps as an ivm.Reference: it is never stored on the global
 * object, so user code cannot reach it. Every reply is built from primitives, fresh typed arrays and
 * strings produced here (sanitize.ts); every user failure is described as strings here, under the
 * timeout of the call that triggered it.
 */
import { intrinsics as I, clockCell, seedRandom, setClock, resetLogs, takeLogs } from './prelude.ts';
import { hardenRealm, deepFreeze } from './harden.ts';
import { boundedStringify, JsonTooLarge } from './bounded-json.ts';
import { createBacktest } from '@strata/engine';
import * as sdkModule from '@strata/strategy-sdk';
import { JsonBudget, OutputTooLarge, copyTyped, describeThrown, pickLog, str, num } from './sanitize.ts';
import { recordOutput } from './record-output.ts';
import { strategyCallSite } from './call-site.ts';
import { encodePlots } from './plot-output.ts';

interface RunConfig {
  seed: number;
  startTime: number;
  params: Record<string, number | boolean | string>;
  venue: any;
  risk?: any;
  initialCash: number;
  recordEvents: 'all' | 'fills' | 'none';
  limits: { maxLogBytes: number; maxOrdersPerBar: number; maxStateBytes: number; maxOutputBytes: number };
  series: { instrument: any; timeframe: string; length: number }[];
}

type Reply = Record<string, unknown>;

// frozen with the realm by 'harden' (its plan replays it), before any user code can run
const sdk = Object.freeze({ ...sdkModule });
const requireShim = function require(spec: unknown): unknown {
  if (spec === '@strata/sdk' || spec === '@strata/strategy-sdk') return sdk;
  throw new Error(`Cannot require "${I.String(spec)}": strategies may only import from "@strata/sdk"`);
};
// The realm is hardened by the worker's first call ('harden'), before any user code can run;
// 'meta' and 'start' refuse to run until it has been.
let hardened = false;

let def: any;
let bt: any;
let config: RunConfig;
/** The strategy's state object (what onStart returned): the engine passes this same object to every handler. */
let lastState: unknown;
/** The run's bar buffers, one per series; kept across runs of a warm isolate by `release(true)`. */
let runBars: ArrayBuffer[] = [];
let keptBars: ArrayBuffer[] | undefined;
const RESET_REGEXP = /(?:)/;
/** The primary series' time column as transferred in: the engine's output.time is a view of it. */
let primaryTime: Float64Array | undefined;

function fail(e: unknown, reason = 'threw'): Reply {
  if (e instanceof OutputTooLarge) return { ok: false, reason: 'output-too-large', message: e.message, stack: '' };
  const d = describeThrown(e);
  // V8 reports a refused ArrayBuffer allocation as a catchable RangeError: it is still the memory limit.
  if (d.name === 'RangeError' && d.message === 'Array buffer allocation failed') reason = 'memory';
  return { ok: false, reason, message: d.message, stack: d.stack, name: d.name };
}

function loadModule(factory: unknown): Reply | undefined {
  if (typeof factory !== 'function') return { ok: false, reason: 'invalid', message: 'strategy module did not load', stack: '' };
  const module = { exports: {} as any };
  factory(module, module.exports, requireShim);
  const exp = module.exports;
  const candidate = exp && typeof exp === 'object' && 'default' in exp ? exp.default : exp;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.onBar !== 'function') {
    return { ok: false, reason: 'invalid', message: 'the strategy module must `export default defineStrategy({ ... onBar(ctx, state) { ... } })`', stack: '' };
  }
  if (candidate.apiVersion !== 1) {
    return { ok: false, reason: 'invalid', message: `unsupported strategy apiVersion ${I.String(candidate.apiVersion)}; expected 1`, stack: '' };
  }
  def = candidate;
  return undefined;
}

function metaJson(): string {
  const params: Record<string, unknown> = {};
  const p = def.params;
  if (p && typeof p === 'object') {
    for (const k of Object.keys(p).slice(0, 200)) {
      const s = p[k];
      if (!s || typeof s !== 'object') continue;
      params[str(k, 100) ?? ''] = {
        type: str(s.type), default: typeof s.default === 'boolean' ? s.default : num(s.default) ?? str(s.default),
        min: num(s.min), max: num(s.max), step: num(s.step), label: str(s.label), description: str(s.description, 1024),
        options: Array.isArray(s.options) ? s.options.slice(0, 100).map((o: unknown) => str(o)).filter((o: unknown) => o !== undefined) : undefined,
      };
    }
  }
  const series = Array.isArray(def.series)
    ? def.series.slice(0, 20).map((x: any) => ({ symbol: str(x?.symbol), timeframe: str(x?.timeframe) }))
    : [];
  return I.stringify({ name: str(def.name), apiVersion: 1, params, series, maxLookback: num(def.maxLookback) }) as string;
}

/**
 * Prototypes of the views the engine hands to user code are frozen before any handler runs (results
 * integrity). Once per run, at start: a check in the per-bar path cost a call on every bar.
 */
function hardenHandedOut(ctx: any): void {
  const seen = new WeakSet<object>();
  const views: unknown[] = [ctx, ctx?.portfolio, ctx?.orders];
  try {
    views.push(ctx.series(), ctx.portfolio.position());
  } catch {
    // a view the engine cannot produce yet (no position) is never handed out unfrozen: it does not exist
  }
  for (const v of views) {
    if (v && typeof v === 'object') deepFreeze(I.getPrototypeOf(v), seen);
  }
}

/**
 * The engine's view of the user's definition: the handlers keep `this` bound to the user's object.
 * The engine writes event time into `clockCell` (RunOptions.clock) before every handler, and the
 * state object is fixed by onStart, so onBar needs no bookkeeping of its own: it is the hot path.
 */
function wrapDefinition(d: any): any {
  const w: any = {
    apiVersion: 1, name: d.name, params: d.params, series: d.series, maxLookback: d.maxLookback,
    onBar(ctx: any, s: unknown) { d.onBar(ctx, s); },
  };
  if (typeof d.onStart === 'function') w.onStart = (ctx: any) => { lastState = d.onStart(ctx); return lastState; };
  if (typeof d.onOrder === 'function') w.onOrder = (ctx: any, s: unknown, ev: any) => { d.onOrder(ctx, s, ev); };
  if (typeof d.onStop === 'function') w.onStop = (ctx: any, s: unknown) => { d.onStop(ctx, s); };
  if (typeof d.saveState === 'function') w.saveState = (s: unknown) => d.saveState(s);
  if (typeof d.loadState === 'function') w.loadState = (saved: unknown, ctx: any) => d.loadState(saved, ctx);
  return w;
}

function start(factory: unknown, configJson: string, sent: ArrayBuffer[]): Reply {
  // a warm isolate's next run of the same dataset gets no bars: it uses those its last run kept
  const buffers = sent.length === 0 && keptBars ? keptBars : sent;
  keptBars = undefined;
  // legacy RegExp statics (RegExp.$1, lastMatch) are realm-wide: a warm isolate's run must not see the last one's
  RESET_REGEXP.exec('');
  config = I.parse(configJson);
  seedRandom(config.seed);
  setClock(config.startTime);
  resetLogs(config.limits.maxLogBytes);
  const bad = loadModule(factory);
  if (bad) return bad;
  primaryTime = undefined;
  lastState = undefined;
  runBars = [];
  const series = config.series.map((s, i) => {
    const buf = buffers[i];
    if (!(buf instanceof ArrayBuffer) || buf.byteLength !== s.length * 48) throw new TypeError(`bar data for series ${i} did not arrive`);
    const n = s.length;
    const col = (k: number) => new Float64Array(buf, k * n * 8, n);
    const time = col(0);
    if (i === 0) primaryTime = time;
    runBars.push(buf);
    return {
      instrument: s.instrument, timeframe: s.timeframe,
      bars: { time, open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) },
    };
  });
  bt = createBacktest({
    strategy: wrapDefinition(def), params: config.params, series, venue: config.venue, risk: config.risk,
    initialCash: config.initialCash,
    caps: {
      maxLogBytes: config.limits.maxLogBytes, maxOrdersPerBar: config.limits.maxOrdersPerBar, recordEvents: config.recordEvents, logSite: strategyCallSite,
      // 'none' is the optimiser's trial mode: nobody draws a trial's chart, so its plot columns are not kept
      ...(config.recordEvents === 'none' ? { maxPlots: 0 } : {}),
    },
  }, { clock: clockCell });
  hardenHandedOut(bt.ctx);
  return { ok: true, length: num(bt.length) ?? 0 };
}

function finish(): Reply {
  const out = bt.finish();
  const n = config.series[0]?.length ?? 0;
  const budget = new JsonBudget(config.limits.maxOutputBytes);
  const t = out.trades ?? {};
  const maxTrades = 10_000_000;
  const trades = {
    symbolIndex: copyTyped(t.symbolIndex, 'Int32Array', maxTrades), direction: copyTyped(t.direction, 'Int8Array', maxTrades),
    entryTime: copyTyped(t.entryTime, 'Float64Array', maxTrades), exitTime: copyTyped(t.exitTime, 'Float64Array', maxTrades),
    entryPrice: copyTyped(t.entryPrice, 'Float64Array', maxTrades), exitPrice: copyTyped(t.exitPrice, 'Float64Array', maxTrades),
    qty: copyTyped(t.qty, 'Float64Array', maxTrades), pnl: copyTyped(t.pnl, 'Float64Array', maxTrades),
    fees: copyTyped(t.fees, 'Float64Array', maxTrades), mae: copyTyped(t.mae, 'Float64Array', maxTrades),
    mfe: copyTyped(t.mfe, 'Float64Array', maxTrades),
  };
  const consoleLogs = takeLogs();
  const record = recordOutput(out.record, budget);
  const plots = encodePlots(out.plots, n, budget);
  const json = '{"logs":' + budget.array(out.logs, pickLog)
    + ',"console":' + budget.array(consoleLogs.lines, pickLog)
    + ',"symbols":' + budget.array(out.symbols, (s: unknown) => ({ s: str(s) }))
    + ',"strings":' + record.strings
    + ',"plots":' + (I.stringify(plots.meta) as string)
    + ',"plotsDropped":' + (I.stringify(num(out.plotsDropped) ?? 0) as string)
    + '}';
  // output.time is a prefix view of the bar times the pool sent in (engine contract: "the primary
  // series' own times"): then only its length goes back and the pool takes the times from its input.
  const ot = out.time as Float64Array;
  const timeIsInput = primaryTime !== undefined && I.isView(ot) && brandOf(ot) === '[object Float64Array]'
    && ot.buffer === primaryTime.buffer && ot.byteOffset === primaryTime.byteOffset && ot.length <= primaryTime.length;
  let state: string | undefined;
  if (typeof def.saveState === 'function') {
    try {
      state = boundedStringify(def.saveState(lastState), config.limits.maxStateBytes);
    } catch (e) {
      if (!(e instanceof JsonTooLarge)) throw e;
      return { ok: false, reason: 'state-too-large', message: `saveState returned a value larger than ${config.limits.maxStateBytes} bytes of JSON`, stack: '' };
    }
  }
  return {
    ok: true, json, state: typeof state === 'string' ? state : undefined,
    ...(timeIsInput ? { timeFromInput: ot.length } : { time: copyTyped(out.time, 'Float64Array', n) }),
    cols: { ...record.cols, ...plots.cols },
    equity: copyTyped(out.equity, 'Float64Array', n),
    exposure: copyTyped(out.exposure, 'Uint8Array', n), trades,
    logsDropped: num(out.logsDropped) ?? 0, consoleDropped: consoleLogs.dropped, feesPaid: num(out.feesPaid) ?? 0,
    barsProcessed: num(out.barsProcessed) ?? 0, ordersEmitted: num(out.ordersEmitted) ?? 0,
  };
}

/**
 * Drops every reference to the finished run (engine, strategy module, state, logs), so that an
 * isolate kept warm for the next run of the same strategy (pool/warm-isolate.ts) holds nothing of
 * it but, with `keepBars`, its bars: the engine never hands them to user code and never writes them.
 */
function release(keepBars: unknown): void {
  keptBars = keepBars === true && runBars.length > 0 ? runBars : undefined;
  bt = undefined; def = undefined; lastState = undefined; primaryTime = undefined; runBars = [];
  resetLogs(0);
}

function brandOf(v: unknown): string { return I.apply(I.toStringTag, v, []) as string; }

function dispatch(op: string, a?: unknown, b?: unknown, ...rest: unknown[]): Reply {
  try {
    switch (op) {
      case 'harden': {
        if (hardened) return { ok: true };
        const plan = hardenRealm(typeof a === 'string' ? I.parse(a) : undefined, { sdk, require: requireShim });
        hardened = true;
        // the plan is our own (no user code has run in this isolate): the worker reuses it
        return { ok: true, plan: typeof a !== 'string' && plan ? I.stringify(plan) : undefined };
      }
      case 'meta': case 'start':
        if (!hardened) return { ok: false, reason: 'invalid', message: 'runtime not hardened', stack: '' };
        break;
      default: break;
    }
    switch (op) {
      case 'meta': {
        seedRandom(0); setClock(0); resetLogs(4096);
        const bad = loadModule(a);
        return bad ?? { ok: true, json: metaJson() };
      }
      case 'start': return start(a, b as string, rest as ArrayBuffer[]);
      case 'step': return { ok: true, next: num(bt.step(a as number)) ?? 0 };
      case 'finish': return finish();
      case 'release': release(a); return { ok: true };
      default: return { ok: false, reason: 'invalid', message: `unknown op ${op}`, stack: '' };
    }
  } catch (e) {
    try {
      return fail(e);
    } catch {
      return { ok: false, reason: 'threw', message: '[thrown value could not be described]', stack: '' };
    }
  }
}

export default dispatch;
