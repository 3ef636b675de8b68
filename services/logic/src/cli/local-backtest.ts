import { createSandboxPool } from '@strata/sandbox';
import type { BarColumns } from '@strata/engine';
import type { ParamSpecs } from '@strata/strategy-sdk';
import { createSandboxRunner } from '../adapters/sandbox-runner.ts';
import { coerceParamText, normaliseParamSpecs, resolveParams } from '../domain/params.ts';
import { resolveMarket } from '../domain/run-request.ts';
import { tradesOf } from '../domain/backtest-processor.ts';

export interface LocalBacktestInput {
  source: string;
  csv: string;
  /** `name=value` pairs as typed on the command line. */
  params?: string[];
  symbol?: string;
  timeframe?: string;
  initialCash?: number;
  fee?: number;
}

export class CliError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * A backtest on the author's machine: same sandbox, same engine and report as the service, data
 * from a CSV file validated by services/data's importer rules, no server or database.
 */
export async function runLocalBacktest(input: LocalBacktestInput) {
  // services/data's importer rules validate the file; its `csv` entry point is the parser alone
  // (the package index pulls in ccxt, pg and fastify: ~0.8 s of start-up the CLI does not need).
  const { parseCandlesCsv } = await import('@strata/svc-data/csv');
  const parsed = parseCandlesCsv(input.csv, input.timeframe);
  if (parsed.errors.length > 0) {
    const first = parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.code} ${e.message}`).join('\n');
    throw new CliError('CSV_INVALID', `The CSV file has ${parsed.errors.length} problem(s):\n${first}`, parsed.errors);
  }
  if (parsed.candles.length === 0) throw new CliError('CSV_EMPTY', 'The CSV file holds no candles.');
  const n = parsed.candles.length;
  const bars: BarColumns = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  parsed.candles.forEach((c, i) => {
    bars.time[i] = c.ts; bars.open[i] = c.open; bars.high[i] = c.high; bars.low[i] = c.low; bars.close[i] = c.close; bars.volume[i] = c.volume;
  });
  const timeframe = input.timeframe ?? inferTimeframe(bars.time);
  const pool = createSandboxPool({ size: 1 });
  try {
    const meta = await pool.readStrategyMeta(input.source);
    const declared = normaliseParamSpecs(meta.params as Record<string, Record<string, unknown>>);
    if (declared.problems.length > 0) throw new CliError('PARAM_SPEC_INVALID', declared.problems.map((p) => `parameter ${p.param} ${p.message}`).join('\n'));
    const specs: ParamSpecs = declared.specs;
    const given: Record<string, unknown> = {};
    for (const kv of input.params ?? []) {
      const at = kv.indexOf('=');
      if (at <= 0) throw new CliError('PARAM_INVALID', `--param expects name=value, received "${kv}"`);
      const name = kv.slice(0, at);
      given[name] = coerceParamText(specs, name, kv.slice(at + 1));
    }
    const { values, problems } = resolveParams(specs, given);
    if (problems.length > 0) throw new CliError('PARAM_INVALID', problems.map((p) => `${p.param} ${p.message}`).join('\n'), problems);
    const symbol = input.symbol ?? 'CSV';
    const market = resolveMarket({
      venue: 'local', symbol, timeframe, from: new Date(bars.time[0]!).toISOString(), to: new Date(bars.time[n - 1]! + 1).toISOString(),
      initialCash: input.initialCash, venueModel: input.fee !== undefined ? { makerFee: input.fee, takerFee: input.fee } : undefined,
    });
    const outcome = await createSandboxRunner(() => pool).run({
      source: input.source, params: values, bars, instrument: market.instrument, timeframe, venue: market.venueModel,
      risk: market.risk ?? undefined, initialCash: market.initialCash, seed: market.seed,
    });
    return {
      strategy: meta.name ?? null,
      params: values,
      bars: n,
      from: new Date(bars.time[0]!).toISOString(),
      to: new Date(bars.time[n - 1]!).toISOString(),
      timeframe,
      metrics: outcome.metrics,
      trades: tradesOf(outcome.output),
      logs: outcome.logs,
    };
  } finally {
    await pool.close();
  }
}

function inferTimeframe(time: Float64Array): string {
  if (time.length < 2) return '1m';
  const step = time[1]! - time[0]!;
  const named: Record<number, string> = { 60_000: '1m', 180_000: '3m', 300_000: '5m', 900_000: '15m', 1_800_000: '30m', 3_600_000: '1h', 14_400_000: '4h', 86_400_000: '1d' };
  return named[step] ?? '1m';
}
