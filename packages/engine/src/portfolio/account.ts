import { TradeRecorder } from './trade-recorder.ts';

/** Quantities this close to zero (relative to the position) are treated as flat: lot arithmetic in floats. */
const FLAT_EPS = 1e-9;

/**
 * One book: cash, signed positions per symbol, realised PnL (net of fees) and the round-trip trades.
 * Cash accounting: a buy of q at p with fee f moves cash by -(q*p + f); a short sale adds its proceeds.
 * So equity = cash + sum(qty * mark), with no special case for shorts or leverage (cash may go negative
 * when borrowing). All state is typed arrays indexed by symbol so marking never allocates.
 */
export class Account {
  readonly id: string;
  readonly initialCash: number;
  readonly symbols: readonly string[];
  cash: number;
  feesPaid = 0;
  /** Number of symbols with a non-zero position: lets the hot path skip loops when flat. */
  openCount = 0;
  readonly qty: Float64Array;
  readonly avgPrice: Float64Array;
  readonly realized: Float64Array;
  /** Signed quantity of market orders queued or working (used so target sizing is not counted twice). */
  readonly pending: Float64Array;
  readonly trades = new TradeRecorder();
  // The open round trip per symbol.
  private readonly tEntryTime: Float64Array;
  private readonly tEntryQty: Float64Array;
  private readonly tEntryCost: Float64Array;
  private readonly tExitQty: Float64Array;
  private readonly tExitValue: Float64Array;
  private readonly tPricePnl: Float64Array;
  private readonly tFees: Float64Array;
  private readonly tMae: Float64Array;
  private readonly tMfe: Float64Array;

  constructor(id: string, symbols: readonly string[], initialCash: number) {
    this.id = id;
    this.symbols = symbols;
    this.initialCash = initialCash;
    this.cash = initialCash;
    const n = symbols.length;
    this.qty = new Float64Array(n);
    this.avgPrice = new Float64Array(n);
    this.realized = new Float64Array(n);
    this.pending = new Float64Array(n);
    this.tEntryTime = new Float64Array(n);
    this.tEntryQty = new Float64Array(n);
    this.tEntryCost = new Float64Array(n);
    this.tExitQty = new Float64Array(n);
    this.tExitValue = new Float64Array(n);
    this.tPricePnl = new Float64Array(n);
    this.tFees = new Float64Array(n);
    this.tMae = new Float64Array(n);
    this.tMfe = new Float64Array(n);
  }

  equity(marks: Float64Array): number {
    if (this.openCount === 0) return this.cash;
    let e = this.cash;
    const q = this.qty;
    for (let s = 0; s < q.length; s++) if (q[s] !== 0) e += q[s] * marks[s];
    return e;
  }

  /** Sum of |qty| * mark over all positions. */
  grossNotional(marks: Float64Array): number {
    if (this.openCount === 0) return 0;
    let g = 0;
    const q = this.qty;
    for (let s = 0; s < q.length; s++) if (q[s] !== 0) g += Math.abs(q[s]) * marks[s];
    return g;
  }

  unrealized(s: number, mark: number): number {
    return this.qty[s] === 0 ? 0 : (mark - this.avgPrice[s]) * this.qty[s];
  }

  /** Books a fill of `signedQty` (positive buy) at `price` paying `fee`; opens, extends, reduces or flips. */
  fill(s: number, signedQty: number, price: number, fee: number, time: number): void {
    if (signedQty === 0) return;
    this.cash -= signedQty * price + fee;
    this.feesPaid += fee;
    const q0 = this.qty[s];
    const absFill = Math.abs(signedQty);
    if (q0 === 0 || (q0 > 0) === (signedQty > 0)) {
      if (q0 === 0) this.openTrade(s, time);
      this.addEntry(s, signedQty, price, fee);
      return;
    }
    const absPos = Math.abs(q0);
    const closeQty = Math.min(absFill, absPos);
    const closeFee = (fee * closeQty) / absFill;
    const pricePnl = (price - this.avgPrice[s]) * closeQty * (q0 > 0 ? 1 : -1);
    this.realized[s] += pricePnl - closeFee;
    this.tPricePnl[s] += pricePnl;
    this.tFees[s] += closeFee;
    this.tExitQty[s] += closeQty;
    this.tExitValue[s] += closeQty * price;
    let q1 = q0 + signedQty;
    if (Math.abs(q1) <= FLAT_EPS * Math.max(1, absPos)) q1 = 0;
    if (q1 !== 0 && (q1 > 0) === (q0 > 0)) {
      this.qty[s] = q1;
      return;
    }
    this.excursion(s, (price - this.avgPrice[s]) * q0);
    this.closeTrade(s, time, q0 > 0 ? 1 : -1);
    this.qty[s] = 0;
    this.avgPrice[s] = 0;
    this.openCount--;
    if (q1 !== 0) {
      this.openTrade(s, time);
      this.addEntry(s, q1, price, fee - closeFee);
    }
  }

  /** Widens the open trade's MAE/MFE with the step's range of symbol s (arrays: no boxed doubles per call). */
  markRange(s: number, highs: Float64Array, lows: Float64Array): void {
    const q = this.qty[s];
    if (q === 0) return;
    const high = highs[s];
    const low = lows[s];
    const avg = this.avgPrice[s];
    // Inline on purpose: passing doubles to a helper that V8 does not inline would box them per bar.
    const adverse = q > 0 ? (low - avg) * q : (high - avg) * q;
    const favourable = q > 0 ? (high - avg) * q : (low - avg) * q;
    if (adverse < this.tMae[s]) this.tMae[s] = adverse;
    if (favourable > this.tMfe[s]) this.tMfe[s] = favourable;
  }

  private excursion(s: number, v: number): void {
    if (v < this.tMae[s]) this.tMae[s] = v;
    if (v > this.tMfe[s]) this.tMfe[s] = v;
  }

  private openTrade(s: number, time: number): void {
    this.openCount++;
    this.tEntryTime[s] = time;
    this.tEntryQty[s] = 0;
    this.tEntryCost[s] = 0;
    this.tExitQty[s] = 0;
    this.tExitValue[s] = 0;
    this.tPricePnl[s] = 0;
    this.tFees[s] = 0;
    this.tMae[s] = 0;
    this.tMfe[s] = 0;
  }

  private addEntry(s: number, signedQty: number, price: number, fee: number): void {
    const q0 = this.qty[s];
    const q1 = q0 + signedQty;
    this.avgPrice[s] = (this.avgPrice[s] * Math.abs(q0) + price * Math.abs(signedQty)) / Math.abs(q1);
    this.qty[s] = q1;
    this.realized[s] -= fee;
    this.tEntryQty[s] += Math.abs(signedQty);
    this.tEntryCost[s] += Math.abs(signedQty) * price;
    this.tFees[s] += fee;
  }

  private closeTrade(s: number, time: number, direction: number): void {
    const t = this.trades;
    const k = t.next();
    t.symbolIndex[k] = s;
    t.direction[k] = direction;
    t.entryTime[k] = this.tEntryTime[s];
    t.exitTime[k] = time;
    t.entryPrice[k] = this.tEntryCost[s] / this.tEntryQty[s];
    t.exitPrice[k] = this.tExitValue[s] / this.tExitQty[s];
    t.qty[k] = this.tEntryQty[s];
    t.pnl[k] = this.tPricePnl[s] - this.tFees[s];
    t.fees[k] = this.tFees[s];
    t.mae[k] = this.tMae[s];
    t.mfe[k] = this.tMfe[s];
  }
}
