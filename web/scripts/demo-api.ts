import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An in-memory stand-in for the Strata API, ONLY for looking at the UI before the backend exists
 * (`npm run preview:shots -w web`). Numbers are generated from a seeded random walk; nothing here is a test.
 */
export function createDemoApi() {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const H = 3_600_000;
  const t0 = Date.UTC(2025, 0, 1);
  const candles = Array.from({ length: 600 }, (_, i) => ({ time: t0 + i * H, open: 0, high: 0, low: 0, close: 0, volume: 0 }));
  let p = 42000;
  for (const c of candles) {
    c.open = p; p *= 1 + (rnd() - 0.48) * 0.012; c.close = p;
    c.high = Math.max(c.open, c.close) * (1 + rnd() * 0.004); c.low = Math.min(c.open, c.close) * (1 - rnd() * 0.004); c.volume = 10 + rnd() * 50;
  }
  const strategies = new Map<string, { id: string; name: string; versions: { id: string; number: number; source: string; createdAt: string }[] }>();
  const runs = new Map<string, { id: string; strategyId: string; versionId: string; polls: number; createdAt: string; req: Record<string, unknown> }>();
  let n = 0;

  function report() {
    const trades = [];
    let eq = 10000, peak = eq;
    const equity = [], drawdown = [], markers = [];
    for (let i = 40; i + 12 < candles.length; i += 25) {
      const a = candles[i]!, b = candles[i + 12]!;
      const pnl = (b.close - a.close) * 0.2;
      trades.push({ id: `t${i}`, symbol: 'BTC/USDT', side: 'long', entryTime: a.time, entryPrice: a.close, exitTime: b.time, exitPrice: b.close, qty: 0.2, pnl, pnlPct: b.close / a.close - 1, fees: 2 });
      markers.push({ time: a.time, side: 'buy', text: 'buy' }, { time: b.time, side: 'sell', text: 'sell' });
    }
    let ti = 0;
    for (const c of candles) {
      while (ti < trades.length && trades[ti]!.exitTime! <= c.time) eq += trades[ti++]!.pnl;
      peak = Math.max(peak, eq);
      equity.push({ time: c.time, value: eq });
      drawdown.push({ time: c.time, value: (peak - eq) / peak });
    }
    const wins = trades.filter((t) => t.pnl > 0).length;
    const sma = candles.map((c, i) => ({ time: c.time, value: candles.slice(Math.max(0, i - 19), i + 1).reduce((s, x) => s + x.close, 0) / Math.min(i + 1, 20) }));
    return {
      metrics: { totalReturn: eq / 10000 - 1, sharpe: 1.42, sortino: 2.01, maxDrawdown: Math.max(...drawdown.map((d) => d.value)), winRate: wins / trades.length, profitFactor: 1.6, trades: trades.length, fees: trades.length * 2 },
      trades, logs: [{ time: candles[40]!.time, level: 'info', message: 'golden cross at 42110.5', line: 22, column: 7 }, { time: candles[52]!.time, level: 'info', message: 'death cross at 42480.1', line: 25, column: 7 }],
      series: { candles, equity, drawdown, trades, markers, indicators: [{ name: 'SMA 20', points: sma }] },
    };
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/api/')) return false;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const send = (status: number, data: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(data)); };
    const path = url.pathname.replace('/api/v1', '');
    const m = (re: RegExp) => path.match(re);
    const now = new Date().toISOString();
    if (path === '/auth/signup' || path === '/auth/login') return send(200, { accessToken: 'demo', refreshToken: 'demo-r', user: { id: 'u1', email: body.email } }), true;
    if (path === '/auth/me') return send(200, { id: 'u1', email: 'author@example.com', role: 'user', tier: 'free', quotas: { backtestsPerDay: { used: 3, limit: 50 }, optimisationTrialsPerDay: { used: 120, limit: 1000 }, strategies: { used: 2, limit: 10 } } }), true;
    if (path === '/auth/providers') return send(200, ['github', 'google']), true;
    if (path === '/auth/api-keys') return send(200, req.method === 'POST' ? { id: 'k2', name: body.name, scopes: body.scopes, createdAt: now, key: 'stk_demo_3f9a1c2b7d' } : [{ id: 'k1', name: 'CI bot', prefix: 'stk_8c1', scopes: ['read', 'backtest'], createdAt: now, lastUsedAt: null }]), true;
    if (path === '/data/catalog') return send(200, [{ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: candles[0]!.time, to: candles.at(-1)!.time, count: candles.length }, { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', from: candles[0]!.time, to: candles.at(-1)!.time, count: candles.length }]), true;
    if (path === '/logic/strategies/check') {
      const diagnostics = /ctx\.bar\.clos\b/.test(body.source) ? [{ line: 1, column: 1, message: 'demo', severity: 'error', code: 2339 }] : [];
      const params: Record<string, unknown> = {};
      for (const mm of String(body.source).matchAll(/(\w+): \{ type: '(int|float|bool)', default: ([\w.]+)(?:, min: ([\d.]+), max: ([\d.]+))?(?:, step: ([\d.]+))?(?:, label: '([^']+)')?/g)) {
        params[mm[1]!] = mm[2] === 'bool' ? { type: 'bool', default: mm[3] === 'true', label: mm[7] } : { type: mm[2], default: Number(mm[3]), min: Number(mm[4]), max: Number(mm[5]), step: mm[6] ? Number(mm[6]) : undefined, label: mm[7] };
      }
      return send(200, { diagnostics, params }), true;
    }
    if (path === '/logic/strategies' && req.method === 'POST') {
      const id = `s${++n}`;
      strategies.set(id, { id, name: body.name, versions: [{ id: `v${++n}`, number: 1, source: body.source, createdAt: now }] });
      return send(201, { id, versionId: strategies.get(id)!.versions[0]!.id }), true;
    }
    if (path === '/logic/strategies') return send(200, [...strategies.values()].map((s) => ({ id: s.id, name: s.name, createdAt: now, updatedAt: now }))), true;
    let mm = m(/^\/logic\/strategies\/(\w+)\/versions\/(\w+)$/);
    if (mm) return send(200, strategies.get(mm[1]!)!.versions.find((v) => v.id === mm![2])), true;
    mm = m(/^\/logic\/strategies\/(\w+)\/versions$/);
    if (mm) return send(200, strategies.get(mm[1]!)!.versions.map(({ source: _s, ...v }) => v)), true;
    mm = m(/^\/logic\/strategies\/(\w+)$/);
    if (mm && req.method === 'PUT') {
      const s = strategies.get(mm[1]!)!;
      const v = { id: `v${++n}`, number: s.versions.length + 1, source: body.source, createdAt: now };
      s.versions.push(v);
      return send(200, { id: s.id, versionId: v.id }), true;
    }
    if (path === '/logic/backtests' && req.method === 'POST') {
      const id = `b${++n}`;
      runs.set(id, { id, strategyId: body.strategyId, versionId: body.versionId, polls: 0, createdAt: now, req: body });
      return send(202, { id }), true;
    }
    if (path === '/logic/backtests') return send(200, [...runs.values()].map((r) => ({ id: r.id, strategyId: r.strategyId, versionId: r.versionId, symbol: 'BTC/USDT', timeframe: '1h', from: candles[0]!.time, to: candles.at(-1)!.time, state: 'completed', createdAt: r.createdAt, metrics: report().metrics }))), true;
    mm = m(/^\/logic\/backtests\/(\w+)\/series$/);
    if (mm) return send(200, report().series), true;
    mm = m(/^\/logic\/backtests\/(\w+)\/events$/);
    if (mm) return send(404, { error: { code: 'NOT_FOUND', message: 'no SSE in the demo' } }), true;
    mm = m(/^\/logic\/backtests\/(\w+)$/);
    if (mm) {
      const r = runs.get(mm[1]!)!;
      r.polls++;
      const r2 = report();
      return send(200, r.polls < 3
        ? { id: r.id, state: 'running', progress: { percent: r.polls * 40, etaMs: 1500 } }
        : { id: r.id, state: 'completed', progress: { percent: 100 }, report: { metrics: r2.metrics, trades: r2.trades, logs: r2.logs }, usage: { cpuMs: 184, wallMs: 231, peakHeapBytes: 9.4 * 2 ** 20, barsProcessed: 600, ordersEmitted: 46 } }), true;
    }
    if (path === '/logic/optimisations' && req.method === 'POST') return send(202, { id: 'o1' }), true;
    if (path === '/logic/optimisations/o1') {
      const trials = [];
      for (let f = 4; f <= 20; f += 2) for (let s = 20; s <= 60; s += 5) trials.push({ params: { fast: f, slow: s }, metrics: { sharpe: Math.sin(f / 5) + Math.cos(s / 15) + rnd() * 0.3, totalReturn: (rnd() - 0.3) * 0.5, maxDrawdown: rnd() * 0.3, trades: Math.round(rnd() * 80) }, rank: 0 });
      trials.sort((a, b) => b.metrics.sharpe - a.metrics.sharpe).forEach((t, i) => (t.rank = i + 1));
      const D = 86_400_000 * 5;
      return send(200, { id: 'o1', state: 'completed', progress: { percent: 100 }, trials, walkForward: { efficiency: 0.62, folds: [1, 2, 3, 4].map((k) => ({ fold: k, trainFrom: t0 + (k - 1) * D, trainTo: t0 + k * D, testFrom: t0 + k * D, testTo: t0 + (k + 0.4) * D, bestParams: { fast: 8 + k, slow: 40 }, trainScore: 1.8 - k * 0.1, testScore: k === 3 ? -0.2 : 1.1 - k * 0.1 })) } }), true;
    }
    send(404, { error: { code: 'NOT_FOUND', message: `demo API has no ${req.method} ${path}` } });
    return true;
  };
}
