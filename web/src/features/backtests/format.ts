/** How one metric is shown: label and unit. Unknown metrics fall back to their key and a plain number. */
export interface MetricFormat {
  label: string;
  kind: 'pct' | 'ratio' | 'money' | 'count' | 'duration';
  /** true when a larger value is better, for comparisons. */
  higherIsBetter?: boolean;
}

export const METRIC_FORMATS: Record<string, MetricFormat> = {
  totalReturn: { label: 'Total return', kind: 'pct', higherIsBetter: true },
  cagr: { label: 'CAGR', kind: 'pct', higherIsBetter: true },
  netProfit: { label: 'Net profit', kind: 'money', higherIsBetter: true },
  sharpe: { label: 'Sharpe ratio', kind: 'ratio', higherIsBetter: true },
  sortino: { label: 'Sortino ratio', kind: 'ratio', higherIsBetter: true },
  calmar: { label: 'Calmar ratio', kind: 'ratio', higherIsBetter: true },
  maxDrawdown: { label: 'Max drawdown', kind: 'pct', higherIsBetter: false },
  maxDrawdownDurationMs: { label: 'Longest drawdown', kind: 'duration', higherIsBetter: false },
  winRate: { label: 'Win rate', kind: 'pct', higherIsBetter: true },
  profitFactor: { label: 'Profit factor', kind: 'ratio', higherIsBetter: true },
  trades: { label: 'Trades', kind: 'count' },
  numTrades: { label: 'Trades', kind: 'count' },
  avgTrade: { label: 'Average trade', kind: 'money', higherIsBetter: true },
  avgTradeReturn: { label: 'Average trade return', kind: 'pct', higherIsBetter: true },
  expectancy: { label: 'Expectancy', kind: 'money', higherIsBetter: true },
  buyAndHoldReturn: { label: 'Buy and hold return', kind: 'pct' },
  volatility: { label: 'Volatility (annual)', kind: 'pct' },
  exposure: { label: 'Exposure', kind: 'pct' },
  exposureTime: { label: 'Time in market', kind: 'pct' },
  fees: { label: 'Fees paid', kind: 'money', higherIsBetter: false },
  feesPaid: { label: 'Fees paid', kind: 'money', higherIsBetter: false },
  finalEquity: { label: 'Final equity', kind: 'money' },
  initialCash: { label: 'Initial cash', kind: 'money' },
  grossProfit: { label: 'Gross profit', kind: 'money' },
  grossLoss: { label: 'Gross loss', kind: 'money' },
  avgTradeDurationMs: { label: 'Average trade duration', kind: 'duration' },
  maxTradeDurationMs: { label: 'Longest trade', kind: 'duration' },
  longTrades: { label: 'Long trades', kind: 'count' },
  shortTrades: { label: 'Short trades', kind: 'count' },
  maxConsecutiveWins: { label: 'Most wins in a row', kind: 'count' },
  maxConsecutiveLosses: { label: 'Most losses in a row', kind: 'count' },
  bars: { label: 'Bars', kind: 'count' },
};

export function metricLabel(key: string): string {
  return METRIC_FORMATS[key]?.label ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** Percent metrics arrive as fractions (0.125 = 12.5 %). */
export function formatMetric(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  switch (METRIC_FORMATS[key]?.kind) {
    case 'pct': return `${(value * 100).toFixed(2)} %`;
    case 'money': return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'count': return String(Math.round(value));
    case 'duration': return formatDuration(value);
    default: return Math.abs(value) >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value.toFixed(3);
  }
}

export function formatDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  return h >= 48 ? `${(h / 24).toFixed(1)} d` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

export function formatTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

export function formatBytes(b: number): string {
  return b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`;
}
