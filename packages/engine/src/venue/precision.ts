import type { Instrument } from '../contract.ts';

/** Decimal places of an increment like 0.001 (3) or 5 (0); used to strip float noise after rounding. */
export function decimalsOf(step: number): number {
  if (!(step > 0)) return 0;
  let d = 0;
  let x = step;
  while (d < 12 && Math.abs(Math.round(x) - x) > 1e-9 * Math.max(1, x)) {
    x *= 10;
    d++;
  }
  return d;
}

/** Pre-computed rounding for one instrument (the order boundary of principle 5). */
export class Precision {
  readonly instrument: Instrument;
  private readonly tick: number;
  private readonly lot: number;
  private readonly tickScale: number;
  private readonly lotScale: number;

  constructor(instrument: Instrument) {
    this.instrument = instrument;
    this.tick = instrument.tickSize > 0 ? instrument.tickSize : 0;
    this.lot = instrument.lotSize > 0 ? instrument.lotSize : 0;
    this.tickScale = 10 ** decimalsOf(this.tick);
    this.lotScale = 10 ** decimalsOf(this.lot);
  }

  /** Nearest multiple of tickSize (prices). */
  price(p: number): number {
    if (this.tick === 0 || !Number.isFinite(p)) return p;
    return Math.round(Math.round(p / this.tick) * this.tick * this.tickScale) / this.tickScale;
  }

  /** Largest multiple of lotSize that is <= |q| (quantities always round towards zero). */
  qty(q: number): number {
    if (this.lot === 0 || !Number.isFinite(q)) return q;
    // The 1e-9 guard keeps 0.3/0.1 = 2.9999999999999996 from losing a lot.
    const lots = Math.floor(Math.abs(q) / this.lot + 1e-9);
    return Math.round(lots * this.lot * this.lotScale) / this.lotScale;
  }

  get minNotional(): number {
    return this.instrument.minNotional;
  }
}
