/**
 * The abuse corpus: every fixture in ./fixtures is hostile or broken on purpose and declares in its
 * header the named error its author must get (`// expect: ...`) and, for probes that must complete,
 * text its console output must contain (`// log: ...`). Each runs next to a well-behaved strategy on
 * the same small pool; that strategy's result must stay identical to its solo reference, and the
 * pool must still serve a trivial run at the end (the host is unharmed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createSandboxPool, type RunBacktestRequest, type RunBacktestResult, type SandboxPool } from '../index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../testing/fixtures.ts';

const DIR = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort().map((file) => {
  const source = readFileSync(new URL(file, DIR), 'utf8');
  const header = (key: string) => [...source.matchAll(/^\/\/ (\w+): (.*)$/gm)].find((m) => m[1] === key)?.[2];
  return { file, source, expect: header('expect')!, log: header('log'), hazard: header('hazard'), limits: header('limits') };
});

const series = [syntheticSeries(600)];
const LIMITS = { cpuMsPerBatch: 200, cpuMsTotal: 2_000, wallMs: 5_000, memoryMb: 32, maxLogBytes: 4_096, barsPerBatch: 200 };
const request = (source: string): RunBacktestRequest => ({ source, params: {}, series, venue: VENUE, initialCash: 10_000, seed: 42, limits: LIMITS });

const ES_GLOBALS = new Set(('AggregateError,Array,ArrayBuffer,BigInt,BigInt64Array,BigUint64Array,Boolean,DataView,Date,Error,EvalError,Float16Array,' +
  'Float32Array,Float64Array,Function,Infinity,Int16Array,Int32Array,Int8Array,Iterator,JSON,Map,Math,NaN,Number,Object,Promise,Proxy,' +
  'RangeError,ReferenceError,Reflect,RegExp,Set,String,SuppressedError,DisposableStack,AsyncDisposableStack,Symbol,SyntaxError,TypeError,' +
  'URIError,Uint16Array,Uint32Array,Uint8Array,Uint8ClampedArray,WeakMap,WeakSet,console,decodeURI,decodeURIComponent,encodeURI,' +
  'encodeURIComponent,escape,eval,globalThis,isFinite,isNaN,parseFloat,parseInt,undefined,unescape').split(','));

let pool: SandboxPool;
let reference: RunBacktestResult;

beforeAll(async () => {
  pool = createSandboxPool({ size: 2, rssCapMb: 512, maxRunsPerWorker: 40 });
  reference = await pool.runBacktest(request(SMA_CROSS_SOURCE));
  expect(reference.output.barsProcessed).toBe(600);
  expect(reference.output.ordersEmitted).toBeGreaterThan(0);
});
afterAll(() => pool.close());

describe('abuse corpus', () => {
  it('holds at least 40 fixtures, each with an expectation', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    const NAME = '(CompileError|StrategyError|StrategyTimeout|StrategyMemoryExceeded|StrategyCrashed)';
    for (const f of fixtures) expect(f.expect, f.file).toMatch(new RegExp(`^(ok|${NAME}(\\|${NAME})?)$`));
  });

  for (const f of fixtures) {
    it(`${f.file}${f.hazard ? ` (hazard ${f.hazard})` : ''} -> ${f.expect}`, async () => {
      const limits = { ...LIMITS, ...(f.limits ? JSON.parse(f.limits) : {}) };
      const [hostile, good] = await Promise.allSettled([pool.runBacktest({ ...request(f.source), limits }), pool.runBacktest(request(SMA_CROSS_SOURCE))]);
      if (f.expect === 'ok') {
        if (hostile.status === 'rejected') throw hostile.reason;
        const text = hostile.value.logs.map((l) => l.message).join('\n');
        expect(hostile.value.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThanOrEqual(limits.maxLogBytes);
        if (f.log) expect(text).toContain(f.log);
        for (const o of hostile.value.output.orders) expect((o.tag ?? '').length).toBeLessThanOrEqual(256);
      } else {
        expect(hostile.status, `${f.file} should have failed`).toBe('rejected');
        const err = (hostile as PromiseRejectedResult).reason as Error & { code: string; usage?: unknown };
        // `A|B` only where a race inside V8 decides (documented in the fixture's note)
        expect(f.expect.split('|'), err.message).toContain(err.name);
        expect(typeof err.code).toBe('string');
        if (f.expect !== 'CompileError') expect(err.usage).toMatchObject({ cpuMs: expect.any(Number), wallMs: expect.any(Number) });
      }
      if (good.status === 'rejected') throw good.reason;
      expect(Array.from(good.value.output.equity)).toEqual(Array.from(reference.output.equity));
      expect(good.value.output.events).toEqual(reference.output.events);
    });
  }

  it('exposes only ES built-ins and console on the global object', async () => {
    const f = fixtures.find((x) => x.file === 'global-names-allowlist.ts')!;
    const r = await pool.runBacktest(request(f.source));
    const line = r.logs.find((l) => l.message.startsWith('globals '))!.message;
    const extra = line.slice('globals '.length).split(',').filter((n) => !ES_GLOBALS.has(n));
    expect(extra).toEqual([]);
  });

  it('tampering with built-ins leaves engine results identical to the clean twin', async () => {
    const f = fixtures.find((x) => x.file === 'prototype-pollution.ts')!;
    const twin = f.source.replace(/^\/\/.*\n/gm, '').replace(/let ok = 0;[\s\S]*?console\.log\('tampered.*\n/, '');
    expect(twin).not.toContain("console.log('tampered");
    const [a, b] = await Promise.all([pool.runBacktest(request(f.source)), pool.runBacktest(request(twin))]);
    expect(a.output.ordersEmitted).toBeGreaterThan(0);
    expect(Array.from(a.output.equity)).toEqual(Array.from(b.output.equity));
    expect(a.output.events).toEqual(b.output.events);
  });

  it('the pool still serves a trivial run after the whole corpus', async () => {
    const r = await pool.runBacktest(request(SMA_CROSS_SOURCE));
    expect(Array.from(r.output.equity)).toEqual(Array.from(reference.output.equity));
  });
});
