/**
 * Pool side of the columnar events/orders encoding (isolate/columnar-output.ts): rebuilds the plain
 * objects of `BacktestOutput.events` / `.orders` exactly as the former JSON form produced them
 * (absent fields omitted, non-finite numbers as null). Decoding 60,000 records costs tens of ms, so
 * `defineLazy` installs it as a getter that runs on first access and then becomes a plain property.
 */
import { type EncodedRecords, type RecordSpec, X_BOOL_PRESENT, X_BOOL_TRUE, X_SIZE } from '../isolate/column-spec.ts';

const numOut = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Rebuild `e.n` plain objects of `spec` (keys in `spec.keys` order) from the columns and string table. */
export function decodeRecords<T>(e: EncodedRecords, spec: RecordSpec, strings: readonly string[]): T[] {
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
      } else if (kind === 'n') {
        if (e.p[i * F + j]) o[key] = numOut(e.f[i * F + j]!);
      } else if (kind === 'size') {
        if (x & X_SIZE) {
          const size: Record<string, unknown> = {};
          const id = e.s[i * S + S - 1]!;
          if (id >= 0) size.kind = strings[id];
          if (e.p[i * F + F - 1]) size.value = numOut(e.f[i * F + F - 1]!);
          o[key] = size;
        }
      } else if (x & X_BOOL_PRESENT) {
        o[key] = (x & X_BOOL_TRUE) !== 0;
      }
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
