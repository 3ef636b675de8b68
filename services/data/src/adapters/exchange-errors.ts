import ccxt from 'ccxt';
import { OperationalError, UserError, type AppError } from '@strata/platform';

/**
 * The one place ccxt's exceptions become ours (design principle 6). Transient failures (network,
 * rate limit, exchange down, garbled answers) are OperationalErrors that callers may retry; anything
 * the caller got wrong (bad symbol, bad credentials) is a UserError that retrying cannot fix.
 */
export function mapExchangeError(e: unknown): AppError {
  if (e instanceof ccxt.RateLimitExceeded || e instanceof ccxt.DDoSProtection) {
    return new OperationalError('EXCHANGE_RATE_LIMITED', `The exchange is rate limiting us: ${(e as Error).message}`, e);
  }
  if (e instanceof ccxt.BadResponse || e instanceof ccxt.NullResponse) {
    return new OperationalError('EXCHANGE_BAD_RESPONSE', `The exchange sent an answer we cannot read: ${(e as Error).message}`, e);
  }
  if (e instanceof ccxt.NetworkError || e instanceof ccxt.ExchangeNotAvailable) {
    return new OperationalError('EXCHANGE_UNAVAILABLE', `The exchange could not be reached: ${(e as Error).message}`, e);
  }
  if (e instanceof ccxt.BadSymbol) return new UserError('EXCHANGE_BAD_SYMBOL', (e as Error).message);
  if (e instanceof ccxt.AuthenticationError || e instanceof ccxt.PermissionDenied) {
    return new UserError('EXCHANGE_AUTH_FAILED', (e as Error).message, undefined, 400);
  }
  if (e instanceof ccxt.BaseError) return new OperationalError('EXCHANGE_ERROR', (e as Error).message, e);
  if (e && typeof e === 'object' && 'kind' in e && 'code' in e) return e as AppError;
  return new OperationalError('EXCHANGE_ERROR', e instanceof Error ? e.message : String(e), e);
}

export function isRetryable(e: AppError): boolean {
  return e.kind === 'operational';
}

/** OHLCV rows as ccxt returns them, checked: ccxt turns a garbled body into rows of `undefined`. */
export function checkOhlcvRows(rows: unknown): [number, number, number, number, number, number][] {
  if (!Array.isArray(rows)) throw new OperationalError('EXCHANGE_BAD_RESPONSE', `expected an array of candles, got ${typeof rows}`);
  for (const r of rows) {
    if (!Array.isArray(r) || r.length < 6 || !r.slice(0, 6).every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new OperationalError('EXCHANGE_BAD_RESPONSE', `the exchange sent a candle that is not six finite numbers: ${JSON.stringify(r).slice(0, 120)}`);
    }
  }
  return rows as [number, number, number, number, number, number][];
}

/** Exponential backoff with full jitter, capped; `attempt` starts at 0. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, rnd: () => number = Math.random): number {
  return Math.round(rnd() * Math.min(maxMs, baseMs * 2 ** attempt));
}
