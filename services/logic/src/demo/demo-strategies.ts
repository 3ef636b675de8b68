/**
 * The demo account's sample strategies: copies of the web editor's gallery templates
 * (web/src/features/editor/templates: sma-crossover, rsi-mean-reversion, bollinger-breakout), kept
 * here because a service must not import the web app. demo-strategies.test.ts fails when they drift.
 */
export interface DemoStrategy {
  /** The gallery template id it was copied from. */
  templateId: string;
  name: string;
  description: string;
  source: string;
}

export const DEMO_STRATEGIES: readonly DemoStrategy[] = [
  {
    templateId: 'sma-crossover',
    name: "SMA crossover",
    description: "Long when the fast moving average crosses above the slow one, flat when it crosses back.",
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
  },
  {
    templateId: 'rsi-mean-reversion',
    name: "RSI mean reversion",
    description: "Buys oversold dips (RSI below the lower band) and sells when RSI recovers above the upper band.",
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
  },
  {
    templateId: 'bollinger-breakout',
    name: "Bollinger breakout",
    description: "Enters on a close above the upper band, exits on a close below the middle band.",
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
  },
];
