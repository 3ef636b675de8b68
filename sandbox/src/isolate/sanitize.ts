/**
 * Builds the only values that leave the isolate: fresh typed arrays and one JSON string assembled
 * field by field from known keys and primitive types (events and orders: record-output.ts), with a
 * byte budget enforced while it is built (sandbox-notes hazard 12: copies out are not charged to
 * the isolate, so they are bounded here).
 * Nothing user-made crosses: getters run here, under the call's timeout (hazard 1).
 */
import { intrinsics as I } from './prelude.ts';

import { OutputTooLarge, type OutputBudget } from './output-budget.ts';

export { OutputTooLarge };

const MAX_STR = 256;

export function str(v: unknown, max = MAX_STR): string | undefined {
  if (typeof v !== 'string') return undefined;
  return v.length > max ? v.slice(0, max) : v;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function brand(v: unknown): string {
  return I.apply(I.toStringTag, v, []) as string;
}

/** A typed array the engine produced, brand-checked (not a user look-alike) and length-bounded. */
export function copyTyped<T>(v: unknown, kind: 'Float64Array' | 'Int32Array' | 'Int8Array' | 'Uint8Array', maxLen: number): T {
  if (!I.isView(v) || brand(v) !== `[object ${kind}]`) throw new TypeError(`engine output: expected ${kind}`);
  const a = v as unknown as { length: number; byteOffset: number; byteLength: number; buffer: ArrayBuffer & { resizable?: boolean }; slice(): T };
  if (a.length > maxLen) throw new OutputTooLarge(`${kind} of ${a.length} elements exceeds ${maxLen}`);
  // A whole, fixed-length buffer crosses as is (isolated-vm copies it; no user code runs for a typed
  // array). Views into larger or resizable buffers are sliced first (sandbox-notes hazard 6).
  const buf = a.buffer;
  if (a.byteOffset === 0 && a.byteLength === buf.byteLength && buf.resizable === false) return v as T;
  return a.slice();
}

/** JSON array writer with a running byte budget shared by all arrays of one result. */
export class JsonBudget implements OutputBudget {
  used = 0;
  readonly max: number;
  constructor(max: number) { this.max = max; }
  array<T>(items: unknown, pick: (x: T) => Record<string, unknown>): string {
    if (!Array.isArray(items)) return '[]';
    const parts: string[] = [];
    const n = items.length;
    // Serialise in chunks: one stringify per 512 items is much cheaper than one per item, and the
    // budget is still checked long before an oversized result could be built.
    for (let start = 0; start < n; start += 512) {
      const end = Math.min(n, start + 512);
      const chunk: Record<string, unknown>[] = [];
      for (let i = start; i < end; i++) chunk.push(pick(items[i] as T));
      const s = I.stringify(chunk) as string;
      this.used += s.length;
      if (this.used > this.max) throw new OutputTooLarge(`result data exceeds ${this.max} bytes`);
      parts.push(s.slice(1, -1));
    }
    return '[' + parts.join(',') + ']';
  }
}

/** A 1-based source position, or undefined. */
function position(v: unknown): number | undefined {
  return typeof v === 'number' && v >= 1 && v <= 1e9 && v === Math.floor(v) ? v : undefined;
}

/** A log line; the call site (strategy.js line/column) only when both are sound positions. */
export function pickLog(l: any): Record<string, unknown> {
  const line = position(l.line), column = position(l.column);
  return line !== undefined && column !== undefined
    ? { time: num(l.time), message: str(l.message, 4096) ?? '', line, column }
    : { time: num(l.time), message: str(l.message, 4096) ?? '' };
}

/** Turn any thrown value into strings, inside the isolate. Never rethrows. */
export function describeThrown(e: unknown): { message: string; stack: string; name: string } {
  let message = '[thrown value could not be described]';
  let stack = '';
  let name = 'Error';
  try {
    if (typeof e === 'object' && e !== null) {
      const m = (e as { message?: unknown }).message;
      message = typeof m === 'string' ? m : `Non-Error thrown: ${safeString(e)}`;
      const n = (e as { name?: unknown }).name;
      if (typeof n === 'string') name = n.slice(0, 100);
      const s = (e as { stack?: unknown }).stack;
      if (typeof s === 'string') stack = s.slice(0, 16_384);
    } else {
      message = `Non-Error thrown: ${safeString(e)}`;
    }
  } catch {
    // a throwing getter: keep the placeholder message
  }
  return { message: message.slice(0, 4096), stack, name };
}

function safeString(v: unknown): string {
  try {
    if (typeof v === 'object' && v !== null) {
      const s = I.stringify(v);
      if (typeof s === 'string') return s.slice(0, 1024);
    }
    return I.String(v).slice(0, 1024);
  } catch {
    return '[unprintable]';
  }
}
