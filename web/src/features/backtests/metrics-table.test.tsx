import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatMetric } from './format.ts';
import { MetricsTable } from './metrics-table.tsx';

describe('MetricsTable', () => {
  it('shows known metrics first, in a fixed order, with units; unknown ones after, by name', () => {
    render(<MetricsTable metrics={{ zeta: 1.5, trades: 42, maxDrawdown: 0.1834, totalReturn: -0.0525, sharpe: 1.23456, winRate: null }} />);
    const rows = within(screen.getByRole('table', { name: 'Backtest metrics' })).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'Total return-5.25 %', 'Sharpe ratio1.235', 'Max drawdown18.34 %', 'Win rate—', 'Trades42', 'Zeta1.500',
    ]);
  });

  it('colours gains and losses but not drawdown', () => {
    render(<MetricsTable metrics={{ totalReturn: -0.05, sharpe: 2, maxDrawdown: 0.2 }} />);
    expect(document.querySelector('[data-metric="totalReturn"] td')!.className).toBe('neg');
    expect(document.querySelector('[data-metric="sharpe"] td')!.className).toBe('pos');
    expect(document.querySelector('[data-metric="maxDrawdown"] td')!.className).toBe('');
  });

  it('formats edge values', () => {
    expect(formatMetric('profitFactor', Infinity)).toBe('∞');
    expect(formatMetric('netProfit', 1234.5)).toBe('1,234.50');
    expect(formatMetric('maxDrawdownDurationMs', 3 * 86_400_000)).toBe('3.0 d');
    expect(formatMetric('sharpe', NaN)).toBe('—');
  });
});
