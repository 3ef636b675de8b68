/**
 * Hands the engine's event/intent record (already columns over one string table, recorded as the run
 * went: engine record/event-record.ts) out of the isolate. Same guarantees as the rest of the way out
 * (sanitize.ts): only engine-made, brand-checked typed arrays cross; every string is cut to its
 * field's cap (256, reasons 1024); the whole is charged to the output budget before it crosses
 * (sandbox-notes hazard 12).
 */
import { intrinsics as I } from './prelude.ts';
import { charge, type OutputBudget } from './output-budget.ts';
import { EVENT_SPEC, ORDER_SPEC, recordBytes, type EncodedRecords, type RecordSpec } from './column-spec.ts';
import { copyTyped } from './sanitize.ts';

const LONGEST = 1_024;
const MAX_RECORDS = 50_000_000;

function cap(spec: RecordSpec, j: number): number {
  const f = spec.fields[spec.strings[j]!];
  return f?.k === 's' ? f.max : 256;
}

function columns(e: EncodedRecords, spec: RecordSpec): EncodedRecords {
  const n = typeof e?.n === 'number' && e.n >= 0 && e.n <= MAX_RECORDS ? e.n : 0;
  const S = spec.strings.length, F = spec.numbers.length;
  const out: EncodedRecords = {
    n, s: copyTyped(e.s, 'Int32Array', n * S), f: copyTyped(e.f, 'Float64Array', n * F), p: copyTyped(e.p, 'Uint8Array', n * F), x: copyTyped(e.x, 'Uint8Array', n),
  };
  if (out.s.length !== n * S || out.f.length !== n * F || out.p.length !== n * F || out.x.length !== n) throw new TypeError('engine output: record columns do not match their length');
  return out;
}

/**
 * Point every string cell of `e` whose string is longer than its field's cap at a cut copy (appended
 * to `list`); ids the engine never made read as absent. Only runs when some string is longer than
 * the smallest cap.
 */
function cutLong(e: EncodedRecords, spec: RecordSpec, list: string[], known: number, cuts: Map<string, number>): void {
  const S = spec.strings.length;
  for (let j = 0; j < S; j++) {
    const max = cap(spec, j);
    for (let i = 0; i < e.n; i++) {
      const id = e.s[i * S + j]!;
      if (id < 0 || id >= known) { e.s[i * S + j] = -1; continue; }
      if (list[id]!.length <= max) continue;
      const key = `${max}:${id}`;
      let c = cuts.get(key);
      if (c === undefined) { c = list.length; list.push(list[id]!.slice(0, max)); cuts.set(key, c); }
      e.s[i * S + j] = c;
    }
  }
}

/** The record as typed-array columns (`events.*`, `orders.*`) and the JSON of its string table. */
export function recordOutput(record: any, budget: OutputBudget): { strings: string; cols: Record<string, EncodedRecords[keyof EncodedRecords]> } {
  const events = columns(record?.events, EVENT_SPEC);
  const orders = columns(record?.orders, ORDER_SPEC);
  charge(budget, events.n * recordBytes(EVENT_SPEC) + orders.n * recordBytes(ORDER_SPEC));
  const strings: string[] = Array.isArray(record?.strings) ? record.strings : [];
  const list: string[] = [];
  let long = false;
  for (const s of strings) {
    const v = typeof s === 'string' ? s : '';
    list.push(v.length > LONGEST ? v.slice(0, LONGEST) : v);
    if (v.length > 256) long = true;
  }
  // the columns are the engine's finished record, read by nothing else now: cells are fixed in place
  if (long) {
    const cuts = new Map<string, number>();
    cutLong(events, EVENT_SPEC, list, strings.length, cuts);
    cutLong(orders, ORDER_SPEC, list, strings.length, cuts);
  } else {
    for (const e of [events, orders]) for (let k = 0; k < e.s.length; k++) if (e.s[k]! >= list.length) e.s[k] = -1;
  }
  const json = I.stringify(list) as string;
  charge(budget, json.length);
  return {
    strings: json,
    cols: {
      'events.s': events.s, 'events.f': events.f, 'events.p': events.p, 'events.x': events.x,
      'orders.s': orders.s, 'orders.f': orders.f, 'orders.p': orders.p, 'orders.x': orders.x,
    },
  };
}
