import type { StrategyTemplate } from './template.ts';

export const rsiMeanReversion: StrategyTemplate = {
  id: 'rsi-mean-reversion',
  name: 'RSI mean reversion',
  description: 'Buys oversold dips (RSI below the lower band) and sells when RSI recovers above the upper band.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'RSI mean reversion',
  params: {
    period: { type: 'int', default: 14, min: 2, max: 50, step: 1, label: 'RSI period' },
    oversold: { type: 'float', default: 30, min: 5, max: 45, step: 1, label: 'Buy below' },
    overbought: { type: 'float', default: 70, min: 55, max: 95, step: 1, label: 'Sell above' },
    stopLossPct: { type: 'float', default: 0.05, min: 0.01, max: 0.2, step: 0.01, label: 'Stop loss (fraction)' },
  },
  onStart(ctx) {
    return { rsi: ta.rsi(ctx.params.period) };
  },
  onBar(ctx, s) {
    const rsi = s.rsi.update(ctx.bar.close);
    ctx.plot('RSI', rsi, { pane: 'separate', color: '#7b61ff' });
    if (!s.rsi.ready) return;
    const position = ctx.portfolio.position(ctx.symbol);
    if (position.qty === 0 && rsi < ctx.params.oversold) {
      ctx.orders.market(ctx.symbol, 'buy', { kind: 'percentEquity', value: 0.95 }, {
        stopLoss: ctx.bar.close * (1 - ctx.params.stopLossPct),
        tag: 'rsi-entry',
      });
    } else if (position.qty > 0 && rsi > ctx.params.overbought) {
      ctx.orders.target(ctx.symbol, { kind: 'targetQty', value: 0 }, { tag: 'rsi-exit' });
    }
  },
  onOrder(ctx, _s, event) {
    if (event.kind === 'denied') ctx.log('order denied:', event.code, event.reason);
  },
});
`,
};
