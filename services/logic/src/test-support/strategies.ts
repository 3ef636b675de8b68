/** Strategy sources used by the logic tests and benchmarks. */

/** SMA(fast)/SMA(slow) crossover with O(1) running sums, all-in or flat: the sandbox tests' own fixture. */
export { SMA_CROSS_SOURCE as SMA_CROSS } from '@strata/sandbox/testing';

/** Throws on a known line (line 9) once `failAt` bars have been seen. */
export const THROWS_AT_BAR = `import { defineStrategy } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  params: { failAt: { type: 'int', default: 100, min: 1, max: 1000000 } },
  onStart() { return { n: 0 }; },
  onBar(ctx, s) {
    s.n++;
    if (s.n >= ctx.params.failAt) throw new Error('boom at bar ' + s.n);
  },
});
`;

/** Burns CPU per bar so a run lasts long enough to observe progress, cancel it, or kill its worker. */
export const SLOW = `import { defineStrategy } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  params: { spin: { type: 'int', default: 20000, min: 0, max: 10000000 } },
  onStart() { return { x: 0 }; },
  onBar(ctx, s) {
    for (let i = 0; i < ctx.params.spin; i++) s.x = (s.x + i * 7) % 1000003;
  },
});
`;

/** Does not compile: a syntax error on line 4, column 12. */
export const SYNTAX_ERROR = `import { defineStrategy } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1 +,
  onBar() {},
});
`;

/** SMA(fast)/SMA(slow) cross that logs every crossover through ctx.log (line 17) and warns once through console (line 11). */
export const LOGS_CROSSINGS = `import { defineStrategy } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  params: { fast: { type: 'int', default: 5, min: 2, max: 100 }, slow: { type: 'int', default: 20, min: 5, max: 400 } },
  onStart(ctx) {
    return { f: [] as number[], s: [] as number[], prev: 0, n: 0 };
  },
  onBar(ctx, st) {
    st.n++;
    if (st.n === 1) console.warn('first bar', ctx.bar.close);
    st.f.push(ctx.bar.close); if (st.f.length > ctx.params.fast) st.f.shift();
    st.s.push(ctx.bar.close); if (st.s.length > ctx.params.slow) st.s.shift();
    if (st.s.length < ctx.params.slow) return;
    const side = st.f.reduce((a, b) => a + b, 0) / st.f.length > st.s.reduce((a, b) => a + b, 0) / st.s.length ? 1 : -1;
    if (side !== st.prev) {
      ctx.log('cross', side > 0 ? 'up' : 'down', 'at bar', st.n);
      st.prev = side;
    }
  },
});
`;
