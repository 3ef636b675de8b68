import { useMemo, useState } from 'react';
import type { Trade } from '../../api/types.ts';
import { formatTime } from './format.ts';
import { downloadText, tradesToCsv } from './trades-csv.ts';

type Key = 'entryTime' | 'exitTime' | 'side' | 'qty' | 'entryPrice' | 'exitPrice' | 'pnl' | 'pnlPct';
const COLS: { key: Key; label: string; num?: boolean }[] = [
  { key: 'entryTime', label: 'Entry' }, { key: 'exitTime', label: 'Exit' }, { key: 'side', label: 'Side' },
  { key: 'qty', label: 'Qty', num: true }, { key: 'entryPrice', label: 'Entry price', num: true },
  { key: 'exitPrice', label: 'Exit price', num: true }, { key: 'pnl', label: 'P&L', num: true }, { key: 'pnlPct', label: 'P&L %', num: true },
];

export function sortTrades(trades: readonly Trade[], key: Key, dir: 'asc' | 'desc'): Trade[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...trades].sort((a, b) => {
    const x = a[key], y = b[key];
    if (x === y) return 0;
    if (x === null) return 1; // open trades (no exit) always last
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}

/** Trades with clickable column headers (sort) and a CSV export of the current order. */
export function TradesTable({ trades, filename = 'trades.csv' }: { trades: readonly Trade[]; filename?: string }) {
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'entryTime', dir: 'asc' });
  const rows = useMemo(() => sortTrades(trades, sort.key, sort.dir), [trades, sort]);
  const toggle = (key: Key) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }));
  return (
    <div className="trades">
      <div className="toolbar">
        <span>{trades.length} trades</span>
        <button type="button" onClick={() => downloadText(filename, tradesToCsv(rows))} disabled={trades.length === 0}>Export CSV</button>
      </div>
      <div className="scroll-x">
        <table className="table" aria-label="Trades">
          <thead>
            <tr>
              {COLS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="sort" onClick={() => toggle(c.key)}>
                    {c.label}{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <td>{formatTime(t.entryTime)}</td>
                <td>{formatTime(t.exitTime)}</td>
                <td>{t.side}</td>
                <td className="num">{t.qty.toPrecision(6)}</td>
                <td className="num">{t.entryPrice.toFixed(2)}</td>
                <td className="num">{t.exitPrice === null ? 'open' : t.exitPrice.toFixed(2)}</td>
                <td className={`num ${t.pnl >= 0 ? 'pos' : 'neg'}`}>{t.pnl.toFixed(2)}</td>
                <td className={`num ${t.pnlPct >= 0 ? 'pos' : 'neg'}`}>{(t.pnlPct * 100).toFixed(2)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
