#!/usr/bin/env node
/**
 * `strata` — the command line for strategy authors.
 *   strata backtest my-strategy.ts --data candles.csv [--param fast=10 ...] [--symbol BTC/USDT]
 *                   [--timeframe 1m] [--cash 10000] [--fee 0.001] [--json]
 * Runs the same sandbox, engine and report as the service, locally, with no server.
 * Exit codes: 0 success, 1 the strategy or data is at fault (message says what), 2 bad usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, runLocalBacktest } from './local-backtest.ts';
import { formatReport } from './format-report.ts';

const USAGE = 'usage: strata backtest <strategy.ts> --data <candles.csv> [--param name=value ...] [--symbol S] [--timeframe 1m] [--cash 10000] [--fee 0.001] [--json]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'backtest') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string' }, param: { type: 'string', multiple: true }, json: { type: 'boolean', default: false },
        symbol: { type: 'string' }, timeframe: { type: 'string' }, cash: { type: 'string' }, fee: { type: 'string' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = args.positionals[0];
  if (!file || !args.values.data) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const json = args.values.json === true;
  try {
    const report = await runLocalBacktest({
      source: await readFile(file, 'utf8'),
      csv: await readFile(args.values.data, 'utf8'),
      params: args.values.param ?? [],
      symbol: args.values.symbol,
      timeframe: args.values.timeframe,
      initialCash: args.values.cash !== undefined ? Number(args.values.cash) : undefined,
      fee: args.values.fee !== undefined ? Number(args.values.fee) : undefined,
    });
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } catch (err) {
    const e = err as Error & { code?: string; line?: number; column?: number; diagnostics?: { line: number; column: number; message: string }[]; kind?: string; details?: unknown };
    if (!(err instanceof CliError) && e.kind !== 'user') throw err;
    const where = e.line !== undefined ? ` (${file}:${e.line}${e.column !== undefined ? `:${e.column}` : ''})` : '';
    const diags = (e.diagnostics ?? []).map((d) => `  ${file}:${d.line}:${d.column} ${d.message}`).join('\n');
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: e.code ?? 'ERROR', message: e.message, line: e.line, column: e.column, diagnostics: e.diagnostics } }, null, 2)}\n`);
    else process.stderr.write(`error ${e.code ?? ''}: ${e.message}${where}\n${diags ? `${diags}\n` : ''}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
