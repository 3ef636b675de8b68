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
