import type { ExchangeFactory } from '../app/backfill-jobs.ts';
import { createCcxtClient, marketRules } from './ccxt-client.ts';

/** ccxt's spot REST/ws URL families pointed at a fake exchange's base URL (see FakeExchange.ccxtUrls). */
export function fakeExchangeUrls(base: string): Record<string, unknown> {
  const http = base.replace(/\/$/, '');
  const ws = `${http.replace(/^http/, 'ws')}/ws`;
  return {
    public: `${http}/api/v3`, private: `${http}/api/v3`, v1: `${http}/api/v1`,
    sapi: `${http}/sapi/v1`, sapiV2: `${http}/sapi/v2`, sapiV3: `${http}/sapi/v3`, sapiV4: `${http}/sapi/v4`,
    ws: { spot: ws, margin: ws, future: ws, delivery: ws, 'ws-api': { spot: `${ws}-api/v3` } },
  };
}

/**
 * Exchange clients by venue id (= ccxt id). With `fakeUrl`, `binance` talks to the fake exchange;
 * other venues always use their real endpoints.
 */
export function ccxtExchangeFactory(opts: { fakeUrl?: string; rateLimit?: number } = {}): ExchangeFactory {
  return (venue) => {
    const ex = createCcxtClient({
      exchangeId: venue,
      urls: venue === 'binance' && opts.fakeUrl ? fakeExchangeUrls(opts.fakeUrl) : undefined,
      rateLimit: opts.rateLimit,
    });
    return Object.assign(ex, { rules: (symbol: string) => marketRules(ex, symbol) });
  };
}
