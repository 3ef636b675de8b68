import type { StrategyTemplate } from './template.ts';

export const macdTrend: StrategyTemplate = {
  id: 'macd-trend',
  name: 'MACD trend',
  description: 'Follows the MACD histogram sign, filtered by a long EMA, with a trailing stop.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'MACD trend',
  params: {
    fast: { type: 'int', default: 12, min: 3, max: 50, step: 1 },
    slow: { type: 'int', default: 26, min: 10, max: 100, step: 1 },
    signal: { type: 'int', default: 9, min: 2, max: 30, step: 1 },
    trendFilter: { type: 'int', default: 200, min: 50, max: 400, step: 10, label: 'Trend EMA' },
    trailPercent: { type: 'float', default: 0.03, min: 0.005, max: 0.1, step: 0.005, label: 'Trailing stop' },
  },
  onStart(ctx) {
    const p = ctx.params;
    return { macd: ta.macd(p.fast, p.slow, p.signal), trend: ta.ema(p.trendFilter), prevHist: 0 };
  },
  onBar(ctx, s) {
    const m = s.macd;
    m.update(ctx.bar.close);
    const trend = s.trend.update(ctx.bar.close);
    ctx.plot('Trend EMA', trend, { color: '#f5a623' });
    ctx.plot('MACD', m.macd, { pane: 'separate', color: '#4dabf7' });
    ctx.plot('Signal', m.signal, { pane: 'separate', color: '#e83e8c' });
    if (!m.ready || !s.trend.ready) return;
    const flat = ctx.portfolio.position(ctx.symbol).qty === 0;
    if (flat && s.prevHist <= 0 && m.histogram > 0 && ctx.bar.close > trend) {
      ctx.orders.market(ctx.symbol, 'buy', { kind: 'percentEquity', value: 0.9 }, { tag: 'macd-long' });
      ctx.orders.trailingStop(ctx.symbol, 'sell', { kind: 'targetQty', value: 0 }, { percent: ctx.params.trailPercent });
    } else if (!flat && m.histogram < 0) {
      ctx.orders.cancelAll(ctx.symbol);
      ctx.orders.target(ctx.symbol, { kind: 'targetQty', value: 0 });
    }
    s.prevHist = m.histogram;
  },
});
`,
};
