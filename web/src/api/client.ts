import { ApiError, CLIENT_CODES } from './errors.ts';
import type {
  ApiKey, ApiKeyCreated, BacktestRequest, BacktestSeries, BacktestStatus, BacktestSummary, CatalogEntry, Candle,
  CheckResult, OptimisationRequest, OptimisationStatus, SaveResult, Session, StrategyDetail, StrategySummary,
  StrategyVersion, StrategyVersionDetail, User,
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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
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
  async signup(email: string, password: string): Promise<Session> {
    const s = await this.request<Session>('POST', '/api/v1/auth/signup', { email, password });
    if (s?.accessToken) this.tokens.set(s);
    else return this.login(email, password);
    return s;
  }
  async login(email: string, password: string): Promise<Session> {
    const s = await this.request<Session>('POST', '/api/v1/auth/login', { email, password });
    this.tokens.set(s);
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
  me = () => this.request<User>('GET', '/api/v1/auth/me');
  listApiKeys = async () => unwrap<ApiKey>(await this.request('GET', '/api/v1/auth/api-keys'), 'apiKeys');
  createApiKey = (name: string, scopes: string[]) => this.request<ApiKeyCreated>('POST', '/api/v1/auth/api-keys', { name, scopes });
  deleteApiKey = (id: string) => this.request<void>('DELETE', `/api/v1/auth/api-keys/${enc(id)}`);
  async providers(): Promise<string[]> {
    const r = await this.request<unknown>('GET', '/api/v1/auth/providers');
    const list = unwrap<string | { name?: string; id?: string }>(r, 'providers');
    return list.map((p) => (typeof p === 'string' ? p : (p.id ?? p.name ?? ''))).filter(Boolean);
  }
  oauthStartUrl = (provider: string) => `${this.baseUrl}/api/v1/auth/oauth/${enc(provider)}/start`;

  // ---- strategies
  listStrategies = async () => unwrap<StrategySummary>(await this.request('GET', '/api/v1/logic/strategies'), 'strategies');
  createStrategy = (name: string, source: string) => this.request<SaveResult>('POST', '/api/v1/logic/strategies', { name, source });
  getStrategy = (id: string) => this.request<StrategyDetail>('GET', `/api/v1/logic/strategies/${enc(id)}`);
  /** Saving always creates a new version. */
  saveStrategy = (id: string, patch: { name?: string; source: string; message?: string }) =>
    this.request<SaveResult>('PUT', `/api/v1/logic/strategies/${enc(id)}`, patch);
  deleteStrategy = (id: string) => this.request<void>('DELETE', `/api/v1/logic/strategies/${enc(id)}`);
  listVersions = async (id: string) => unwrap<StrategyVersion>(await this.request('GET', `/api/v1/logic/strategies/${enc(id)}/versions`), 'versions');
  getVersion = (id: string, vid: string) => this.request<StrategyVersionDetail>('GET', `/api/v1/logic/strategies/${enc(id)}/versions/${enc(vid)}`);
  check = (source: string, signal?: AbortSignal) => this.request<CheckResult>('POST', '/api/v1/logic/strategies/check', { source }, signal);

  // ---- backtests
  startBacktest = (req: BacktestRequest) => this.request<{ id: string }>('POST', '/api/v1/logic/backtests', req);
  getBacktest = (id: string) => this.request<BacktestStatus>('GET', `/api/v1/logic/backtests/${enc(id)}`);
  listBacktests = async (strategyId: string) =>
    unwrap<BacktestSummary>(await this.request('GET', `/api/v1/logic/backtests?strategyId=${enc(strategyId)}`), 'backtests');
  getSeries = (id: string) => this.request<BacktestSeries>('GET', `/api/v1/logic/backtests/${enc(id)}/series`);
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
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const data = buf.slice(0, cut).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        buf = buf.slice(cut + 2);
        if (!data) continue;
        const ev = JSON.parse(data) as Partial<BacktestStatus>;
        onUpdate({ id, state: ev.state ?? 'running', progress: ev.progress ?? { percent: 0 }, ...ev } as BacktestStatus);
        if (ev.state && TERMINAL.has(ev.state)) { await reader.cancel(); return; }
      }
    }
  }

  // ---- optimisations
  startOptimisation = (req: OptimisationRequest) => this.request<{ id: string }>('POST', '/api/v1/logic/optimisations', req);
  getOptimisation = (id: string) => this.request<OptimisationStatus>('GET', `/api/v1/logic/optimisations/${enc(id)}`);

  // ---- data
  catalog = async () => unwrap<CatalogEntry>(await this.request('GET', '/api/v1/data/catalog'), 'catalog');
  candles = async (q: { venue: string; symbol: string; timeframe: string; from: number; to: number }) =>
    unwrap<Candle>(await this.request('GET', `/api/v1/data/candles?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`), 'candles');
}

const enc = encodeURIComponent;

/** Accepts either a bare array or `{ <key>: [...] }` / `{ items: [...] }`, whichever the server chose. */
function unwrap<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const o = body as Record<string, unknown> | null;
  const v = o?.[key] ?? o?.items ?? o?.data;
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
