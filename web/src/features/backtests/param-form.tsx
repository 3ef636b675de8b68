import type { ParamSpec, ParamSpecs, ParamValues } from '../../api/types.ts';

/** The declared defaults of every parameter. */
export function defaultParams(specs: ParamSpecs): ParamValues {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}

/** Why a value is not acceptable for its spec, or undefined when it is. */
export function paramError(spec: ParamSpec, value: unknown): string | undefined {
  if (spec.type === 'bool') return typeof value === 'boolean' ? undefined : 'expected true or false';
  if (spec.type === 'enum') return spec.options.includes(String(value)) ? undefined : `expected one of ${spec.options.join(', ')}`;
  if (typeof value !== 'number' || Number.isNaN(value)) return 'expected a number';
  if (spec.type === 'int' && !Number.isInteger(value)) return 'expected a whole number';
  if (value < spec.min || value > spec.max) return `expected between ${spec.min} and ${spec.max}, received ${value}`;
  return undefined;
}

export function paramErrors(specs: ParamSpecs, values: ParamValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(specs)) {
    const e = paramError(s, values[k]);
    if (e) out[k] = e;
  }
  return out;
}

export interface ParamFormProps {
  specs: ParamSpecs;
  values: ParamValues;
  onChange(values: ParamValues): void;
}

/** A settings form generated from the strategy's declared parameters. */
export function ParamForm({ specs, values, onChange }: ParamFormProps) {
  const entries = Object.entries(specs);
  if (entries.length === 0) return <p className="muted">This strategy declares no parameters.</p>;
  const set = (k: string, v: number | boolean | string) => onChange({ ...values, [k]: v });
  return (
    <fieldset className="param-form">
      <legend>Parameters</legend>
      {entries.map(([key, spec]) => {
        const id = `param-${key}`;
        const err = paramError(spec, values[key]);
        const label = spec.label ?? key;
        const help = spec.description ? <small id={`${id}-help`}>{spec.description}</small> : null;
        if (spec.type === 'bool') {
          return (
            <div className="field check" key={key}>
              <input id={id} type="checkbox" checked={values[key] === true} onChange={(e) => set(key, e.target.checked)} />
              <label htmlFor={id}>{label}</label>
              {help}
            </div>
          );
        }
        if (spec.type === 'enum') {
          return (
            <div className="field" key={key}>
              <label htmlFor={id}>{label}</label>
              <select id={id} value={String(values[key] ?? spec.default)} onChange={(e) => set(key, e.target.value)}>
                {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
              {help}
            </div>
          );
        }
        const raw = values[key];
        return (
          <div className="field" key={key}>
            <label htmlFor={id}>{label} <span className="muted">({spec.min}–{spec.max})</span></label>
            <input id={id} type="number" inputMode={spec.type === 'int' ? 'numeric' : 'decimal'}
              min={spec.min} max={spec.max} step={spec.step ?? (spec.type === 'int' ? 1 : 'any')}
              value={typeof raw === 'number' && !Number.isNaN(raw) ? raw : ''}
              aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-err` : undefined}
              onChange={(e) => set(key, e.target.value === '' ? NaN : Number(e.target.value))} />
            {err && <small id={`${id}-err`} className="error" role="alert">{err}</small>}
            {help}
          </div>
        );
      })}
    </fieldset>
  );
}
