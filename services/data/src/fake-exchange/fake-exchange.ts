import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { timeframeMs } from '../domain/timeframes.ts';
import { SymbolTape, type FakeSymbolSpec } from './market-state.ts';
import { exchangeInfo, klineEvent, klineRow, tradeEvent } from './binance-format.ts';
import { OrderBook, OrderError } from './order-book.ts';
import { fakeExchangeUrls } from '../adapters/exchange-factory.ts';
import { StreamHub } from './stream-hub.ts';

/** One injected failure, consumed by the next matching REST request (or applied to sockets). */
export interface Fault {
  /** Only requests whose path contains this string (e.g. `/klines`); any request when omitted. */
  path?: string;
  kind: 'status' | 'malformed' | 'reset';
  /** HTTP status for `status` faults: 429, 418, 500, 503... */
  status?: number;
}

export interface FakeExchangeOptions {
  symbols: FakeSymbolSpec[];
  /** Open time of the first 1m bar. */
  start: number;
  /** Closed 1m bars available at start-up. */
  historyBars: number;
  /** Bars the live clock can still reveal. */
  futureBars?: number;
  /** Partial kline updates per bar before it closes. */
  stepsPerBar?: number;
  apiKey?: string;
  secret?: string;
  balances?: Record<string, number>;
  /** Requests allowed per rolling second before HTTP 429 (Binance's -1003). Unlimited when omitted. */
  maxRequestsPerSecond?: number;
}

const DEFAULT_SYMBOLS: FakeSymbolSpec[] = [
  { base: 'BTC', quote: 'USDT', tickSize: 0.01, stepSize: 0.00001, minNotional: 5, seed: 42, startPrice: 60_000 },
  { base: 'ETH', quote: 'USDT', tickSize: 0.01, stepSize: 0.0001, minNotional: 5, seed: 7, startPrice: 3_000 },
];

/**
 * A local stand-in for Binance spot: the REST endpoints ccxt's `binance` class calls for markets, time,
 * klines, orders and the account, and the `/ws` + `/stream` websocket streams (`<sym>@kline_<i>`,
 * `<sym>@trade`) that ccxt.pro's `binance` subscribes to. Data comes from seeded synthetic tapes; the
 * live clock moves only when `advance()` is called (or `startClock`), so tests are deterministic.
 * Faults (`inject`), socket drops (`dropStreams`) and a server-side rate limit exist for tests.
 */
export class FakeExchange {
  readonly tapes = new Map<string, SymbolTape>();
  readonly book: OrderBook;
  /** Every REST request answered: path, query string, arrival time and status (0 for a reset socket). */
  readonly requests: { path: string; query: string; at: number; status: number }[] = [];
  private readonly opts: FakeExchangeOptions;
  private readonly steps: number;
  private readonly faults: Fault[] = [];
  private readonly hub = new StreamHub();
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private clock: NodeJS.Timeout | null = null;
  port = 0;

  constructor(opts: Partial<FakeExchangeOptions> = {}) {
    this.opts = { symbols: DEFAULT_SYMBOLS, start: Date.UTC(2024, 0, 1), historyBars: 3000, ...opts };
    this.steps = this.opts.stepsPerBar ?? 4;
    for (const s of this.opts.symbols) {
      const tape = new SymbolTape(s, this.opts.start, this.opts.historyBars, this.opts.futureBars ?? 1000);
      this.tapes.set(tape.id, tape);
    }
    this.book = new OrderBook(this.opts.balances ?? { USDT: 100_000, BTC: 1, ETH: 10 });
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket, req) => this.hub.accept(socket, req));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.stopClock();
    this.hub.dropAll();
    this.wss?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** Values for ccxt's `exchange.urls.api`, pointing every spot endpoint family at this server. */
  ccxtUrls(): Record<string, unknown> {
    return fakeExchangeUrls(this.baseUrl);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Server time: the forming bar's open plus its progress (identical across symbols). */
  now(): number {
    return this.tapes.values().next().value!.now(this.steps);
  }

  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Terminates every websocket without a close frame, as a network failure would. */
  dropStreams(): void {
    this.hub.dropAll();
  }

  get connectionCount(): number {
    return this.hub.size;
  }

  /** Open sockets subscribed to `stream` (e.g. `btcusdt@kline_1m`). */
  subscribers(stream: string): number {
    return this.hub.subscribers(stream);
  }

  /**
   * Moves every tape forward by one full bar: the remaining partial updates of the forming bar, its
   * closing update (`x: true`), then the first update of the next bar. Each update also prints a trade.
   */
  advance(bars = 1): void {
    for (let b = 0; b < bars; b++) {
      for (const tape of this.tapes.values()) {
        while (tape.progress < this.steps) {
          tape.progress++;
          this.broadcast(tape, tape.progress === this.steps);
        }
        const closed = tape.bars[tape.closedCount]!;
        this.book.onBar(tape.id, tape.spec.base, tape.spec.quote, closed, this.now());
        if (tape.closedCount + 1 >= tape.bars.length) throw new Error('fake exchange ran out of future bars');
        tape.closedCount++;
        tape.progress = 0;
        this.broadcast(tape, false);
      }
    }
  }

  startClock(msPerBar: number): void {
    this.stopClock();
    this.clock = setInterval(() => this.advance(1), msPerBar);
  }

  stopClock(): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
  }

  private broadcast(tape: SymbolTape, closed: boolean): void {
    const bar = closed ? tape.bars[tape.closedCount]! : tape.forming(this.steps);
    const now = closed ? bar.ts + 59_999 : tape.now(this.steps);
    const lower = tape.id.toLowerCase();
    const kStream = `${lower}@kline_1m`;
    const tStream = `${lower}@trade`;
    const kline = klineEvent(tape.id, '1m', bar, 60_000, closed, now);
    const trade = tradeEvent(tape.id, tape.tradeId++, bar.close, Math.max(bar.volume / 10, 0.001), now, tape.tradeId % 2 === 0);
    this.hub.publish([kStream], kline);
    this.hub.publish([tStream, `${lower}@aggTrade`], trade);
  }

  private rateLimited(now: number): boolean {
    const max = this.opts.maxRequestsPerSecond;
    if (!max) return false;
    let n = 0;
    for (let i = this.requests.length - 1; i >= 0 && now - this.requests[i]!.at < 1000; i--) if (this.requests[i]!.status !== 429) n++;
    return n >= max;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const at = Date.now();
    const reply = (status: number, body: unknown) => {
      this.requests.push({ path: url.pathname, query: url.search, at, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const faultIdx = this.faults.findIndex((f) => !f.path || url.pathname.includes(f.path));
    if (faultIdx >= 0) {
      const [fault] = this.faults.splice(faultIdx, 1);
      if (fault!.kind === 'reset') {
        this.requests.push({ path: url.pathname, query: url.search, at, status: 0 });
        return void req.socket.destroy();
      }
      if (fault!.kind === 'malformed') return reply(200, '{"symbol":"BTCUSDT", [[1,');
      const st = fault!.status ?? 500;
      const body = st === 429 || st === 418 ? { code: -1003, msg: 'Too many requests; IP banned until later.' } : '<html>Internal error</html>';
      return reply(st, body);
    }
    if (this.rateLimited(at)) return reply(429, { code: -1003, msg: 'Too much request weight used; please use the websocket for live updates.' });
    let body = '';
    for await (const chunk of req) body += chunk;
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    try {
      const result = this.route(req.method ?? 'GET', url.pathname, params, req, url.search.slice(1) || body);
      if (result === undefined) return reply(404, { code: -1, msg: `Unknown path ${url.pathname}` });
      reply(200, result);
    } catch (e) {
      if (e instanceof OrderError) return reply(400, { code: e.code, msg: e.message });
      reply(400, { code: -1100, msg: (e as Error).message });
    }
  }

  private tape(params: URLSearchParams): SymbolTape {
    const t = this.tapes.get(params.get('symbol') ?? '');
    if (!t) throw new OrderError(-1121, 'Invalid symbol.');
    return t;
  }

  private route(method: string, path: string, p: URLSearchParams, req: IncomingMessage, signed: string): unknown {
    const key = `${method} ${path.replace(/^\/api\/v3/, '')}`;
    switch (key) {
      case 'GET /ping':
        return {};
      case 'GET /time':
        return { serverTime: this.now() };
      case 'GET /exchangeInfo':
        return exchangeInfo(this.opts.symbols, this.now());
      case 'GET /klines': {
        const interval = p.get('interval') ?? '1m';
        const limit = Math.min(Number(p.get('limit') ?? 500), 1000);
        const start = p.has('startTime') ? Number(p.get('startTime')) : undefined;
        const end = p.has('endTime') ? Number(p.get('endTime')) : undefined;
        const tfMs = timeframeMs(interval);
        return this.tape(p).klines(interval, start, end, limit, this.steps).map((c) => klineRow(c, tfMs));
      }
    }
    this.authenticate(req, signed);
    const now = this.now();
    switch (key) {
      case 'GET /account':
        return {
          makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
          commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
          canTrade: true, canWithdraw: false, canDeposit: false, brokered: false, requireSelfTradePrevention: false,
          preventSor: false, updateTime: now, accountType: 'SPOT', permissions: ['SPOT'], uid: 1,
          balances: [...this.book.balances].map(([asset, free]) => ({ asset, free: free.toFixed(8), locked: '0.00000000' })),
        };
      case 'POST /order': {
        const t = this.tape(p);
        const o = this.book.place(
          {
            symbol: t.id, base: t.spec.base, quote: t.spec.quote, side: p.get('side') ?? '', type: p.get('type') ?? '',
            quantity: Number(p.get('quantity')), price: p.has('price') ? Number(p.get('price')) : undefined,
            clientOrderId: p.get('newClientOrderId') ?? `fake-${now}`, timeInForce: p.get('timeInForce') ?? undefined,
          },
          t.lastPrice(this.steps),
          now,
        );
        return this.book.toJson(o, t.spec.quote, true);
      }
      case 'GET /order':
      case 'DELETE /order': {
        const t = this.tape(p);
        const id = Number(p.get('orderId'));
        const o = key === 'DELETE /order' ? this.book.cancel(id, now) : this.book.orders.get(id);
        if (!o || o.symbol !== t.id) throw new OrderError(-2013, 'Order does not exist.');
        return this.book.toJson(o, t.spec.quote, false);
      }
      case 'GET /openOrders':
        return [...this.book.orders.values()]
          .filter((o) => o.status === 'NEW' && (!p.has('symbol') || o.symbol === p.get('symbol')))
          .map((o) => this.book.toJson(o, this.tapes.get(o.symbol)!.spec.quote, false));
    }
    return undefined;
  }

  private authenticate(req: IncomingMessage, signed: string): void {
    const { apiKey, secret } = this.opts;
    if (!apiKey || !secret) return;
    const cut = signed.lastIndexOf('&signature=');
    const given = cut >= 0 ? signed.slice(cut + 11) : '';
    const expected = createHmac('sha256', secret).update(signed.slice(0, Math.max(cut, 0))).digest('hex');
    if (req.headers['x-mbx-apikey'] !== apiKey || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new OrderError(-1022, 'Signature for this request is not valid.');
    }
  }
}
