import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBars } from '../adapters/synthetic-candles.ts';
import { SMA_CROSS, THROWS_AT_BAR } from '../test-support/strategies.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./strata.ts', import.meta.url));
let dir: string;

async function strata(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  const from = Date.UTC(2024, 0, 1);
  const b = syntheticBars({ venue: 'x', symbol: 'BTC/USDT', timeframe: '1m', from, to: from + 600 * 60_000 });
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < b.time.length; i++) rows.push([new Date(b.time[i]!).toISOString(), b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]].join(','));
  writeFileSync(join(dir, 'candles.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'bad.csv'), `${rows.slice(0, 5).join('\n')}\n2024-01-01T00:05:00Z,100,90,95,96,1\n`);
  writeFileSync(join(dir, 'sma.ts'), SMA_CROSS);
  writeFileSync(join(dir, 'throws.ts'), THROWS_AT_BAR);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('strata CLI', () => {
  it('backtests a strategy over a CSV and prints the report as JSON', async () => {
    const r = await strata('backtest', join(dir, 'sma.ts'), '--data', join(dir, 'candles.csv'), '--param', 'fast=5', '--param', 'slow=20', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ strategy: 'SMA cross', params: { fast: 5, slow: 20 }, bars: 600, timeframe: '1m' });
    expect(typeof report.metrics.totalReturn).toBe('number');
    expect(report.trades.length).toBeGreaterThan(0);
    expect(report.metrics.numberOfTrades ?? report.metrics.trades ?? report.trades.length).toBe(report.trades.length);
  });

  it('prints a readable table without --json', async () => {
    const r = await strata('backtest', join(dir, 'sma.ts'), '--data', join(dir, 'candles.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Strategy\s+SMA cross/m);
    expect(r.stdout).toMatch(/^totalReturn\s+-?\d/m);
    expect(r.stdout).toMatch(/fast=10 slow=30/);
  });

  it('reports bad input and strategy errors with their lines', async () => {
    const csv = await strata('backtest', join(dir, 'sma.ts'), '--data', join(dir, 'bad.csv'));
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/line 6/);
    const param = await strata('backtest', join(dir, 'sma.ts'), '--data', join(dir, 'candles.csv'), '--param', 'fast=1');
    expect(param.code).toBe(1);
    expect(param.stderr).toMatch(/fast expected a value between 2 and 100, received 1/);
    const thrown = await strata('backtest', join(dir, 'throws.ts'), '--data', join(dir, 'candles.csv'), '--param', 'failAt=10');
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toMatch(/STRATEGY_ERROR: .*boom at bar 10.*throws\.ts:9/);
    expect((await strata('nope')).code).toBe(2);
  });
});
