import type { TradeColumns } from '../contract.ts';

/**
 * Collects closed round-trip trades (flat -> open -> flat) and hands them out columnar.
 * Trades are rare compared with bars, so growable plain arrays are fine here.
 */
export class TradeRecorder {
  private symbolIndex: number[] = [];
  private direction: number[] = [];
  private entryTime: number[] = [];
  private exitTime: number[] = [];
  private entryPrice: number[] = [];
  private exitPrice: number[] = [];
  private qty: number[] = [];
  private pnl: number[] = [];
  private fees: number[] = [];
  private mae: number[] = [];
  private mfe: number[] = [];

  get count(): number {
    return this.pnl.length;
  }

  add(t: {
    symbolIndex: number; direction: number; entryTime: number; exitTime: number; entryPrice: number;
    exitPrice: number; qty: number; pnl: number; fees: number; mae: number; mfe: number;
  }): void {
    this.symbolIndex.push(t.symbolIndex);
    this.direction.push(t.direction);
    this.entryTime.push(t.entryTime);
    this.exitTime.push(t.exitTime);
    this.entryPrice.push(t.entryPrice);
    this.exitPrice.push(t.exitPrice);
    this.qty.push(t.qty);
    this.pnl.push(t.pnl);
    this.fees.push(t.fees);
    this.mae.push(t.mae);
    this.mfe.push(t.mfe);
  }

  toColumns(): TradeColumns {
    return {
      symbolIndex: Int32Array.from(this.symbolIndex),
      direction: Int8Array.from(this.direction),
      entryTime: Float64Array.from(this.entryTime),
      exitTime: Float64Array.from(this.exitTime),
      entryPrice: Float64Array.from(this.entryPrice),
      exitPrice: Float64Array.from(this.exitPrice),
      qty: Float64Array.from(this.qty),
      pnl: Float64Array.from(this.pnl),
      fees: Float64Array.from(this.fees),
      mae: Float64Array.from(this.mae),
      mfe: Float64Array.from(this.mfe),
    };
  }
}

/** An empty TradeColumns (handy for tests and for metric fixtures). */
export function emptyTrades(): TradeColumns {
  return new TradeRecorder().toColumns();
}
