/**
 * Rebuilds the plain objects of `BacktestOutput.events` / `.orders` from the columnar record
 * (record-spec.ts). Two forms: `'engine'`, the objects the engine made (every key present in
 * `spec.keys` order, absent ones `undefined`, numbers as recorded), and `'json'`, what a JSON round trip of
 * those gives (absent keys omitted, non-finite numbers null), which the sandbox pool has always
 * returned. Decoding 60,000 records costs tens of ms, so `defineLazy` installs it as a getter that
 * runs on first access and then becomes a plain property.
 */
import { type EncodedRecords, type RecordSpec, X_BOOL_PRESENT, X_BOOL_TRUE, X_SIZE } from './record-spec.ts';

export type DecodeForm = 'engine' | 'json';

/** Rebuild `e.n` plain objects of `spec` (keys in `spec.keys` order) from the columns and string table. */
export function decodeRecords<T>(e: EncodedRecords, spec: RecordSpec, strings: readonly string[], form: DecodeForm = 'json'): T[] {
  const json = form === 'json';
  // JSON writes -0 as 0
  const numOut = json ? (v: number): number | null => (Number.isFinite(v) ? v + 0 : null) : (v: number): number => v;
  const S = spec.strings.length, F = spec.numbers.length;
  const sCol = new Map(spec.strings.map((k, j) => [k, j]));
  const fCol = new Map(spec.numbers.map((k, j) => [k, j]));
  // one small plan per key, resolved once, so the per-record loop does no map look-ups
  const plan = spec.keys.map((key) => ({ key, kind: spec.fields[key]!.k, j: spec.fields[key]!.k === 's' ? sCol.get(key)! : fCol.get(key) ?? -1 }));
  const out = new Array<T>(e.n);
  for (let i = 0; i < e.n; i++) {
    const o: Record<string, unknown> = {};
    const x = e.x[i]!;
    for (const { key, kind, j } of plan) {
      if (kind === 's') {
        const id = e.s[i * S + j]!;
        if (id >= 0) o[key] = strings[id];
        else if (!json) o[key] = undefined;
      } else if (kind === 'n') {
        if (e.p[i * F + j]) o[key] = numOut(e.f[i * F + j]!);
        else if (!json) o[key] = undefined;
      } else if (kind === 'size') {
        if (x & X_SIZE) {
          const size: Record<string, unknown> = {};
          const id = e.s[i * S + S - 1]!;
          if (id >= 0) size.kind = strings[id];
          if (e.p[i * F + F - 1]) size.value = numOut(e.f[i * F + F - 1]!);
          o[key] = size;
        } else if (!json) o[key] = undefined;
      } else if (x & X_BOOL_PRESENT) {
        o[key] = (x & X_BOOL_TRUE) !== 0;
      } else if (!json) o[key] = undefined;
    }
    out[i] = o as T;
  }
  return out;
}

/**
 * Define `obj[key]` as an enumerable property computed on first read (or replaced on first write).
 * Enumerable, so spreading, `JSON.stringify`, `structuredClone` and deep equality all see the value.
 */
export function defineLazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}
