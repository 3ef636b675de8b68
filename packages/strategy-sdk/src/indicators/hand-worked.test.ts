// Indicators without a reachable published table, checked against small examples worked
// by hand from each definition; the arithmetic is written next to every expected value.
import { describe, expect, it } from 'vitest';
import { ta } from './index.ts';

const run = (ind: { update(x: number): number }, xs: number[]): number[] => xs.map((v) => ind.update(v));

describe('moving averages', () => {
  it('rma(3): seed = mean(3, 6, 9) = 6, then 6 + (3 - 6)/3 = 5', () => {
    const out = run(ta.rma(3), [3, 6, 9, 3]);
    expect(out.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(out[2]).toBe(6);
    expect(out[3]).toBe(5);
  });

  it('dema(2) on 1, 3, 2, 6', () => {
    // e1 (alpha 2/3): seed (1+3)/2 = 2; 2 + 2/3*(2-2) = 2; 2 + 2/3*(6-2) = 14/3
    // e2 of e1: seed (2+2)/2 = 2; 2 + 2/3*(14/3 - 2) = 34/9
    // dema = 2*e1 - e2: bar 2 -> 2*2 - 2 = 2; bar 3 -> 28/3 - 34/9 = 50/9
    const out = run(ta.dema(2), [1, 3, 2, 6]);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(2, 12);
    expect(out[3]).toBeCloseTo(50 / 9, 12);
  });

  it('hma(4) on 1, 2, 4, 8, 16', () => {
    // WMA2(a,b) = (a + 2b)/3, WMA4(a..d) = (a + 2b + 3c + 4d)/10, output WMA2 (floor(sqrt 4) = 2)
    // bar 3: 2*(4 + 16)/3 - (1 + 4 + 12 + 32)/10 = 40/3 - 49/10 = 253/30
    // bar 4: 2*(8 + 32)/3 - (2 + 8 + 24 + 64)/10 = 80/3 - 98/10 = 506/30
    // hma bar 4 = (253/30 + 2*506/30)/3 = 1265/90
    const out = run(ta.hma(4), [1, 2, 4, 8, 16]);
    expect(Number.isNaN(out[3])).toBe(true);
    expect(out[4]).toBeCloseTo(1265 / 90, 12);
  });

  it('kama(2, 2, 30) on 10, 11, 13, 12', () => {
    // fast = 2/3, slow = 2/31. Bar 2: ER = |13-10| / (1 + 2) = 1, sc = (2/3)^2 = 4/9,
    // seeded from the previous close 11: 11 + 4/9*(13 - 11) = 107/9.
    // Bar 3: ER = |12-11| / (2 + 1) = 1/3, sc = (1/3*(2/3 - 2/31) + 2/31)^2 = (74/279)^2,
    // kama = 107/9 + (74/279)^2 * (12 - 107/9).
    const out = run(ta.kama(2, 2, 30), [10, 11, 13, 12]);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(107 / 9, 12);
    expect(out[3]).toBeCloseTo(107 / 9 + (74 / 279) ** 2 * (12 - 107 / 9), 12);
  });

  it('vwma(2): (10*100 + 11*300)/400 = 10.75, then (11*300 + 12*100)/400 = 11.25', () => {
    const v = ta.vwma(2);
    expect(Number.isNaN(v.update(0, 0, 10, 100))).toBe(true);
    expect(v.update(0, 0, 11, 300)).toBe(10.75);
    expect(v.update(0, 0, 12, 100)).toBe(11.25);
  });
});

describe('oscillators', () => {
  it('macd(2, 3, 2) on 10, 12, 11, 15, 14, 18', () => {
    // fast EMA2 (alpha 2/3): seed 11 at bar 1; 11; 41/3; 125/9; 449/27
    // slow EMA3 (alpha 1/2): seed (10+12+11)/3 = 11 at bar 2; 13; 13.5; 15.75
    // macd: bar 2: 0; bar 3: 41/3 - 13 = 2/3; bar 4: 125/9 - 13.5 = 7/18; bar 5: 449/27 - 15.75 = 95/108
    // signal EMA2 of macd: seed (0 + 2/3)/2 = 1/3 at bar 3; 1/3 + 2/3*(7/18 - 1/3) = 10/27;
    //   10/27 + 2/3*(95/108 - 10/27) = 115/162
    const m = ta.macd(2, 3, 2);
    const xs = [10, 12, 11, 15, 14, 18];
    const rows = xs.map((v) => (m.update(v), [m.macd, m.signal, m.histogram, m.value]));
    expect(Number.isNaN(rows[2][0])).toBe(true);
    expect(rows[3][0]).toBeCloseTo(2 / 3, 12);
    expect(rows[3][1]).toBeCloseTo(1 / 3, 12);
    expect(rows[3][2]).toBeCloseTo(1 / 3, 12);
    expect(rows[4][0]).toBeCloseTo(7 / 18, 12);
    expect(rows[4][1]).toBeCloseTo(10 / 27, 12);
    expect(rows[4][2]).toBeCloseTo(7 / 18 - 10 / 27, 12);
    expect(rows[5][0]).toBeCloseTo(95 / 108, 12);
    expect(rows[5][1]).toBeCloseTo(115 / 162, 12);
    expect(rows[5][3]).toBe(rows[5][0]);
  });

  it('flat windows report the neutral midpoint: rsi 50, stoch 50, williamsR -50', () => {
    const r = ta.rsi(3);
    const s = ta.stoch(3, 1, 1);
    const w = ta.williamsR(3);
    for (let i = 0; i < 5; i++) {
      r.update(7);
      s.update(7, 7, 7);
      w.update(7, 7, 7);
    }
    expect([r.value, s.k, w.value]).toEqual([50, 50, -50]);
  });
});

describe('volatility', () => {
  // (high, low, close) bars shared by the next tests
  const bars: [number, number, number][] = [
    [10, 8, 9],
    [12, 9, 11],
    [11, 10.5, 10.8],
    [9, 8, 8.5],
    [9.5, 8.5, 9.4],
    [12, 10, 11.9],
  ];

  it('trueRange: 10-8 = 2; max(12,9)-min(9,9) = 3; 11-10.5 = 0.5; max(9,10.8)-min(8,10.8) = 2.8', () => {
    const tr = ta.trueRange();
    const out = bars.slice(0, 4).map(([h, l, c]) => tr.update(h, l, c));
    [2, 3, 0.5, 2.8].forEach((want, i) => expect(out[i]).toBeCloseTo(want, 12));
  });

  it('atr(2): TRs from bar 1 are 3, 0.5, 2.8 -> (3 + 0.5)/2 = 1.75, then (1.75 + 2.8)/2 = 2.275', () => {
    const a = ta.atr(2);
    const out = bars.slice(0, 4).map(([h, l, c]) => a.update(h, l, c));
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(1.75, 12);
    expect(out[3]).toBeCloseTo(2.275, 12);
  });

  it('keltner(2, 2, 2) on the close: EMA2 seed (9+11)/2 = 10, 10 + 2/3*0.8; ATR 1.75; bands ± 3.5', () => {
    const k = ta.keltner(2, 2, 2);
    for (const [h, l, c] of bars.slice(0, 3)) k.update(h, l, c);
    const mid = 10 + (2 / 3) * 0.8;
    expect(k.middle).toBeCloseTo(mid, 12);
    expect(k.upper).toBeCloseTo(mid + 3.5, 12);
    expect(k.lower).toBeCloseTo(mid - 3.5, 12);
  });

  it('superTrend(2, 1) follows the final-band rules bar by bar', () => {
    // bar 2: ATR 1.75, hl2 10.75 -> bands 12.5 / 9.0; close 10.8 > hl2 so up, line = 9.0
    // bar 3: ATR 2.275, hl2 8.5 -> basic 10.775 / 6.225; upper tightens to 10.775, lower stays 9.0;
    //        close 8.5 < 9.0 flips down, line = 10.775
    // bar 4: TR 1, ATR 1.6375, hl2 9 -> basic 10.6375 / 7.3625; upper tightens to 10.6375; lower resets
    //        to 7.3625 because the previous close 8.5 broke below 9.0; close 9.4 stays down, line = 10.6375
    // bar 5: TR 12 - 9.4 = 2.6, ATR 2.11875, hl2 11 -> basic 13.11875 / 8.88125; upper keeps 10.6375,
    //        lower rises to 8.88125; close 11.9 > 10.6375 flips up, line = 8.88125
    const st = ta.superTrend(2, 1);
    const rows = bars.map(([h, l, c]) => (st.update(h, l, c), [st.value, st.direction]));
    expect(Number.isNaN(rows[1][0])).toBe(true);
    const want = [[9, 1], [10.775, -1], [10.6375, -1], [8.88125, 1]];
    want.forEach(([v, dir], i) => {
      expect(rows[i + 2][0]).toBeCloseTo(v, 12);
      expect(rows[i + 2][1]).toBe(dir);
    });
  });

  it('donchian(3): windows of highs/lows', () => {
    // highs 5,7,6,4,3 lows 1,2,3,2,1 -> bar 2: 7/1/4, bar 3: 7/2/4.5, bar 4: 6/1/3.5
    const d = ta.donchian(3);
    const rows = [[5, 1], [7, 2], [6, 3], [4, 2], [3, 1]].map(([h, l]) => (d.update(h, l), [d.upper, d.lower, d.middle]));
    expect(Number.isNaN(rows[1][0])).toBe(true);
    expect(rows.slice(2)).toEqual([[7, 1, 4], [7, 2, 4.5], [6, 1, 3.5]]);
  });
});

describe('trend, volume, signals', () => {
  it('highest(3)/lowest(3) on 1, 5, 3, 2, 4, 0', () => {
    expect(run(ta.highest(3), [1, 5, 3, 2, 4, 0]).slice(2)).toEqual([5, 5, 4, 4]);
    expect(run(ta.lowest(3), [1, 5, 3, 2, 4, 0]).slice(2)).toEqual([1, 2, 2, 0]);
  });

  it('ichimoku(2, 3, 4, 2): lines at bar 5 and the cloud computed at bar 3', () => {
    // bar 5: tenkan = (max(13,14) + min(11,12))/2 = 12.5; kijun = (14 + 7)/2 = 10.5;
    //   spanA = (12.5 + 10.5)/2 = 11.5; spanB over bars 2..5 = (14 + 7)/2 = 10.5
    // bar 3: tenkan = (12 + 7)/2 = 9.5, kijun = (12 + 7)/2 = 9.5 -> spanA 9.5; spanB over 0..3 = (12 + 6)/2 = 9
    const ich = ta.ichimoku(2, 3, 4, 2);
    const hl = [[10, 6], [11, 9], [12, 10], [11, 7], [13, 11], [14, 12]];
    const readies = hl.map(([h, l]) => (ich.update(h, l, h - 1), ich.ready));
    expect(readies).toEqual([false, false, false, false, false, true]);
    expect([ich.tenkan, ich.kijun, ich.spanA, ich.spanB, ich.cloudA, ich.cloudB, ich.lagging]).toEqual([12.5, 10.5, 11.5, 10.5, 9.5, 9, 13]);
    expect(ich.value).toBe(ich.kijun);
  });

  it('obv: 100, +200 = 300, unchanged 300, -400 = -100, +500 = 400', () => {
    const o = ta.obv();
    const closes = [10, 11, 11, 10, 12];
    expect(closes.map((c, i) => o.update(0, 0, c, (i + 1) * 100))).toEqual([100, 300, 300, -100, 400]);
  });

  it('vwap with 1 s sessions: tp 2 -> 2; (2*10 + 4*30)/40 = 3.5; new session tp 7 -> 7', () => {
    const v = ta.vwap({ sessionMs: 1000 });
    expect(v.update(3, 1, 2, 10, 0)).toBe(2);
    expect(v.update(6, 3, 3, 30, 500)).toBe(3.5);
    expect(v.updateBar({ time: 1000, open: 0, high: 9, low: 6, close: 6, volume: 10 })).toBe(7);
    v.reset(); // anchored use: reset at the anchor bar
    expect(v.ready).toBe(false);
    expect(v.update(4, 2, 3, 5)).toBe(3);
  });

  it('crossover/crossunder and the stateful cross()', () => {
    expect(ta.crossover(1, 2, 3, 2)).toBe(true);
    expect(ta.crossover(2, 2, 3, 2)).toBe(true); // from touching to above counts
    expect(ta.crossover(3, 2, 4, 2)).toBe(false);
    expect(ta.crossunder(3, 2, 1, 2)).toBe(true);
    const c = ta.cross();
    const a = [1, 2, 3, 2, 2, 1];
    expect(a.map((v) => c.update(v, 2))).toEqual([0, 0, 1, 0, 0, -1]);
  });
});
