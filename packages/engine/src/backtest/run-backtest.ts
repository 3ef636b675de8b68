import type { BacktestInput, BacktestOutput } from '../contract.ts';
import { createBacktest } from './create-backtest.ts';

/** Convenience for callers that need no progress or CPU budget: every bar in one go, then finish. */
export function runBacktest(input: BacktestInput): BacktestOutput {
  const bt = createBacktest(input);
  bt.step(bt.length);
  return bt.finish();
}
