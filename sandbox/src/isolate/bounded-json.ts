/**
 * JSON serialisation with a byte budget checked while it runs, so a value that would serialise to
 * gigabytes (4,000 references to one 1 MB string: hazard 12) fails fast instead of being built.
 * Runs inside the isolate under the call's timeout; `toJSON` methods are honoured.
 */
import { intrinsics as I } from './prelude.ts';

export class JsonTooLarge extends Error {}

export function boundedStringify(value: unknown, maxBytes: number): string | undefined {
  const parts: string[] = [];
  let used = 0;
  const push = (s: string) => {
    used += s.length;
    if (used > maxBytes) throw new JsonTooLarge(`the value serialises to more than ${maxBytes} bytes`);
    parts.push(s);
  };
  const seen = new Set<object>();
  const write = (v: unknown, key: string, holder: unknown): boolean => {
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') v = I.apply(toJSON, v, [key]);
    }
    void holder;
    if (v === null) { push('null'); return true; }
    switch (typeof v) {
      case 'string':
        if (v.length + used > maxBytes) throw new JsonTooLarge(`the value serialises to more than ${maxBytes} bytes`);
        push(I.stringify(v) as string); return true;
      case 'number': push(Number.isFinite(v) ? I.String(v) : 'null'); return true;
      case 'boolean': push(v ? 'true' : 'false'); return true;
      case 'undefined': case 'function': case 'symbol': return false;
      case 'bigint': throw new TypeError('Do not know how to serialize a BigInt');
      default: break;
    }
    const o = v as object;
    if (seen.has(o)) throw new TypeError('Converting circular structure to JSON');
    seen.add(o);
    if (Array.isArray(o)) {
      push('[');
      for (let i = 0; i < o.length; i++) {
        if (i) push(',');
        if (!write(o[i], I.String(i), o)) push('null');
      }
      push(']');
    } else {
      push('{');
      let first = true;
      for (const k of Object.keys(o)) {
        const mark = parts.length, mark2 = used;
        push((first ? '' : ',') + (I.stringify(k) as string) + ':');
        if (write((o as Record<string, unknown>)[k], k, o)) first = false;
        else { parts.length = mark; used = mark2; }
      }
      push('}');
    }
    seen.delete(o);
    return true;
  };
  return write(value, '', undefined) ? parts.join('') : undefined;
}
