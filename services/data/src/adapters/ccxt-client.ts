import { Agent } from 'node:http';
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';

export interface CcxtClientOptions {
  /** ccxt exchange id; only `binance` is exercised by our tests (see the fake exchange). */
  exchangeId: string;
  /** Overrides for `exchange.urls.api` (the fake exchange's `ccxtUrls()`), or none for the real venue. */
  urls?: Record<string, unknown>;
  apiKey?: string;
  secret?: string;
  /** Milliseconds per unit of request cost; ccxt's default for the exchange when omitted. */
  rateLimit?: number;
}

/**
 * Builds a ccxt.pro client (REST + websockets in one object) limited to spot markets, with ccxt's
 * own request throttling on. Restricting `fetchMarkets` to spot and turning off currencies/margin pairs
 * keeps `loadMarkets` to one `exchangeInfo` call, which both the fake exchange and a closed network need.
 */
export function createCcxtClient(o: CcxtClientOptions): Exchange {
  const Ctor = (ccxt.pro as unknown as Record<string, new (cfg: object) => Exchange>)[o.exchangeId];
  if (!Ctor) throw new Error(`unknown ccxt exchange "${o.exchangeId}"`);
  const ex = new Ctor({
    enableRateLimit: true,
    ...(o.rateLimit !== undefined ? { rateLimit: o.rateLimit } : {}),
    apiKey: o.apiKey,
    secret: o.secret,
    options: {
      defaultType: 'spot',
      fetchMarkets: { types: ['spot'] },
      fetchMargins: false,
      fetchCurrencies: false,
      adjustForTimeDifference: false,
    },
  });
  if (o.urls) {
    ex.urls['api'] = { ...(ex.urls['api'] as object), ...o.urls };
    // ccxt refuses plain ws:// without an http agent (it assumes a proxy); the fake exchange is plain ws
    (ex as unknown as { httpAgent: Agent }).httpAgent = new Agent({ keepAlive: true });
  }
  return ex;
}

/** An instrument's exchange rules as our catalog stores them. */
export interface MarketRules {
  base?: string;
  quote?: string;
  tickSize?: number;
  lotSize?: number;
  minNotional?: number;
}

const DECIMAL_PLACES = 2; // ccxt precisionMode constants
const TICK_SIZE = 4;

/**
 * Tick size, lot size and minimum notional of `symbol` from ccxt's market structure, converting ccxt's
 * precision modes (tick size, or a count of decimal places) to increments. Null when the market is unknown.
 */
export async function marketRules(ex: Exchange, symbol: string): Promise<MarketRules | null> {
  const markets = await ex.loadMarkets();
  const m = markets[symbol];
  if (!m) return null;
  const step = (p: number | undefined) => {
    if (p === undefined || p === null) return undefined;
    if (ex.precisionMode === TICK_SIZE) return p;
    if (ex.precisionMode === DECIMAL_PLACES) return 10 ** -p;
    return undefined; // significant digits give no fixed increment
  };
  const positive = (x: number | undefined) => (typeof x === 'number' && x > 0 ? x : undefined);
  return {
    base: m.base,
    quote: m.quote,
    tickSize: positive(step(m.precision?.price)),
    lotSize: positive(step(m.precision?.amount)),
    minNotional: typeof m.limits?.cost?.min === 'number' ? m.limits.cost.min : undefined,
  };
}
