/**
 * Trusted prelude: the first code that runs in every strategy isolate (bundled at the top of the runtime).
 * It captures the intrinsics the runtime needs, removes capabilities that are hazards (sandbox-notes
 * 3, 11: WebAssembly, Atomics, SharedArrayBuffer) or sources of nondeterminism (WeakRef,
 * FinalizationRegistry, Intl's clock), and installs a seeded Math.random, a Date pinned to event time
 * and a console that writes into a byte-capped buffer inside the isolate (hazard 10: no host callback).
 * `harden()` runs after the runtime is loaded and before user code: see docs/sandbox.md "Hardening".
 */
import type { LogLine } from '@strata/engine';
import { strategyCallSite } from './call-site.ts';

const G = globalThis as any;

export const intrinsics = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  String,
  isView: ArrayBuffer.isView,
  toStringTag: Object.prototype.toString,
  freeze: Object.freeze,
  isFrozen: Object.isFrozen,
  getPrototypeOf: Object.getPrototypeOf,
  getOwnPropertyNames: Object.getOwnPropertyNames,
  getOwnPropertySymbols: Object.getOwnPropertySymbols,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  defineProperty: Object.defineProperty,
  apply: Reflect.apply,
  hasOwn: Object.hasOwn,
};

// ---- removed capabilities -------------------------------------------------------------------
for (const name of ['WebAssembly', 'Atomics', 'SharedArrayBuffer', 'WeakRef', 'FinalizationRegistry', 'Intl']) {
  delete G[name];
}

// ---- seeded randomness (sfc32) -----------------------------------------------------------------
let ra = 0x9e3779b9, rb = 0x243f6a88, rc = 0xb7e15162, rd = 1;
function sfc32(): number {
  ra |= 0; rb |= 0; rc |= 0; rd |= 0;
  const t = (((ra + rb) | 0) + rd) | 0;
  rd = (rd + 1) | 0;
  ra = rb ^ (rb >>> 9);
  rb = (rc + (rc << 3)) | 0;
  rc = (rc << 21) | (rc >>> 11);
  rc = (rc + t) | 0;
  return (t >>> 0) / 4294967296;
}
/** Reset the generator from a 32-bit seed; every run starts from its own seed. */
export function seedRandom(seed: number): void {
  ra = 0x9e3779b9; rb = 0x243f6a88; rc = 0xb7e15162 ^ (seed | 0); rd = 1;
  for (let i = 0; i < 15; i++) sfc32();
}
const random = function random(): number { return sfc32(); };
intrinsics.defineProperty(Math, 'random', { value: random, writable: true, configurable: true });

// ---- pinned clock ----------------------------------------------------------------------------
/**
 * Event time the strategy sees as "now" (the current bar's close time). The engine writes it directly
 * (RunOptions.clock) on every bar; a typed array because a double kept in a closure variable is boxed
 * anew on every write.
 */
export const clockCell = new Float64Array(1);
export function setClock(ms: number): void { clockCell[0] = ms; }

const RealDate = Date;
const PinnedDate = function Date(this: unknown, ...args: unknown[]): unknown {
  if (new.target === undefined) return new RealDate(clockCell[0]).toString();
  return Reflect.construct(RealDate, args.length === 0 ? [clockCell[0]] : args, new.target);
} as unknown as DateConstructor;
intrinsics.defineProperty(PinnedDate, 'prototype', { value: RealDate.prototype, writable: false });
intrinsics.defineProperty(RealDate.prototype, 'constructor', { value: PinnedDate, writable: true, configurable: true });
intrinsics.defineProperty(PinnedDate, 'now', { value: function now() { return clockCell[0]; }, writable: true, configurable: true });
intrinsics.defineProperty(PinnedDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true });
intrinsics.defineProperty(PinnedDate, 'parse', { value: RealDate.parse, writable: true, configurable: true });
G.Date = PinnedDate;

// ---- console into a capped in-isolate buffer ----------------------------------------------------
// console lines have the engine's log-line shape; `line`/`column` are the console call in strategy.js
// (mapped to the TypeScript on the host)
const logState = { lines: [] as LogLine[], bytes: 0, dropped: 0, maxBytes: 64 * 1024 };
export function resetLogs(maxBytes: number): void {
  logState.lines = []; logState.bytes = 0; logState.dropped = 0; logState.maxBytes = maxBytes;
}
export function takeLogs(): { lines: LogLine[]; dropped: number } {
  return { lines: logState.lines, dropped: logState.dropped };
}
const MAX_LINE = 4096;
function formatArg(v: unknown): string {
  if (typeof v === 'string') return v.length > MAX_LINE ? v.slice(0, MAX_LINE) : v;
  if (typeof v === 'object' && v !== null) {
    try {
      const s = intrinsics.stringify(v);
      return typeof s === 'string' ? (s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s) : intrinsics.String(s);
    } catch {
      return '[unserializable]';
    }
  }
  try { return intrinsics.String(v); } catch { return '[unprintable]'; }
}
function writeLog(level: string, args: unknown[]): void {
  if (logState.bytes >= logState.maxBytes) { logState.dropped++; return; }
  let msg = level === 'log' ? '' : `[${level}] `;
  for (let i = 0; i < args.length && msg.length < MAX_LINE; i++) msg += (i ? ' ' : '') + formatArg(args[i]);
  if (msg.length > MAX_LINE) msg = msg.slice(0, MAX_LINE);
  const room = logState.maxBytes - logState.bytes;
  if (msg.length > room) { msg = msg.slice(0, room); logState.dropped++; }
  logState.bytes += msg.length;
  const site = strategyCallSite();
  logState.lines.push(site ? { time: clockCell[0], message: msg, line: site.line, column: site.column } : { time: clockCell[0], message: msg });
}
const consoleObj: Record<string, (...a: unknown[]) => void> = {};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  consoleObj[level] = function (...args: unknown[]) { writeLog(level, args); };
}
G.console = consoleObj;
/** Also used for ctx.log when the engine routes it here. */
export const logLine = (args: unknown[]): void => writeLog('log', args);
