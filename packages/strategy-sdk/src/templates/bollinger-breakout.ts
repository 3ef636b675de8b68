import type { StrategyTemplate } from './template.ts';

export const bollingerBreakout: StrategyTemplate = {
  id: 'bollinger-breakout',
  name: 'Bollinger breakout',
  description: 'Enters on a close above the upper band, exits on a close below the middle band.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'Bollinger breakout',
  params: {
    period: { type: 'int', default: 20, min: 5, max: 100, step: 1, label: 'Band period' },
    width: { type: 'float', default: 2, min: 0.5, max: 4, step: 0.25, label: 'Width (std devs)' },
    allowShort: { type: 'bool', default: false, label: 'Allow shorts' },
  },
  onStart(ctx) {
    return { bands: ta.bollinger(ctx.params.period, ctx.params.width) };
  },
  onBar(ctx, s) {
    const b = s.bands;
    b.update(ctx.bar.close);
    ctx.plot('Upper band', b.upper, { color: '#20c997' });
    ctx.plot('Middle band', b.middle, { color: '#f5a623' });
    ctx.plot('Lower band', b.lower, { color: '#20c997' });
    if (!b.ready) return;
    const qty = ctx.portfolio.position(ctx.symbol).qty;
    const close = ctx.bar.close;
    if (qty <= 0 && close > b.upper) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: 1 });
    } else if (qty >= 0 && ctx.params.allowShort && close < b.lower) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: -1 });
    } else if ((qty > 0 && close < b.middle) || (qty < 0 && close > b.middle)) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: 0 });
    }
  },
});
`,
};
