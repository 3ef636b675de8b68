/**
 * Hardening by plan (harden.ts): the first isolate of a worker walks the realm and records what it
 * froze; later isolates replay that list. The replayed realm must be exactly as frozen as a walked
 * one, checked here by an independent walk over every global and hidden intrinsic.
 */
import { afterAll, describe, expect, it } from 'vitest';
import ivm from 'isolated-vm';
import { getRuntimeBundle } from './runtime-bundle.ts';

// Counts objects the hardening must have frozen (everything but plain methods) that are not frozen.
const CHECK = `(() => {
  const seen = new WeakSet(); const stack = [globalThis]; let frozen = 0; const open = [];
  const p = (x) => Object.getPrototypeOf(x);
  stack.push(p([][Symbol.iterator]()), p(new Map().entries()), p(new Set().values()), p(''[Symbol.iterator]()), p('a'.matchAll(/a/g)),
    p(function* () {}), p(async function () {}), p(async function* () {}), p(p((function* () {})())), p(p((async function* () {})())), p(Uint8Array));
  while (stack.length) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue;
    seen.add(v);
    if (typeof v === 'function' && !Object.hasOwn(v, 'constructor') && !Object.hasOwn(v, 'prototype')) continue;
    for (const k of Reflect.ownKeys(v)) { const d = Object.getOwnPropertyDescriptor(v, k); if ('value' in d) stack.push(d.value); else stack.push(d.get); }
    stack.push(p(v));
    if (v === globalThis) continue;
    if (Object.isFrozen(v)) frozen++; else open.push(String(v.name ?? Object.prototype.toString.call(v)) + ':' + Reflect.ownKeys(v).map(String).join('|'));
  }
  return JSON.stringify({ frozen, open: open.slice(0, 10), openCount: open.length });
})()`;

// The same walk over what a strategy imports (the SDK object: functions, indicator classes and their
// prototypes), run as a strategy module: its definition's name carries the counts out through 'meta'.
const SDK_CHECK = `(function (module, exports, require) { "use strict";
  const sdk = require('@strata/sdk');
  const seen = new WeakSet(); const stack = [sdk, require]; let frozen = 0; let open = 0;
  while (stack.length) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue;
    seen.add(v);
    if (typeof v === 'function' && !Object.hasOwn(v, 'constructor') && !Object.hasOwn(v, 'prototype')) continue;
    for (const k of Reflect.ownKeys(v)) { const d = Object.getOwnPropertyDescriptor(v, k); stack.push('value' in d ? d.value : d.get); }
    stack.push(Object.getPrototypeOf(v));
    if (Object.isFrozen(v)) frozen++; else open++;
  }
  let swapped = 'refused';
  try { sdk.ta.sma = () => 0; swapped = 'changed'; } catch {}
  try { Object.getPrototypeOf(sdk.ta.sma(3)).update = () => 0; swapped += ',changed'; } catch { swapped += ',refused'; }
  exports.default = { apiVersion: 1, name: frozen + ':' + open + ':' + swapped, onBar() {} };
})`;

const isolates: ivm.Isolate[] = [];
afterAll(() => { for (const i of isolates) i.dispose(); });

async function hardened(plan?: string): Promise<{ plan?: string; check: { frozen: number; open: string[]; openCount: number }; tamper: string; sdk: string }> {
  const iso = new ivm.Isolate({ memoryLimit: 64 });
  isolates.push(iso);
  const ctx = await iso.createContext();
  const dispatch = await (await iso.compileScript(await getRuntimeBundle())).run(ctx, { reference: true }) as ivm.Reference;
  const before = await dispatch.apply(undefined, ['meta', undefined], { result: { copy: true } });
  expect(before).toMatchObject({ ok: false, message: 'runtime not hardened' });
  const reply = await dispatch.apply(undefined, plan === undefined ? ['harden'] : ['harden', plan], { result: { copy: true } }) as { ok: boolean; plan?: string };
  expect(reply.ok).toBe(true);
  const check = JSON.parse(await ctx.eval(CHECK, { copy: true }));
  const tamper = await ctx.eval(`"use strict"; const r = []; for (const f of [() => { Math.max = () => 0; }, () => { Array.prototype.push = null; },
    () => { Object.defineProperty(Object.prototype, 'x', { get() { return 1; } }); }, () => { Float64Array.prototype.__proto__.set = null; }, () => { globalThis.JSON = {}; }])
    { try { f(); r.push('changed'); } catch { r.push('refused'); } } r.join(',')`, { copy: true });
  const factory = await (await iso.compileScript(SDK_CHECK)).run(ctx, { reference: true }) as ivm.Reference;
  const meta = await dispatch.apply(undefined, ['meta', factory.derefInto()], { result: { copy: true } }) as { ok: boolean; json: string };
  const sdk = String(JSON.parse(meta.json).name);
  return { plan: reply.plan, check, tamper, sdk };
}

describe('realm hardening', () => {
  it('a replayed plan leaves the realm exactly as frozen as the full walk', async () => {
    const walked = await hardened();
    expect(walked.plan).toBeTypeOf('string');
    expect(walked.check.openCount, walked.check.open.join(', ')).toBe(0);
    expect(walked.check.frozen).toBeGreaterThan(100);
    const replayed = await hardened(walked.plan);
    expect(replayed.plan).toBeUndefined();
    expect(replayed.check).toEqual(walked.check);
    expect(replayed.tamper).toBe('refused,refused,refused,refused,refused');
    // the SDK and the require shim are in the plan: frozen alike whether walked or replayed
    const [frozen, open, swapped] = walked.sdk.split(':');
    expect(Number(frozen)).toBeGreaterThan(50);
    expect([open, swapped]).toEqual(['0', 'refused,refused']);
    expect(replayed.sdk).toBe(walked.sdk);
  });

  it('falls back to the full walk when a plan does not fit the realm', async () => {
    // plans only ever come from this worker's own first isolate; one that does not resolve is walked anew
    for (const bogus of [[[-1, 'Math'], [0, 'noSuchKey']], [[-1, 'NoSuchGlobal']], [[-1, 'Math'], [1, 'max']], [['Math']]]) {
      const r = await hardened(JSON.stringify(bogus));
      expect(r.check.openCount, r.check.open.join(', ')).toBe(0);
      expect(r.tamper).toBe('refused,refused,refused,refused,refused');
      expect(r.sdk).toMatch(/^\d+:0:refused,refused$/);
    }
  });
});
