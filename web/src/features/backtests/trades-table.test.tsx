import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../api/types.ts';
import { tradesToCsv } from './trades-csv.ts';
import { sortTrades, TradesTable } from './trades-table.tsx';

const T0 = Date.UTC(2025, 0, 1);
const trade = (id: string, h: number, pnl: number, exit: boolean = true): Trade => ({
  id, symbol: 'BTC/USDT', side: 'long', entryTime: T0 + h * 3_600_000, entryPrice: 100, exitTime: exit ? T0 + (h + 2) * 3_600_000 : null,
  exitPrice: exit ? 100 + pnl : null, qty: 1, pnl, pnlPct: pnl / 100, fees: 0.1,
});
const trades = [trade('a', 5, 3), trade('b', 1, -7), trade('c', 3, 12), trade('d', 9, 0.5, false)];

const pnlColumn = () => within(screen.getByRole('table', { name: 'Trades' })).getAllByRole('row').slice(1).map((r) => r.children[6]!.textContent);

describe('TradesTable', () => {
  it('sorts by entry time first, then by a clicked column, toggling direction', () => {
    render(<TradesTable trades={trades} />);
    expect(pnlColumn()).toEqual(['-7.00', '12.00', '3.00', '0.50']);
    fireEvent.click(screen.getByRole('button', { name: 'P&L' }));
    expect(pnlColumn()).toEqual(['-7.00', '0.50', '3.00', '12.00']);
    expect(screen.getByRole('columnheader', { name: /P&L ▲/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /P&L ▲/ }));
    expect(pnlColumn()).toEqual(['12.00', '3.00', '0.50', '-7.00']);
  });

  it('keeps open trades (no exit) last whichever the direction', () => {
    expect(sortTrades(trades, 'exitTime', 'asc').map((t) => t.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(sortTrades(trades, 'exitTime', 'desc').map((t) => t.id)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('exports RFC 4180 CSV with ISO times, empty cells for open trades and quoted fields', () => {
    const csv = tradesToCsv([trade('x', 0, 1), { ...trade('y,"z"', 1, 2, false) }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,symbol,side,entryTime,entryPrice,exitTime,exitPrice,qty,pnl,pnlPct,fees');
    expect(lines[1]).toBe('x,BTC/USDT,long,2025-01-01T00:00:00.000Z,100,2025-01-01T02:00:00.000Z,101,1,1,0.01,0.1');
    expect(lines[2]).toBe('"y,""z""",BTC/USDT,long,2025-01-01T01:00:00.000Z,100,,,1,2,0.02,0.1');
    expect(lines[3]).toBe('');
  });

  it('disables export when there is nothing to export', () => {
    render(<TradesTable trades={[]} />);
    expect((screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
