/** Renders a local backtest report as a readable text table (the `--json` output is the data itself). */
export function formatReport(r: { strategy: string | null; params: Record<string, unknown>; bars: number; from: string; to: string; timeframe: string; metrics: Record<string, unknown>; trades: unknown[] }): string {
  const lines: string[] = [];
  lines.push(`Strategy  ${r.strategy ?? '(unnamed)'}`);
  lines.push(`Params    ${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)'}`);
  lines.push(`Data      ${r.bars} × ${r.timeframe} bars, ${r.from} → ${r.to}`);
  lines.push('');
  const rows = Object.entries(r.metrics).filter(([, v]) => typeof v === 'number' || typeof v === 'string' || v === null);
  const width = Math.max(10, ...rows.map(([k]) => k.length));
  lines.push(`${'Metric'.padEnd(width)}  Value`);
  lines.push(`${'-'.repeat(width)}  ${'-'.repeat(16)}`);
  for (const [k, v] of rows) lines.push(`${k.padEnd(width)}  ${fmt(v)}`);
  lines.push('');
  lines.push(`${r.trades.length} closed trade(s). Use --json for the trade list and every metric.`);
  return `${lines.join('\n')}\n`;
}

function fmt(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(2) : v.toPrecision(6);
}
