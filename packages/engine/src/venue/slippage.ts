import type { SlippageModel } from '../contract.ts';

/**
 * Taker fill price after slippage. `dir` is +1 for a buy (pays up) and -1 for a sell.
 * volumeShare: impact grows linearly with the share of the bar's fillable volume taken,
 * reaching `impactBps` when the fill uses the whole `maxShare * volume` capacity.
 */
export function slippedPrice(model: SlippageModel, price: number, dir: number, fillQty: number, barVolume: number): number {
  switch (model.kind) {
    case 'none':
      return price;
    case 'fixedBps':
      return price * (1 + (dir * model.bps) / 10_000);
    case 'volumeShare': {
      const cap = model.maxShare * barVolume;
      const share = cap > 0 ? Math.min(1, fillQty / cap) : 1;
      return price * (1 + (dir * model.impactBps * share) / 10_000);
    }
  }
}

/** Quantity one bar can absorb across all orders of its symbol; Infinity when volume is not modelled. */
export function barCapacity(model: SlippageModel, barVolume: number): number {
  return model.kind === 'volumeShare' ? model.maxShare * barVolume : Number.POSITIVE_INFINITY;
}
