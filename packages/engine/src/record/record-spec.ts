/**
 * Field layout of the columnar record of order events and order intents: the engine records them in
 * it as they happen (event-record.ts), the sandbox hands the columns out of the isolate as they are,
 * and both decode them with decode-records.ts.
 * `keys` is the order of the keys in a decoded object (the order the old JSON form had); each key is
 * a string field (`s`, with its length cap), a number field (`n`), or special (`size`, `reduceOnly`).
 */
export type FieldKind = { k: 's'; max: number } | { k: 'n' } | { k: 'size' } | { k: 'bool' };

export interface RecordSpec {
  keys: readonly string[];
  fields: Readonly<Record<string, FieldKind>>;
  /** String fields, in column order inside a record's row of the `s` column. */
  strings: readonly string[];
  /** Number fields, in column order inside a record's row of the `f` column (and presence `p`). */
  numbers: readonly string[];
}

const S = (max = 256): FieldKind => ({ k: 's', max });
const N: FieldKind = { k: 'n' };

function spec(fields: Record<string, FieldKind>): RecordSpec {
  const keys = Object.keys(fields);
  const strings = keys.filter((k) => fields[k]!.k === 's');
  const numbers = keys.filter((k) => fields[k]!.k === 'n');
  // the order size's kind and value travel as one more string and one more number column
  if (keys.includes('size')) { strings.push('size.kind'); numbers.push('size.value'); }
  return { keys, fields, strings, numbers };
}

export const EVENT_SPEC = spec({
  kind: S(), orderId: S(), symbol: S(), time: N, side: S(), code: S(), reason: S(1024), fillPrice: N, fillQty: N,
  fee: N, remainingQty: N, tag: S(), limit: N, actual: N,
});

export const ORDER_SPEC = spec({
  id: S(), symbol: S(), side: S(), type: S(), size: { k: 'size' }, limitPrice: N, stopPrice: N, trailAmount: N,
  trailPercent: N, stopLoss: N, takeProfit: N, tif: S(), reduceOnly: { k: 'bool' }, tag: S(),
});

/** Flags in the per-record `x` column. */
export const X_SIZE = 1, X_BOOL_PRESENT = 2, X_BOOL_TRUE = 4;

/**
 * One encoded array: `n` records, row-major. `s[i*S+j]` indexes the shared string table (-1 absent),
 * `f[i*F+j]` is a number whose presence is `p[i*F+j]`, `x[i]` holds X_* flags.
 */
export interface EncodedRecords {
  n: number;
  s: Int32Array;
  f: Float64Array;
  p: Uint8Array;
  x: Uint8Array;
}

/** Bytes one record costs on the way out (for the output budget). */
export function recordBytes(spec: RecordSpec): number {
  return spec.strings.length * 4 + spec.numbers.length * 9 + 1;
}
