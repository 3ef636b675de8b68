/**
 * Encodes the engine's order events and order intents as typed-array columns plus one shared string
 * table, inside the isolate, under the call's timeout. It replaces a JSON string built field by field:
 * the ~60,000 records of a 1M-bar run cost ~100 ms to stringify here and ~50 ms to parse in the pool,
 * and 8 MB to copy; the columns cost ~20 ms and repeated strings (symbols, kinds, tags) cross once.
 * Same guarantees as sanitize.ts: only known keys, primitive types checked, strings cut, a byte budget
 * (sandbox-notes hazard 12) checked before any column is allocated and while the table grows.
 */
import { charge, type OutputBudget } from './output-budget.ts';
import { EVENT_SPEC, ORDER_SPEC, type EncodedRecords, type RecordSpec, X_BOOL_PRESENT, X_BOOL_TRUE, X_SIZE, recordBytes } from './column-spec.ts';

/**
 * Strings of one result, de-duplicated (kinds, symbols, sides, codes and tags repeat; order ids and
 * risk messages mostly do not); the table crosses as one JSON array (built by the runtime). Every new string is counted
 * against the output budget.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly list: string[] = [];
  /** Bytes charged so far (the JSON of the list may be longer: escapes; the runtime charges the rest). */
  charged = 0;
  private readonly budget: OutputBudget;
  constructor(budget: OutputBudget) { this.budget = budget; }

  /** Index of `v` cut to `max` characters, or -1 when `v` is not a string. */
  id(v: unknown, max: number): number {
    if (typeof v !== 'string') return -1;
    const s = v.length > max ? v.slice(0, max) : v;
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      charge(this.budget, s.length + 3);
      this.charged += s.length + 3;
      this.ids.set(s, i);
      this.list.push(s);
    }
    return i;
  }
}

function alloc(n: number, spec: RecordSpec, budget: OutputBudget): EncodedRecords {
  charge(budget, n * recordBytes(spec));
  const S = spec.strings.length, F = spec.numbers.length;
  return { n, s: new Int32Array(n * S).fill(-1), f: new Float64Array(n * F), p: new Uint8Array(n * F), x: new Uint8Array(n) };
}

// Written out field by field (not a loop over key names): named property loads on the engine's few
// record shapes are several times faster than keyed loads, and this runs for every record.

/** EVENT_SPEC: strings kind, orderId, symbol, side, code, reason, tag; numbers time, fillPrice, fillQty, fee, remainingQty, limit, actual. */
export function encodeEvents(items: unknown, table: StringTable, budget: OutputBudget): EncodedRecords {
  const n = Array.isArray(items) ? items.length : 0;
  const out = alloc(n, EVENT_SPEC, budget);
  const { s, f, p } = out;
  // This runs once per isolate, so mostly as unoptimised code: each string field first compares with
  // the previous record's value (same string object for engine constants and an order's event pair)
  // and only goes to the table when it changed.
  let k0: unknown, k1: unknown, k2: unknown, k3: unknown, k4: unknown, k5: unknown, k6: unknown;
  let i0 = -1, i1 = -1, i2 = -1, i3 = -1, i4 = -1, i5 = -1, i6 = -1;
  for (let i = 0; i < n; i++) {
    const r = (items as any[])[i];
    if (r === null || typeof r !== 'object') continue;
    const si = i * 7, fi = i * 7;
    let v = r.kind; if (v !== k0) { k0 = v; i0 = table.id(v, 256); } s[si] = i0;
    v = r.orderId; if (v !== k1) { k1 = v; i1 = table.id(v, 256); } s[si + 1] = i1;
    v = r.symbol; if (v !== k2) { k2 = v; i2 = table.id(v, 256); } s[si + 2] = i2;
    v = r.side; if (v !== k3) { k3 = v; i3 = table.id(v, 256); } s[si + 3] = i3;
    v = r.code; if (v !== k4) { k4 = v; i4 = table.id(v, 256); } s[si + 4] = i4;
    v = r.reason; if (v !== k5) { k5 = v; i5 = table.id(v, 1024); } s[si + 5] = i5;
    v = r.tag; if (v !== k6) { k6 = v; i6 = table.id(v, 256); } s[si + 6] = i6;
    v = r.time; if (typeof v === 'number') { f[fi] = v; p[fi] = 1; }
    v = r.fillPrice; if (typeof v === 'number') { f[fi + 1] = v; p[fi + 1] = 1; }
    v = r.fillQty; if (typeof v === 'number') { f[fi + 2] = v; p[fi + 2] = 1; }
    v = r.fee; if (typeof v === 'number') { f[fi + 3] = v; p[fi + 3] = 1; }
    v = r.remainingQty; if (typeof v === 'number') { f[fi + 4] = v; p[fi + 4] = 1; }
    v = r.limit; if (typeof v === 'number') { f[fi + 5] = v; p[fi + 5] = 1; }
    v = r.actual; if (typeof v === 'number') { f[fi + 6] = v; p[fi + 6] = 1; }
  }
  return out;
}

/**
 * ORDER_SPEC: strings id, symbol, side, type, tif, tag, size.kind; numbers limitPrice, stopPrice,
 * trailAmount, trailPercent, stopLoss, takeProfit, size.value; flags size present, reduceOnly.
 */
export function encodeOrders(items: unknown, table: StringTable, budget: OutputBudget): EncodedRecords {
  const n = Array.isArray(items) ? items.length : 0;
  const out = alloc(n, ORDER_SPEC, budget);
  const { s, f, p, x } = out;
  let k0: unknown, k1: unknown, k2: unknown, k3: unknown, k4: unknown, k5: unknown, k6: unknown;
  let i0 = -1, i1 = -1, i2 = -1, i3 = -1, i4 = -1, i5 = -1, i6 = -1;
  for (let i = 0; i < n; i++) {
    const r = (items as any[])[i];
    if (r === null || typeof r !== 'object') continue;
    const si = i * 7, fi = i * 7;
    let v = r.id; if (v !== k0) { k0 = v; i0 = table.id(v, 256); } s[si] = i0;
    v = r.symbol; if (v !== k1) { k1 = v; i1 = table.id(v, 256); } s[si + 1] = i1;
    v = r.side; if (v !== k2) { k2 = v; i2 = table.id(v, 256); } s[si + 2] = i2;
    v = r.type; if (v !== k3) { k3 = v; i3 = table.id(v, 256); } s[si + 3] = i3;
    v = r.tif; if (v !== k4) { k4 = v; i4 = table.id(v, 256); } s[si + 4] = i4;
    v = r.tag; if (v !== k5) { k5 = v; i5 = table.id(v, 256); } s[si + 5] = i5;
    v = r.limitPrice; if (typeof v === 'number') { f[fi] = v; p[fi] = 1; }
    v = r.stopPrice; if (typeof v === 'number') { f[fi + 1] = v; p[fi + 1] = 1; }
    v = r.trailAmount; if (typeof v === 'number') { f[fi + 2] = v; p[fi + 2] = 1; }
    v = r.trailPercent; if (typeof v === 'number') { f[fi + 3] = v; p[fi + 3] = 1; }
    v = r.stopLoss; if (typeof v === 'number') { f[fi + 4] = v; p[fi + 4] = 1; }
    v = r.takeProfit; if (typeof v === 'number') { f[fi + 5] = v; p[fi + 5] = 1; }
    let flags = 0;
    const size = r.size;
    if (size && typeof size === 'object') {
      flags |= X_SIZE;
      const kind = size.kind;
      if (kind !== k6) { k6 = kind; i6 = table.id(kind, 256); }
      s[si + 6] = i6;
      v = size.value; if (typeof v === 'number') { f[fi + 6] = v; p[fi + 6] = 1; }
    }
    const b = r.reduceOnly;
    if (typeof b === 'boolean') flags |= X_BOOL_PRESENT | (b ? X_BOOL_TRUE : 0);
    x[i] = flags;
  }
  return out;
}
