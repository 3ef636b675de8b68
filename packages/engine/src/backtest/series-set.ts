import type { SeriesView } from '@strata/strategy-sdk';
import type { BarColumns, Instrument, SeriesInput } from '../contract.ts';
import { EngineError } from '../errors.ts';
import type { SimulatedVenue, SubBars } from '../venue/simulated-venue.ts';
import { SeriesViewImpl } from './series-view.ts';
import { barCloseTime, timeframeMs } from './timeframe.ts';


/**
 * All series of a run, aligned on the primary clock. A secondary bar becomes visible (and is matched
 * by the venue) in the step whose primary close time is >= its own close time: no look-ahead.
 * Per symbol, the first non-intrabar series is the one orders execute against; a series flagged
 * `intrabar: true` only refines the price path inside that series' bars.
 */
export class SeriesSet {
  readonly inputs: readonly SeriesInput[];
  readonly symbols: string[] = [];
  readonly instruments: Instrument[] = [];
  readonly symOf: Int32Array;
  readonly tfMs: Float64Array;
  readonly visible: Int32Array;
  readonly execOf: Int32Array;
  readonly intrabarOf: Int32Array;
  readonly views: SeriesViewImpl[];
  private readonly subPtr: Int32Array;
  private readonly sub: SubBars[] = [];

  constructor(inputs: readonly SeriesInput[], maxLookback: number) {
    if (inputs.length === 0) throw new EngineError('INVALID_INPUT', 'a backtest needs at least one series (the primary)');
    if (inputs[0].intrabar) throw new EngineError('INVALID_INPUT', 'the primary series cannot be flagged intrabar');
    this.inputs = inputs;
    const K = inputs.length;
    this.symOf = new Int32Array(K);
    this.tfMs = new Float64Array(K);
    this.visible = new Int32Array(K);
    this.subPtr = new Int32Array(K);
    inputs.forEach((inp, k) => {
      checkColumns(inp.bars, `${inp.instrument.symbol} ${inp.timeframe}`);
      let s = this.symbols.indexOf(inp.instrument.symbol);
      if (s < 0) {
        s = this.symbols.push(inp.instrument.symbol) - 1;
        this.instruments.push(inp.instrument);
      }
      this.symOf[k] = s;
      this.tfMs[k] = timeframeMs(inp.timeframe);
      const b = inp.bars;
      this.sub.push({ open: b.open, high: b.high, low: b.low, close: b.close, from: 0, to: 0 });
    });
    this.execOf = new Int32Array(this.symbols.length).fill(-1);
    this.intrabarOf = new Int32Array(this.symbols.length).fill(-1);
    inputs.forEach((inp, k) => {
      const s = this.symOf[k];
      if (inp.intrabar) {
        if (this.intrabarOf[s] < 0) this.intrabarOf[s] = k;
      } else if (this.execOf[s] < 0) this.execOf[s] = k;
    });
    this.symbols.forEach((sym, s) => {
      if (this.execOf[s] < 0) throw new EngineError('INVALID_INPUT', `symbol ${sym} has only intrabar series; it needs a bar series too`);
    });
    this.views = inputs.map((inp, k) => new SeriesViewImpl(inp.instrument.symbol, inp.timeframe, inp.bars, this.visible, k, maxLookback));
  }

  get length(): number {
    return this.inputs[0].bars.time.length;
  }

  closeTime(k: number, j: number): number {
    return barCloseTime(this.inputs[k].bars.time, j, this.tfMs[k]);
  }

  /** Close time of the current primary bar; set by the engine before `advance`. */
  now = Number.NaN;

  /** Makes bars up to the primary bar i visible, matching each newly closed execution bar at the venue. */
  advance(i: number, venue: SimulatedVenue, marks: Float64Array): void {
    const inputs = this.inputs;
    const b0 = inputs[0].bars;
    const s0 = this.symOf[0];
    this.visible[0] = i + 1;
    venue.processBar(s0, b0, i, this.intrabarOf[s0] < 0 ? undefined : this.subRange(s0, 0, i));
    marks[s0] = b0.close[i];
    for (let k = 1; k < inputs.length; k++) {
      const b = inputs[k].bars;
      const n = b.time.length;
      let j = this.visible[k];
      while (j < n && this.closeTime(k, j) <= this.now) {
        const s = this.symOf[k];
        if (this.execOf[s] === k) {
          venue.processBar(s, b, j, this.intrabarOf[s] < 0 ? undefined : this.subRange(s, k, j));
          marks[s] = b.close[j];
        }
        j++;
      }
      this.visible[k] = j;
    }
  }

  /** The intrabar bars inside execution bar j of series k, or undefined (OHLC path rule). */
  private subRange(s: number, k: number, j: number): SubBars {
    const m = this.intrabarOf[s];
    const t = this.inputs[m].bars.time;
    const start = this.inputs[k].bars.time[j];
    const end = this.closeTime(k, j);
    let from = this.subPtr[m];
    while (from < t.length && t[from] < start) from++;
    let to = from;
    while (to < t.length && t[to] < end) to++;
    this.subPtr[m] = to;
    const r = this.sub[m];
    r.from = from;
    r.to = to;
    return r;
  }

  find(symbol?: string, timeframe?: string): SeriesView {
    if (symbol === undefined && timeframe === undefined) return this.views[0];
    for (const v of this.views) {
      if ((symbol === undefined || v.symbol === symbol) && (timeframe === undefined || v.timeframe === timeframe)) return v;
    }
    throw new EngineError('UNKNOWN_SERIES', `no series ${symbol ?? '*'} ${timeframe ?? '*'}; subscribe to it in the strategy's "series"`);
  }
}

function checkColumns(b: BarColumns, name: string): void {
  const n = b.time.length;
  for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (b[f].length !== n) throw new EngineError('INVALID_INPUT', `series ${name}: ${f} has ${b[f].length} values, time has ${n}`);
  }
  for (let j = 1; j < n; j++) {
    if (!(b.time[j] > b.time[j - 1])) throw new EngineError('INVALID_INPUT', `series ${name}: times must ascend (index ${j})`);
  }
}
