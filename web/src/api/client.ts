import { ApiError, CLIENT_CODES } from './errors.ts';
import { readSseJson } from './sse.ts';
import * as w from './wire.ts';
import type {
  ApiKey, ApiKeyCreated, BacktestRequest, BacktestSeries, BacktestStatus, CatalogEntry, OptimisationRequest,
  SaveResult, Session, StrategyDetail, StrategyVersionDetail, TradeMarker, User,
} from './types.ts';

export { ApiError } from './errors.ts';

/** Where the session's tokens live between page loads. */
export interface TokenStore {
  get(): Session | null;
  set(session: Session | null): void;
}

export function localStorageTokenStore(key = 'strata.session'): TokenStore {
  return {
    get() {
      const raw = globalThis.localStorage?.getItem(key);
      return raw ? (JSON.parse(raw) as Session) : null;
    },
    set(session) {
      if (session) globalThis.localStorage?.setItem(key, JSON.stringify(session));
      else globalThis.localStorage?.removeItem(key);
    },
  };
}

export function memoryTokenStore(initial: Session | null = null): TokenStore {
  let s = initial;
  return { get: () => s, set: (v) => { s = v; } };
}

export interface ClientOptions {
  /** Origin of the gateway; '' = same origin. */
  baseUrl?: string;
  tokens?: TokenStore;
  /** Called once the refresh token is rejected too: the UI goes back to the login page. */
  onSessionExpired?: () => void;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const TERMINAL = new Set(['completed', 'failed', 'canceled']);

/**
 * The one typed client for every Strata endpoint. Errors always surface as ApiError:
 * the server's `{error:{code,message,details}}`, SERVER_UNREACHABLE when fetch fails,
 * SESSION_EXPIRED when a 401 survives one refresh attempt.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly tokens: TokenStore;
  private readonly onSessionExpired?: () => void;
  private readonly fetchFn: typeof fetch;
  private refreshing: Promise<boolean> | null = null;

  constructor(opts: ClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? '';
    this.tokens = opts.tokens ?? memoryTokenStore();
    this.onSessionExpired = opts.onSessionExpired;
    this.fetchFn = opts.fetch ?? ((...a) => globalThis.fetch(...a));
  }

  get isLoggedIn(): boolean {
    return this.tokens.get() !== null;
  }

  private async raw(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.tokens.get()?.accessToken;
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn(this.baseUrl + path, {
        method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(CLIENT_CODES.unreachable, `Cannot reach ${this.baseUrl || 'the server'}: ${(err as Error).message}`, 0);
    }
  }

  /** Exchanges the refresh token once; concurrent 401s share the same attempt. */
  private refresh(): Promise<boolean> {
    const session = this.tokens.get();
    if (!session?.refreshToken) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const res = await this.raw('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
        if (!res.ok) return false;
        const next = (await res.json()) as Session;
        this.tokens.set({ ...session, ...next });
        return true;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res = await this.raw(method, path, body, signal);
    if (res.status === 401 && this.tokens.get() && !path.startsWith('/api/v1/auth/refresh')) {
      if (await this.refresh()) res = await this.raw(method, path, body, signal);
      if (res.status === 401) {
        this.tokens.set(null);
        this.onSessionExpired?.();
        throw new ApiError(CLIENT_CODES.sessionExpired, 'Your session has expired; log in again', 401);
      }
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        if (res.ok) throw new ApiError(CLIENT_CODES.badResponse, `Expected JSON from ${path}, received: ${text.slice(0, 80)}`, res.status);
      }
    }
    if (!res.ok) {
      const env = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new ApiError(env?.code ?? `HTTP_${res.status}`, env?.message ?? (res.statusText || `HTTP ${res.status}`), res.status, env?.details);
    }
    return json as T;
  }

  // ---- auth
  /**
   * Creates an account. Returns the session when the server logs the new user in at once, or
   * `{ verificationSent: true }` when it first mails a verification link (202).
   */
  async signup(email: string, password: string): Promise<Session | { verificationSent: true; message?: string }> {
    const r = await this.request<Partial<Session> & { status?: string; message?: string }>('POST', '/api/v1/auth/signup', { email, password });
    if (r?.accessToken && r.refreshToken) {
      this.tokens.set(r as Session);
      return r as Session;
    }
    return { verificationSent: true, message: r?.message };
  }
  async login(email: string, password: string): Promise<Session> {
    const s = await this.request<Session>('POST', '/api/v1/auth/login', { email, password });
    this.tokens.set({ accessToken: s.accessToken, refreshToken: s.refreshToken });
    return s;
  }
  verifyEmail = (token: string) => this.request<void>('POST', '/api/v1/auth/verify-email', { token });
  resendVerification = (email: string) => this.request<void>('POST', '/api/v1/auth/verify-email/resend', { email });
  /** Completes an OAuth login: the provider callback sent the browser back with a one-time code. */
  async exchangeOAuthCode(code: string): Promise<Session> {
    const s = await this.request<Session>('POST', '/api/v1/auth/oauth/exchange', { code });
    this.tokens.set({ accessToken: s.accessToken, refreshToken: s.refreshToken });
    return s;
  }
  async logout(): Promise<void> {
    const refreshToken = this.tokens.get()?.refreshToken;
    try {
      await this.request('POST', '/api/v1/auth/logout', { refreshToken });
    } finally {
      this.tokens.set(null);
    }
  }
  /**
   * The signed-in user with tier and quota usage. Uses GET /me when it carries the profile, else
   * GET /account (profile) and GET /quotas (`usage: [{quota, used, limit}]`).
   */
  async me(): Promise<User> {
    const me = await this.request<Partial<User> & { userId?: string; quotas?: unknown }>('GET', '/api/v1/auth/me');
    let user: Partial<User> = { ...me, id: me.id ?? me.userId };
    if (!user.email) user = { ...user, ...(await this.request<Partial<User>>('GET', '/api/v1/auth/account')) };
    let quotas: unknown = me.quotas;
    if (quotas === undefined) {
      const q = await this.request<{ quotas?: unknown; usage?: unknown }>('GET', '/api/v1/auth/quotas').catch(() => ({ quotas: {}, usage: undefined }));
      quotas = q.usage ?? q.quotas;
    }
    return { ...(user as User), quotas: w.normaliseQuotas(quotas) };
  }
  listApiKeys = async () => unwrap<ApiKey>(await this.request('GET', '/api/v1/auth/api-keys'), 'apiKeys');
  createApiKey = (name: string, scopes: string[]) => this.request<ApiKeyCreated>('POST', '/api/v1/auth/api-keys', { name, scopes });
  deleteApiKey = (id: string) => this.request<void>('DELETE', `/api/v1/auth/api-keys/${enc(id)}`);
  /** Configured OAuth providers (GET /oauth/providers; GET /providers on servers that put it there). */
  async providers(): Promise<string[]> {
    const r = await this.request<unknown>('GET', '/api/v1/auth/oauth/providers').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return this.request<unknown>('GET', '/api/v1/auth/providers');
      throw e;
    });
    const list = unwrap<string | { name?: string; id?: string }>(r, 'providers');
    return list.map((p) => (typeof p === 'string' ? p : (p.id ?? p.name ?? ''))).filter(Boolean);
  }
  oauthStartUrl = (provider: string) => `${this.baseUrl}/api/v1/auth/oauth/${enc(provider)}/start`;

  // ---- strategies
  listStrategies = async () => unwrap<Record<string, unknown>>(await this.request('GET', '/api/v1/logic/strategies'), 'strategies').map(w.toStrategySummary);
  createStrategy = async (name: string, source: string) => w.toSaveResult(await this.request('POST', '/api/v1/logic/strategies', { name, source }));
  /** The strategy with the source of its latest version. */
  async getStrategy(id: string): Promise<StrategyDetail> {
    const r = await this.request<Record<string, unknown>>('GET', `/api/v1/logic/strategies/${enc(id)}`);
    const s = w.toStrategySummary((r.strategy ?? r) as Record<string, unknown>);
    if (typeof r.source === 'string') return { ...s, source: r.source };
    const v = await this.getVersion(id, s.latestVersionId ?? '1');
    return { ...s, latestVersionId: v.id, source: v.source };
  }
  /** Saving always creates a new version (PATCH; PUT on servers that route it so). */
  async saveStrategy(id: string, patch: { name?: string; source: string; message?: string }): Promise<SaveResult> {
    const body = { name: patch.name, source: patch.source, ...(patch.message ? { note: patch.message } : {}) };
    const r = await this.request<Record<string, unknown>>('PATCH', `/api/v1/logic/strategies/${enc(id)}`, body).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404 && /No route/i.test(e.message)) return this.request<Record<string, unknown>>('PUT', `/api/v1/logic/strategies/${enc(id)}`, body);
      throw e;
    });
    return w.toSaveResult({ id, ...r });
  }
  deleteStrategy = (id: string) => this.request<void>('DELETE', `/api/v1/logic/strategies/${enc(id)}`);
  listVersions = async (id: string) => unwrap<Record<string, unknown>>(await this.request('GET', `/api/v1/logic/strategies/${enc(id)}/versions`), 'versions').map(w.toVersion);
  async getVersion(id: string, vid: string): Promise<StrategyVersionDetail> {
    const r = await this.request<Record<string, unknown>>('GET', `/api/v1/logic/strategies/${enc(id)}/versions/${enc(vid)}`);
    return { ...w.toVersion((r.version && typeof r.version === 'object' ? r.version : r) as Record<string, unknown>), source: String(r.source ?? '') };
  }
  check = async (source: string, signal?: AbortSignal) => w.toCheckResult(await this.request('POST', '/api/v1/logic/strategies/check', { source }, signal));

  // ---- backtests
  startBacktest = (req: BacktestRequest) => this.request<{ id: string }>('POST', '/api/v1/logic/backtests', {
    strategyId: req.strategyId, version: Number(req.versionId), params: req.params, venue: req.venue, symbol: req.symbol,
    timeframe: req.timeframe, from: w.toWireTime(req.from), to: w.toWireTime(req.to), initialCash: req.initialCash,
    venueModel: w.toWireVenueModel(req.venueModel),
  });
  /** Status; once completed, with the report and its trades. */
  async getBacktest(id: string): Promise<BacktestStatus> {
    const r = await this.request<Record<string, unknown>>('GET', `/api/v1/logic/backtests/${enc(id)}`);
    const result = (r.report ?? r.result) as Record<string, unknown> | null | undefined;
    const trades = result && !result.trades ? await this.getTrades(id).catch(() => []) : [];
    return w.toBacktestStatus(r, trades);
  }
  getTrades = async (id: string) => unwrap<Record<string, unknown>>(await this.request('GET', `/api/v1/logic/backtests/${enc(id)}/trades?limit=5000`), 'trades').map(w.toTrade);
  listBacktests = async (strategyId: string) =>
    unwrap<Record<string, unknown>>(await this.request('GET', `/api/v1/logic/backtests?strategyId=${enc(strategyId)}`), 'backtests')
      .map(w.toBacktestSummary).filter((b) => b.strategyId === strategyId);
  /**
   * Chart data of a finished run. The server may send it whole (candles, equity, drawdown, markers)
   * or only the equity curve `{time[], equity[]}`; then candles come from the data service and
   * markers from the trades.
   */
  async getSeries(id: string): Promise<BacktestSeries> {
    const r = await this.request<Record<string, unknown>>('GET', `/api/v1/logic/backtests/${enc(id)}/series`);
    if (Array.isArray(r.candles)) return r as unknown as BacktestSeries;
    const time = (r.time ?? []) as number[], eq = (r.equity ?? []) as number[];
    const equity = time.map((t, i) => ({ time: t, value: eq[i]! }));
    let peak = -Infinity;
    const drawdown = equity.map((p) => { peak = Math.max(peak, p.value); return { time: p.time, value: peak > 0 ? p.value / peak - 1 : 0 }; });
    const row = await this.request<Record<string, unknown>>('GET', `/api/v1/logic/backtests/${enc(id)}`);
    const trades = await this.getTrades(id).catch(() => []);
    const from = w.ms(row.from) ?? time[0] ?? 0, to = w.ms(row.to) ?? time.at(-1) ?? 0;
    const candles = await this.candles({ venue: String(row.venue), symbol: String(row.symbol), timeframe: String(row.timeframe), from, to }).catch(() => []);
    const markers: TradeMarker[] = trades.flatMap((t) => {
      const open = t.side === 'long' ? 'buy' : 'sell', close = t.side === 'long' ? 'sell' : 'buy';
      const m: TradeMarker[] = [{ time: t.entryTime, side: open, price: t.entryPrice, text: open }];
      if (t.exitTime !== null) m.push({ time: t.exitTime, side: close, price: t.exitPrice ?? undefined, text: close });
      return m;
    });
    return { candles, equity, drawdown, trades, markers, indicators: w.toIndicators(r.plots) };
  }
  cancelBacktest = (id: string) => this.request<void>('POST', `/api/v1/logic/backtests/${enc(id)}/cancel`);

  /**
   * Follows a backtest until it ends: SSE from /events when the server offers it (read through fetch so
   * the bearer header is sent), else polling. Resolves with the final status.
   */
  async watchBacktest(id: string, onUpdate: (s: BacktestStatus) => void, signal?: AbortSignal, pollMs = 1000): Promise<BacktestStatus> {
    try {
      await this.followEvents(id, onUpdate, signal);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      // no SSE (or it broke): polling below still gets us to the end
    }
    for (;;) {
      const s = await this.getBacktest(id);
      onUpdate(s);
      if (TERMINAL.has(s.state)) return s;
      await sleep(pollMs, signal);
    }
  }

  private async followEvents(id: string, onUpdate: (s: BacktestStatus) => void, signal?: AbortSignal): Promise<void> {
    const token = this.tokens.get()?.accessToken;
    const res = await this.fetchFn(`${this.baseUrl}/api/v1/logic/backtests/${enc(id)}/events`, {
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal,
    });
    if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) return;
    await readSseJson(res.body, (ev) => {
      // `{type:'progress', percent, etaMs}` or `{type:'state', status, progress, error}` (or `{state, progress}`)
      if (ev.state === undefined && ev.status === undefined && ev.percent === undefined) return false;
      const state = w.toState(ev.state ?? ev.status ?? 'running');
      onUpdate({ id, state, progress: w.toProgress(ev.progress ?? (ev.percent !== undefined ? ev : undefined), state) });
      return TERMINAL.has(state);
    });
  }

  // ---- optimisations
  startOptimisation = (req: OptimisationRequest) => this.request<{ id: string }>('POST', '/api/v1/logic/optimisations', {
    strategyId: req.strategyId, version: Number(req.versionId), venue: req.venue, symbol: req.symbol, timeframe: req.timeframe,
    from: w.toWireTime(req.from), to: w.toWireTime(req.to), initialCash: req.initialCash, venueModel: w.toWireVenueModel(req.venueModel),
    method: req.method === 'tpe' ? 'genetic' : req.method, space: req.ranges, objective: req.objective,
    ...(req.maxTrials ? { trials: req.maxTrials } : {}),
    ...(req.walkForward ? { validation: { kind: 'walkForward', folds: req.walkForward.folds, inSampleFraction: req.walkForward.trainRatio } } : {}),
  });
  getOptimisation = async (id: string) => w.toOptimisationStatus(await this.request('GET', `/api/v1/logic/optimisations/${enc(id)}`));

  // ---- data
  catalog = async () => unwrap<Record<string, unknown>>(await this.request('GET', '/api/v1/data/catalog'), 'catalog')
    .map(w.toCatalogEntry).filter((e): e is CatalogEntry => e !== null);
  candles = async (q: { venue: string; symbol: string; timeframe: string; from: number; to: number }) =>
    unwrap<unknown>(await this.request('GET', `/api/v1/data/candles?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`), 'bars').map(w.toCandle);
}

const enc = encodeURIComponent;

/** Accepts either a bare array or `{ <key>: [...] }` / `{ items: [...] }`, whichever the server chose. */
function unwrap<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const o = body as Record<string, unknown> | null;
  const v = o?.[key] ?? o?.items ?? o?.series ?? o?.candles ?? o?.data;
  return Array.isArray(v) ? (v as T[]) : [];
}

export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('aborted', 'AbortError')); }, { once: true });
  });
}
