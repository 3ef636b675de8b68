import type { TradeColumns } from '../contract.ts';

/**
 * Collects closed round-trip trades (flat -> open -> flat) straight into typed columns that double
 * in size when full: the writer fills slot `next()` column by column, so no per-trade object is
 * built and no double is boxed on the way.
 */
export class TradeRecorder {
  count = 0;
  symbolIndex = new Int32Array(16);
  direction = new Int8Array(16);
  entryTime = new Float64Array(16);
  exitTime = new Float64Array(16);
  entryPrice = new Float64Array(16);
  exitPrice = new Float64Array(16);
  qty = new Float64Array(16);
  pnl = new Float64Array(16);
  fees = new Float64Array(16);
  mae = new Float64Array(16);
  mfe = new Float64Array(16);

  /** Index of a new row to fill (every column must be written). */
  next(): number {
    if (this.count === this.pnl.length) this.grow();
    return this.count++;
  }

  toColumns(): TradeColumns {
    const n = this.count;
    return {
      symbolIndex: this.symbolIndex.slice(0, n),
      direction: this.direction.slice(0, n),
      entryTime: this.entryTime.slice(0, n),
      exitTime: this.exitTime.slice(0, n),
      entryPrice: this.entryPrice.slice(0, n),
      exitPrice: this.exitPrice.slice(0, n),
      qty: this.qty.slice(0, n),
      pnl: this.pnl.slice(0, n),
      fees: this.fees.slice(0, n),
      mae: this.mae.slice(0, n),
      mfe: this.mfe.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.pnl.length * 2;
    const f = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const si = new Int32Array(size);
    si.set(this.symbolIndex);
    const dir = new Int8Array(size);
    dir.set(this.direction);
    this.symbolIndex = si;
    this.direction = dir;
    this.entryTime = f(this.entryTime);
    this.exitTime = f(this.exitTime);
    this.entryPrice = f(this.entryPrice);
    this.exitPrice = f(this.exitPrice);
    this.qty = f(this.qty);
    this.pnl = f(this.pnl);
    this.fees = f(this.fees);
    this.mae = f(this.mae);
    this.mfe = f(this.mfe);
  }
}

/** An empty TradeColumns (handy for tests and for metric fixtures). */
export function emptyTrades(): TradeColumns {
  return new TradeRecorder().toColumns();
}
