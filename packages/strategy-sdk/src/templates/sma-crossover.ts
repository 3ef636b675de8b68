import type { StrategyTemplate } from './template.ts';

export const smaCrossover: StrategyTemplate = {
  id: 'sma-crossover',
  name: 'SMA crossover',
  description: 'Long when the fast moving average crosses above the slow one, flat when it crosses back.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'SMA crossover',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 100, step: 1, label: 'Fast period' },
    slow: { type: 'int', default: 30, min: 5, max: 300, step: 1, label: 'Slow period' },
    allocation: { type: 'float', default: 1, min: 0.1, max: 1, step: 0.1, label: 'Share of equity' },
  },
  onStart(ctx) {
    return { fast: ta.sma(ctx.params.fast), slow: ta.sma(ctx.params.slow), prevFast: NaN, prevSlow: NaN };
  },
  onBar(ctx, s) {
    const fast = s.fast.update(ctx.bar.close);
    const slow = s.slow.update(ctx.bar.close);
    ctx.plot('Fast SMA', fast, { color: '#f5a623' }); // NaN while warming up: a gap
    ctx.plot('Slow SMA', slow, { color: '#7b61ff' });
    if (!s.slow.ready) return; // indicators return NaN while they warm up
    if (ta.crossover(s.prevFast, s.prevSlow, fast, slow)) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: ctx.params.allocation });
      ctx.log('golden cross at', ctx.bar.close);
    } else if (ta.crossunder(s.prevFast, s.prevSlow, fast, slow)) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: 0 });
      ctx.log('death cross at', ctx.bar.close);
    }
    s.prevFast = fast;
    s.prevSlow = slow;
  },
});
`,
};
