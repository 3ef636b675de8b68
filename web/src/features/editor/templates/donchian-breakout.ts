import type { StrategyTemplate } from './template.ts';

export const donchianBreakout: StrategyTemplate = {
  id: 'donchian-breakout',
  name: 'Donchian breakout',
  description: 'Turtle-style: buy a new N-bar high, exit on an M-bar low; position sized by ATR risk.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'Donchian breakout',
  params: {
    entry: { type: 'int', default: 20, min: 5, max: 100, step: 1, label: 'Entry channel' },
    exit: { type: 'int', default: 10, min: 3, max: 60, step: 1, label: 'Exit channel' },
    riskPerTrade: { type: 'float', default: 0.01, min: 0.002, max: 0.05, step: 0.002, label: 'Risk per trade' },
  },
  onStart(ctx) {
    const p = ctx.params;
    return { entry: ta.donchian(p.entry), exit: ta.donchian(p.exit), atr: ta.atr(20), lastEntry: undefined as
      | { upper: number; lower: number } | undefined, lastExit: undefined as { lower: number } | undefined };
  },
  onBar(ctx, s) {
    const { high, low, close } = ctx.bar;
    const atr = s.atr.update(high, low, close);
    const qty = ctx.portfolio.position(ctx.symbol).qty;
    // compare against the channel of the previous bars so the current bar can break it
    if (s.lastEntry && atr !== undefined && qty === 0 && close > s.lastEntry.upper) {
      const units = (ctx.portfolio.equity * ctx.params.riskPerTrade) / (2 * atr);
      ctx.orders.market(ctx.symbol, 'buy', units, { stopLoss: close - 2 * atr });
    } else if (s.lastExit && qty > 0 && close < s.lastExit.lower) {
      ctx.orders.target(ctx.symbol, { kind: 'targetQty', value: 0 });
    }
    s.lastEntry = s.entry.update(high, low);
    s.lastExit = s.exit.update(high, low);
  },
});
`,
};
