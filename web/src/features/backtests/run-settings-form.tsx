import type { CatalogEntry } from '../../api/types.ts';
import { catalogKey, fromDateInput, settingsFor, toDateInput, type RunSettings } from './run-settings.ts';

export interface RunSettingsFormProps {
  catalog: readonly CatalogEntry[];
  value: RunSettings | undefined;
  onChange(v: RunSettings): void;
}

/** Data-set (from the catalog), date range, fees, slippage and starting cash. */
export function RunSettingsForm({ catalog, value, onChange }: RunSettingsFormProps) {
  if (catalog.length === 0) return <p className="muted" role="status">The data catalog is empty: import or collect candles first.</p>;
  const entry = catalog.find((e) => value && catalogKey(e) === catalogKey(value));
  const pct = (x: number) => +(x * 100).toFixed(4);
  const set = (patch: Partial<RunSettings>) => value && onChange({ ...value, ...patch });
  const setModel = (patch: Partial<RunSettings['model']>) => value && onChange({ ...value, model: { ...value.model, ...patch } });
  return (
    <fieldset className="run-settings">
      <legend>Market and costs</legend>
      <div className="field">
        <label htmlFor="rs-market">Market</label>
        <select id="rs-market" value={value ? catalogKey(value) : ''} onChange={(e) => {
          const next = settingsFor(catalog.find((c) => catalogKey(c) === e.target.value), value);
          if (next) onChange(next);
        }}>
          {catalog.map((c) => (
            <option key={catalogKey(c)} value={catalogKey(c)}>{c.symbol} · {c.timeframe} · {c.venue} ({c.count.toLocaleString('en-US')} bars)</option>
          ))}
        </select>
      </div>
      {value && (
        <>
          <div className="row">
            <div className="field">
              <label htmlFor="rs-from">From</label>
              <input id="rs-from" type="date" value={toDateInput(value.from)} min={entry && toDateInput(entry.from)} max={toDateInput(value.to)}
                onChange={(e) => e.target.value && set({ from: fromDateInput(e.target.value) })} />
            </div>
            <div className="field">
              <label htmlFor="rs-to">To</label>
              <input id="rs-to" type="date" value={toDateInput(value.to)} min={toDateInput(value.from)} max={entry && toDateInput(entry.to)}
                onChange={(e) => e.target.value && set({ to: fromDateInput(e.target.value) + 86_399_999 })} />
            </div>
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="rs-maker">Maker fee %</label>
              <input id="rs-maker" type="number" step="0.01" min={0} value={pct(value.model.makerFee)} onChange={(e) => setModel({ makerFee: Number(e.target.value) / 100 })} />
            </div>
            <div className="field">
              <label htmlFor="rs-taker">Taker fee %</label>
              <input id="rs-taker" type="number" step="0.01" min={0} value={pct(value.model.takerFee)} onChange={(e) => setModel({ takerFee: Number(e.target.value) / 100 })} />
            </div>
            <div className="field">
              <label htmlFor="rs-slip">Slippage (bps)</label>
              <input id="rs-slip" type="number" step="0.5" min={0} value={value.model.slippageBps} onChange={(e) => setModel({ slippageBps: Number(e.target.value) })} />
            </div>
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="rs-fill">Market orders fill on</label>
              <select id="rs-fill" value={value.model.fillOn} onChange={(e) => setModel({ fillOn: e.target.value as 'close' | 'nextOpen' })}>
                <option value="nextOpen">next bar's open</option>
                <option value="close">this bar's close</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="rs-cash">Initial cash</label>
              <input id="rs-cash" type="number" min={1} step={100} value={value.initialCash} onChange={(e) => set({ initialCash: Number(e.target.value) })} />
            </div>
          </div>
        </>
      )}
    </fieldset>
  );
}
