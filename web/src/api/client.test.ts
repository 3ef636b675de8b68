// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, memoryTokenStore } from './client.ts';
import { describeError } from './errors.ts';
import type { BacktestStatus } from './types.ts';

/** A real HTTP server whose behaviour per route each test sets; it also records what it received. */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let base: string;
let routes: Record<string, Handler>;
let seen: { method: string; url: string; auth?: string; body: string }[];

const json = (res: ServerResponse, status: number, data: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
    const h = routes[`${req.method} ${req.url}`];
    if (h) h(req, body, res);
    else json(res, 404, { error: { code: 'NOT_FOUND', message: `no ${req.method} ${req.url}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { routes = {}; seen = []; });

const session = { accessToken: 'old-access', refreshToken: 'refresh-1' };
const runRequest = {
  strategyId: 's1', versionId: '3', params: { fast: 10 }, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h',
  from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 1, 1), initialCash: 10_000,
  venueModel: { makerFee: 0.001, takerFee: 0.002, slippageBps: 5, fillOn: 'nextOpen' as const },
};

describe('ApiClient against a real HTTP server', () => {
  it('sends the bearer token and JSON body, and returns the parsed JSON', async () => {
    routes['POST /api/v1/logic/strategies/check'] = (_q, body, res) =>
      json(res, 200, { diagnostics: [{ line: 3, column: 5, message: 'x', severity: 'error', code: 2322 }], params: JSON.parse(body).source === 'src' ? {} : null });
    const c = new ApiClient({ baseUrl: base, tokens: memoryTokenStore({ ...session }) });
    const r = await c.check('src');
    expect(r.diagnostics[0]!.line).toBe(3);
    expect(r.params).toEqual({});
    expect(seen[0]!.auth).toBe('Bearer old-access');
  });

  it('turns the error envelope into an ApiError with code, status and details', async () => {
    routes['POST /api/v1/logic/backtests'] = (_q, _b, res) =>
      json(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'from must be before to', details: { field: 'from' } } });
    const c = new ApiClient({ baseUrl: base });
    const err = await c.startBacktest(runRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: 'from must be before to', details: { field: 'from' } });
  });

  it('maps a quota 429 to a message that says what to do', async () => {
    routes['POST /api/v1/logic/backtests'] = (_q, _b, res) =>
      json(res, 429, { error: { code: 'QUOTA_EXCEEDED', message: 'backtestsPerDay limit 50 reached' } });
    const err = await new ApiClient({ baseUrl: base }).startBacktest(runRequest).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('QUOTA_EXCEEDED');
    expect(describeError(err)).toBe('Quota exceeded: backtestsPerDay limit 50 reached. Upgrade your tier or wait for the quota to reset.');
  });

  it('reports a non-JSON proxy error by its status', async () => {
    routes['GET /api/v1/data/catalog'] = (_q, _b, res) => { res.writeHead(502, { 'content-type': 'text/html' }); res.end('<h1>Bad gateway</h1>'); };
    const err = await new ApiClient({ baseUrl: base }).catalog().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('refreshes once on 401, stores the new tokens and retries the call', async () => {
    routes['GET /api/v1/auth/me'] = (req, _b, res) => req.headers.authorization === 'Bearer new-access'
      ? json(res, 200, { id: 'u1', email: 'a@b.c', role: 'user', tier: 'free', quotas: {} })
      : json(res, 401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } });
    routes['POST /api/v1/auth/refresh'] = (_q, body, res) => JSON.parse(body).refreshToken === 'refresh-1'
      ? json(res, 200, { accessToken: 'new-access', refreshToken: 'refresh-2' })
      : json(res, 401, { error: { code: 'INVALID_REFRESH', message: 'no' } });
    const tokens = memoryTokenStore({ ...session });
    const c = new ApiClient({ baseUrl: base, tokens });
    expect((await c.me()).email).toBe('a@b.c');
    expect(tokens.get()).toMatchObject({ accessToken: 'new-access', refreshToken: 'refresh-2' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me']);
  });

  it('concurrent 401s share one refresh', async () => {
    routes['GET /api/v1/auth/me'] = (req, _b, res) => req.headers.authorization === 'Bearer new-access'
      ? json(res, 200, { id: 'u1', email: 'a@b.c', quotas: {} }) : json(res, 401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } });
    routes['POST /api/v1/auth/refresh'] = (_q, _b, res) => setTimeout(() => json(res, 200, { accessToken: 'new-access', refreshToken: 'r2' }), 30);
    const c = new ApiClient({ baseUrl: base, tokens: memoryTokenStore({ ...session }) });
    await Promise.all([c.me(), c.me(), c.me()]);
    expect(seen.filter((s) => s.url === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('when the refresh is refused too: clears the session, tells the app, throws SESSION_EXPIRED', async () => {
    routes['GET /api/v1/logic/strategies'] = (_q, _b, res) => json(res, 401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } });
    routes['POST /api/v1/auth/refresh'] = (_q, _b, res) => json(res, 401, { error: { code: 'INVALID_REFRESH', message: 'revoked' } });
    const tokens = memoryTokenStore({ ...session });
    let expired = 0;
    const c = new ApiClient({ baseUrl: base, tokens, onSessionExpired: () => expired++ });
    const err = await c.listStrategies().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SESSION_EXPIRED', status: 401 });
    expect(tokens.get()).toBeNull();
    expect(expired).toBe(1);
  });

  it('a wrong password on login is an ordinary error, not a session expiry', async () => {
    routes['POST /api/v1/auth/login'] = (_q, _b, res) => json(res, 401, { error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong' } });
    let expired = 0;
    const c = new ApiClient({ baseUrl: base, onSessionExpired: () => expired++ });
    await expect(c.login('a@b.c', 'nope')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(expired).toBe(0);
  });

  it('sends a backtest in the logic service wire format: version number, ISO times, slippage model', async () => {
    routes['POST /api/v1/logic/backtests'] = (_q, _b, res) => json(res, 202, { id: 'b9', status: 'queued', bars: 744 });
    expect(await new ApiClient({ baseUrl: base }).startBacktest(runRequest)).toMatchObject({ id: 'b9' });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      strategyId: 's1', version: 3, params: { fast: 10 }, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h',
      from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z', initialCash: 10_000,
      venueModel: { makerFee: 0.001, takerFee: 0.002, fillOn: 'nextOpen', slippage: { kind: 'fixedBps', bps: 5 } },
    });
  });

  it('builds the user from /me, /account and /quotas when /me carries only the principal', async () => {
    routes['GET /api/v1/auth/me'] = (_q, _b, res) => json(res, 200, { userId: 'u7', role: 'user', tier: 'free', scopes: ['read'], via: 'session' });
    routes['GET /api/v1/auth/account'] = (_q, _b, res) => json(res, 200, { id: 'u7', email: 'me@x.io', role: 'user', tier: 'free' });
    routes['GET /api/v1/auth/quotas'] = (_q, _b, res) => json(res, 200, { tier: 'free', limits: { backtestsPerDay: 20 }, usage: [{ quota: 'backtestsPerDay', used: 2, limit: 20 }] });
    const u = await new ApiClient({ baseUrl: base, tokens: memoryTokenStore({ ...session }) }).me();
    expect(u).toMatchObject({ id: 'u7', email: 'me@x.io', tier: 'free', quotas: { backtestsPerDay: { used: 2, limit: 20 } } });
  });

  it('reads a completed backtest row with its result and trades into one status', async () => {
    routes['GET /api/v1/logic/backtests/b5'] = (_q, _b, res) => json(res, 200, {
      id: 'b5', status: 'completed', progress: { percent: 100 }, error: null,
      result: { metrics: { sharpe: 1.2 }, usage: { cpuMs: 42, wallMs: 50, peakHeapBytes: 1e6, barsProcessed: 100, ordersEmitted: 4, isolate: 'warm' }, logs: [{ time: 5, message: 'hi' }] },
    });
    routes['GET /api/v1/logic/backtests/b5/trades?limit=5000'] = (_q, _b, res) => json(res, 200, { items: [
      { seq: 1, symbol: 'BTC/USDT', direction: -1, entryTime: '2025-01-01T00:00:00.000Z', exitTime: '2025-01-01T05:00:00.000Z', entryPrice: 100, exitPrice: 90, qty: 2, pnl: 20, fees: 0.4 },
    ] });
    const s = await new ApiClient({ baseUrl: base }).getBacktest('b5');
    expect(s.state).toBe('completed');
    expect(s.usage).toMatchObject({ cpuMs: 42, isolate: 'warm' });
    expect(s.report?.logs).toEqual([{ time: 5, level: 'info', message: 'hi', line: undefined, column: undefined }]);
    expect(s.report?.trades[0]).toMatchObject({ id: '1', side: 'short', entryTime: Date.UTC(2025, 0, 1), exitPrice: 90, pnlPct: 0.1 });
  });

  it('reports SERVER_UNREACHABLE when nothing listens', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as { port: number }).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const err = await new ApiClient({ baseUrl: `http://127.0.0.1:${port}` }).catalog().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SERVER_UNREACHABLE', status: 0 });
    expect(describeError(err)).toMatch(/cannot be reached/);
  });

  it('accepts list endpoints as a bare array or wrapped in an object', async () => {
    routes['GET /api/v1/data/catalog'] = (_q, _b, res) => json(res, 200, { catalog: [{ venue: 'v', symbol: 's', timeframe: '1h', from: 0, to: 1, count: 2 }] });
    routes['GET /api/v1/auth/providers'] = (_q, _b, res) => json(res, 200, { providers: [{ id: 'github' }, 'google'] });
    const c = new ApiClient({ baseUrl: base });
    expect(await c.catalog()).toHaveLength(1);
    expect(await c.providers()).toEqual(['github', 'google']);
  });

  it('follows a backtest over SSE with the bearer header and ends on the terminal event', async () => {
    routes['GET /api/v1/logic/backtests/b1/events'] = (req, _b, res) => {
      if (req.headers.authorization !== 'Bearer old-access') return json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'no' } });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: progress\ndata: {"state":"running","progress":{"percent":30}}\n\n');
      setTimeout(() => res.write('data: {"state":"running","progress":{"percent":80,"etaMs":100}}\n\n'), 10);
      setTimeout(() => res.end('data: {"state":"completed","progress":{"percent":100}}\n\n'), 20);
    };
    routes['GET /api/v1/logic/backtests/b1'] = (_q, _b, res) => json(res, 200, { id: 'b1', state: 'completed', progress: { percent: 100 }, report: { metrics: { sharpe: 1 }, trades: [], logs: [] } });
    const seenStates: string[] = [];
    const final = await new ApiClient({ baseUrl: base, tokens: memoryTokenStore({ ...session }) })
      .watchBacktest('b1', (s: BacktestStatus) => seenStates.push(`${s.state}:${s.progress.percent}`), undefined, 10);
    expect(seenStates).toEqual(['running:30', 'running:80', 'completed:100', 'completed:100']);
    expect(final.report?.metrics.sharpe).toBe(1);
  });

  it('falls back to polling when the server has no event stream', async () => {
    let polls = 0;
    routes['GET /api/v1/logic/backtests/b2'] = (_q, _b, res) => {
      polls++;
      json(res, 200, polls < 3 ? { id: 'b2', state: 'running', progress: { percent: polls * 30 } } : { id: 'b2', state: 'failed', progress: { percent: 60 }, error: { code: 'StrategyError', message: 'x is undefined', line: 14, column: 9 } });
    };
    const final = await new ApiClient({ baseUrl: base }).watchBacktest('b2', () => undefined, undefined, 5);
    expect(polls).toBe(3);
    expect(final.error).toEqual({ code: 'StrategyError', message: 'x is undefined', line: 14, column: 9 });
  });
});
