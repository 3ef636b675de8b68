// Checks indicators against values published in TA-Lib's regression tests; see the
// fixture headers for sources and tolerances.
import { describe, expect, it } from 'vitest';
import { ta } from './index.ts';
import * as d from './fixtures/talib-daily-ref.ts';
import * as x from './fixtures/talib-expected.ts';
import * as w from './fixtures/wilder-sar.ts';

const N = d.close.length;

/** Runs `step(i)` for every bar and records `read()` after each one. */
function record(step: (i: number) => void, read: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    step(i);
    out.push(read());
  }
  return out;
}

/** One unit in the last printed decimal of `v` (the fixture's own precision). */
function unit(v: number): number {
  const s = String(v);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 1e-9 : 10 ** -(s.length - dot - 1);
}

function expectRows(name: string, got: readonly number[], rows: readonly x.Row[], tol?: number): void {
  for (const [bar, want] of rows) {
    const t = tol ?? unit(want);
    const v = got[bar];
    expect(Math.abs(v - want), `${name} at bar ${bar}: got ${v}, want ${want} ± ${t}`).toBeLessThanOrEqual(t + 1e-12);
  }
}

const closes = (make: () => { update(x: number): number; value: number }) => {
  const ind = make();
  return record((i) => ind.update(d.close[i]), () => ind.value);
};

describe('moving averages vs TA-Lib test_ma.c', () => {
  for (const [p, rows] of Object.entries(x.sma)) it(`sma(${p})`, () => expectRows('sma', closes(() => ta.sma(Number(p))), rows));
  for (const [p, rows] of Object.entries(x.wma)) it(`wma(${p})`, () => expectRows('wma', closes(() => ta.wma(Number(p))), rows));
  it('wma(30) last two bars equal the definition evaluated directly', () => {
    const got = closes(() => ta.wma(30));
    for (const bar of [250, 251]) {
      let num = 0;
      for (let j = 0; j < 30; j++) num += (30 - j) * d.close[bar - j];
      expect(got[bar]).toBeCloseTo(num / 465, 9); // 465 = 1 + 2 + ... + 30
    }
  });
  for (const [p, rows] of Object.entries(x.ema)) it(`ema(${p})`, () => expectRows('ema', closes(() => ta.ema(Number(p))), rows));
  it('dema(14) and tema(14) converge to the published last value', () => {
    expectRows('dema', closes(() => ta.dema(14)), [x.demaLast]);
    expectRows('tema', closes(() => ta.tema(14)), [x.temaLast]);
  });
  it('dema/tema warm-up lengths match TA-Lib lookbacks (26 and 39)', () => {
    const de = closes(() => ta.dema(14));
    const te = closes(() => ta.tema(14));
    expect(Number.isNaN(de[25]) && !Number.isNaN(de[26])).toBe(true);
    expect(Number.isNaN(te[38]) && !Number.isNaN(te[39])).toBe(true);
  });
  it('trix(5) (test_per_ema.c)', () => expectRows('trix', closes(() => ta.trix(5)), x.trix5));
});

describe('oscillators vs TA-Lib', () => {
  it('rsi(14) (test_rsi.c)', () => expectRows('rsi', closes(() => ta.rsi(14)), x.rsi14));
  it('momentum(14) and roc(14) (test_mom.c)', () => {
    expectRows('momentum', closes(() => ta.momentum(14)), x.mom14);
    expectRows('roc', closes(() => ta.roc(14)), x.roc14);
  });
  it('williamsR(14) (test_per_hlc.c)', () => {
    const ind = ta.williamsR(14);
    expectRows('williamsR', record((i) => ind.update(d.high[i], d.low[i], d.close[i]), () => ind.value), x.willr14);
  });
  it('cci(11), cci(5), cci(2) (test_per_hlc.c)', () => {
    const run = (p: number) => {
      const ind = ta.cci(p);
      return record((i) => ind.update(d.high[i], d.low[i], d.close[i]), () => ind.value);
    };
    // TA-Lib prints up to 10 significant digits; its own check is to 1e-3, which we use.
    expectRows('cci11', run(11), x.cci11, 1e-3);
    expectRows('cci5', run(5), [x.cci5First]);
    expectRows('cci2', run(2), [x.cci2First]);
  });
  it('stoch(5,3,3) first %K equals the definition evaluated directly', () => {
    // raw %K at bars 6, 7, 8 over 5-bar windows, then their mean.
    let sum = 0;
    for (const bar of [6, 7, 8]) {
      const hh = Math.max(...d.high.slice(bar - 4, bar + 1));
      const ll = Math.min(...d.low.slice(bar - 4, bar + 1));
      sum += (100 * (d.close[bar] - ll)) / (hh - ll);
    }
    const ind = ta.stoch(5, 3, 3);
    for (let i = 0; i <= 8; i++) ind.update(d.high[i], d.low[i], d.close[i]);
    expect(ind.k).toBeCloseTo(sum / 3, 9);
  });
  for (const { params, rows } of x.stoch) {
    it(`stoch(${params.join(',')}) (test_stoch.c)`, () => {
      const ind = ta.stoch(...params);
      const k = record((i) => ind.update(d.high[i], d.low[i], d.close[i]), () => ind.k);
      ind.reset();
      const dd = record((i) => ind.update(d.high[i], d.low[i], d.close[i]), () => ind.d);
      const [first, ...rest] = rows.map(([b, kk]) => [b, kk] as const);
      expectRows('stoch.k', k, [first], params[2] === 3 ? 1e-3 : undefined);
      expectRows('stoch.k', k, rest);
      expectRows('stoch.d', dd, rows.map(([b, , dv]) => [b, dv] as const));
      expect(Number.isNaN(k[rows[0][0] - 1])).toBe(true);
    });
  }
  for (const { params, rows } of x.stochRsi) {
    it(`stochRsi(${params[0]}, ${params[1]}, 1, ${params[2]}) (test_stoch.c)`, () => {
      const ind = ta.stochRsi(params[0], params[1], 1, params[2]);
      const out: [number, number][] = [];
      for (let i = 0; i < N; i++) {
        ind.update(d.close[i]);
        out.push([ind.k, ind.d]);
      }
      for (const [bar, k, dv] of rows) {
        expect(Math.abs(out[bar][0] - k), `k at ${bar}`).toBeLessThanOrEqual(unit(k));
        expect(Math.abs(out[bar][1] - dv), `d at ${bar}`).toBeLessThanOrEqual(unit(dv));
      }
      expect(Number.isNaN(out[rows[0][0] - 1][0])).toBe(true);
    });
  }
  for (const [p, rows] of Object.entries(x.mfi)) {
    it(`mfi(${p}) (test_mfi.c external-oracle table)`, () => {
      const ind = ta.mfi(Number(p));
      expectRows('mfi', record((i) => ind.update(d.high[i], d.low[i], d.close[i], d.volume[i]), () => ind.value), rows, 1e-9);
    });
  }
});

describe('volatility and trend vs TA-Lib', () => {
  it('stdDev(5) (test_stddev.c)', () => expectRows('stdDev', closes(() => ta.stdDev(5)), x.stdDev5));
  it('bollinger(20, 2) (test_bbands.c)', () => {
    const bb = ta.bollinger(20, 2);
    const [bar, up, mid, lo] = x.bbands20;
    for (let i = 0; i <= bar; i++) bb.update(d.close[i]);
    expect(bb.upper).toBeCloseTo(up, 4);
    expect(bb.middle).toBeCloseTo(mid, 4);
    expect(bb.lower).toBeCloseTo(lo, 4);
  });
  it('atr(14) via NATR = 100 * ATR / close (test_per_hlc.c)', () => {
    const ind = ta.atr(14);
    let i = 0;
    const natr = record((k) => ind.update(d.high[(i = k)], d.low[k], d.close[k]), () => (100 * ind.value) / d.close[i]);
    expectRows('natr', natr, x.natr14);
    expect(Number.isNaN(natr[13])).toBe(true);
  });
  for (const [p, rows] of Object.entries(x.cmf)) {
    it(`cmf(${p}) (test_cmf.c external-oracle table)`, () => {
      const ind = ta.cmf(Number(p));
      expectRows('cmf', record((i) => ind.update(d.high[i], d.low[i], d.close[i], d.volume[i]), () => ind.value), rows, 1e-10);
    });
  }
  it("keltner(.., 'typical') (test_kc.c ta4j oracle)", () => {
    for (const [e, a, m, bar, up, mid, lo] of x.keltnerTypical) {
      const kc = ta.keltner(e, a, m, 'typical');
      for (let i = 0; i <= bar; i++) kc.update(d.high[i], d.low[i], d.close[i]);
      expect(Math.abs(kc.upper - up), `upper ${e},${a},${m} @${bar}`).toBeLessThan(1e-9);
      expect(Math.abs(kc.middle - mid), `middle ${e},${a},${m} @${bar}`).toBeLessThan(1e-9);
      expect(Math.abs(kc.lower - lo), `lower ${e},${a},${m} @${bar}`).toBeLessThan(1e-9);
    }
  });
  it('adx(14) with DI and DX (test_adx.c, whole numbers)', () => {
    const ind = ta.adx(14);
    const rows: { adx: number; p: number; m: number; dx: number }[] = [];
    for (let i = 0; i < N; i++) {
      ind.update(d.high[i], d.low[i], d.close[i]);
      rows.push({ adx: ind.value, p: ind.plusDI, m: ind.minusDI, dx: ind.dx });
    }
    expect(Number.isNaN(rows[26].adx)).toBe(true);
    expectRows('adx', rows.map((r) => r.adx), x.adx14, 1);
    expectRows('+DI', rows.map((r) => r.p), x.plusDi14, 1);
    expectRows('-DI', rows.map((r) => r.m), x.minusDi14, 1);
    expectRows('dx', rows.map((r) => r.dx), x.dx14, 1);
  });
  it('aroon(14) up, down, oscillator (test_per_hl.c)', () => {
    const ind = ta.aroon(14);
    const up: number[] = [];
    const down: number[] = [];
    const osc: number[] = [];
    for (let i = 0; i < N; i++) {
      ind.update(d.high[i], d.low[i]);
      up.push(ind.up);
      down.push(ind.down);
      osc.push(ind.value);
    }
    expect(Number.isNaN(up[13])).toBe(true);
    expectRows('aroon.up', up, x.aroonUp14);
    expectRows('aroon.down', down, x.aroonDown14);
    expectRows('aroon.osc', osc, x.aroonOsc14);
  });
  it("psar(0.02, 0.2) on Wilder's book data (test_sar.c)", () => {
    const ind = ta.psar(0.02, 0.2);
    const got = w.high.map((h, i) => ind.update(h, w.low[i]));
    expect(Number.isNaN(got[0])).toBe(true);
    for (const [bar, want] of w.expectedSar) expect(Math.abs(got[bar] - want), `bar ${bar}: ${got[bar]}`).toBeLessThanOrEqual(unit(want));
  });
});
