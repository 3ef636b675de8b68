import { bollingerBreakout } from './bollinger-breakout.ts';
import { donchianBreakout } from './donchian-breakout.ts';
import { macdTrend } from './macd-trend.ts';
import { pairsTrade } from './pairs-trade.ts';
import { rsiMeanReversion } from './rsi-mean-reversion.ts';
import { smaCrossover } from './sma-crossover.ts';
import type { StrategyTemplate } from './template.ts';

export type { StrategyTemplate } from './template.ts';

export const TEMPLATES: readonly StrategyTemplate[] = [
  smaCrossover, rsiMeanReversion, bollingerBreakout, macdTrend, donchianBreakout, pairsTrade,
];
