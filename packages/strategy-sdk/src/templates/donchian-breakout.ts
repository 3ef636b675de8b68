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
    return { entry: ta.donchian(p.entry), exit: ta.donchian(p.exit), atr: ta.atr(20), prevUpper: NaN, prevLower: NaN };
  },
  onBar(ctx, s) {
    const { high, low, close } = ctx.bar;
    const atr = s.atr.update(high, low, close);
    const qty = ctx.portfolio.position(ctx.symbol).qty;
    // compare against the channel of the previous bars so the current bar can break it (NaN compares false)
    if (s.atr.ready && qty === 0 && close > s.prevUpper) {
      const units = (ctx.portfolio.equity * ctx.params.riskPerTrade) / (2 * atr);
      ctx.orders.market(ctx.symbol, 'buy', units, { stopLoss: close - 2 * atr });
    } else if (qty > 0 && close < s.prevLower) {
      ctx.orders.target(ctx.symbol, { kind: 'targetQty', value: 0 });
    }
    ctx.plot('Entry channel high', s.prevUpper, { color: '#20c997' });
    ctx.plot('Exit channel low', s.prevLower, { color: '#e83e8c' });
    ctx.plot('ATR', atr, { pane: 'separate', color: '#7b61ff' });
    s.entry.update(high, low);
    s.exit.update(high, low);
    s.prevUpper = s.entry.upper;
    s.prevLower = s.exit.lower;
  },
});
`,
};
