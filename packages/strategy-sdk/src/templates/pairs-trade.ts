import type { StrategyTemplate } from './template.ts';

export const pairsTrade: StrategyTemplate = {
  id: 'pairs-trade',
  name: 'Pairs trade (two symbols)',
  description: 'Trades the z-score of the log-price spread between the primary symbol and a second one.',
  source: `import { defineStrategy, ta } from '@strata/sdk';

const OTHER = 'ETH/USDT';

export default defineStrategy({
  apiVersion: 1,
  name: 'Pairs trade',
  series: [{ symbol: OTHER, timeframe: '1h' }],
  params: {
    lookback: { type: 'int', default: 60, min: 20, max: 300, step: 10, label: 'Lookback' },
    entryZ: { type: 'float', default: 2, min: 1, max: 3.5, step: 0.25, label: 'Enter at |z|' },
    exitZ: { type: 'float', default: 0.5, min: 0, max: 1.5, step: 0.25, label: 'Exit at |z|' },
    leg: { type: 'float', default: 0.4, min: 0.1, max: 0.5, step: 0.05, label: 'Equity per leg' },
  },
  onStart(ctx) {
    return { mean: ta.sma(ctx.params.lookback), sd: ta.stdDev(ctx.params.lookback) };
  },
  onBar(ctx, s) {
    const other = ctx.series(OTHER).bar();
    if (!other) return;
    const spread = Math.log(ctx.bar.close) - Math.log(other.close);
    const mean = s.mean.update(spread);
    const sd = s.sd.update(spread);
    if (!s.sd.ready || sd === 0) return;
    const z = (spread - mean) / sd;
    ctx.plot('Spread z-score', z, { pane: 'separate', color: '#20c997' });
    const leg = ctx.params.leg;
    const inTrade = ctx.portfolio.position(ctx.symbol).qty !== 0;
    if (!inTrade && z > ctx.params.entryZ) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: -leg });
      ctx.orders.target(OTHER, { kind: 'targetPercent', value: leg });
    } else if (!inTrade && z < -ctx.params.entryZ) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: leg });
      ctx.orders.target(OTHER, { kind: 'targetPercent', value: -leg });
    } else if (inTrade && Math.abs(z) < ctx.params.exitZ) {
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: 0 });
      ctx.orders.target(OTHER, { kind: 'targetPercent', value: 0 });
    }
  },
});
`,
};
