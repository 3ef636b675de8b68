import type { Trade } from '../../api/types.ts';

const COLUMNS: (keyof Trade)[] = ['id', 'symbol', 'side', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'qty', 'pnl', 'pnlPct', 'fees'];

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of trades; times as ISO 8601 so spreadsheets read them. */
export function tradesToCsv(trades: readonly Trade[]): string {
  const rows = trades.map((t) => COLUMNS.map((c) => {
    const v = t[c];
    return cell((c === 'entryTime' || c === 'exitTime') && typeof v === 'number' ? new Date(v).toISOString() : v);
  }).join(','));
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
