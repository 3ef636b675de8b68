import type { Candle } from '../domain/candle.ts';
import type { FakeSymbolSpec } from './market-state.ts';

// Binance sends decimals as strings with fixed scale; ccxt parses them with its Precise helpers.
const s = (x: number, dp = 8) => x.toFixed(dp);

export function decimalsOf(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

export function klineRow(c: Candle, tfMs: number): unknown[] {
  return [c.ts, s(c.open), s(c.high), s(c.low), s(c.close), s(c.volume), c.ts + tfMs - 1, s(c.volume * c.close), 10, s(c.volume / 2), s((c.volume / 2) * c.close), '0'];
}

export function klineEvent(symbolId: string, interval: string, c: Candle, tfMs: number, closed: boolean, eventTime: number) {
  return {
    e: 'kline',
    E: eventTime,
    s: symbolId,
    k: {
      t: c.ts, T: c.ts + tfMs - 1, s: symbolId, i: interval, f: 1, L: 10,
      o: s(c.open), c: s(c.close), h: s(c.high), l: s(c.low), v: s(c.volume), n: 10, x: closed,
      q: s(c.volume * c.close), V: s(c.volume / 2), Q: s((c.volume / 2) * c.close), B: '0',
    },
  };
}

export function tradeEvent(symbolId: string, id: number, price: number, qty: number, time: number, buyerMaker: boolean) {
  return { e: 'trade', E: time, s: symbolId, t: id, p: s(price), q: s(qty), T: time, m: buyerMaker, M: true };
}

export function exchangeInfo(specs: FakeSymbolSpec[], serverTime: number) {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
    ],
    exchangeFilters: [],
    symbols: specs.map((p) => ({
      symbol: `${p.base}${p.quote}`,
      status: 'TRADING',
      baseAsset: p.base,
      baseAssetPrecision: 8,
      quoteAsset: p.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      otoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s(p.tickSize), maxPrice: '1000000.00000000', tickSize: s(p.tickSize) },
        { filterType: 'LOT_SIZE', minQty: s(p.stepSize), maxQty: '9000.00000000', stepSize: s(p.stepSize) },
        { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
        { filterType: 'NOTIONAL', minNotional: s(p.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}
