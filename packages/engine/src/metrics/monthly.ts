export interface PeriodReturn {
  year: number;
  /** 1..12 */
  month: number;
  /** Equity at the month's last bar over equity at the previous month's last bar (initial cash for the first), minus 1. */
  return: number;
}

/** Monthly returns (UTC calendar months), one row per month that has at least one bar. */
export function monthlyReturns(time: ArrayLike<number>, equity: ArrayLike<number>, initial: number): PeriodReturn[] {
  const rows: PeriodReturn[] = [];
  const n = time.length;
  if (n === 0) return rows;
  let base = initial;
  let boundary = -Infinity;
  let year = 0;
  let month = 0;
  for (let t = 0; t < n; t++) {
    // Date objects only at month changes: the loop stays allocation-free on long curves.
    if (time[t] >= boundary) {
      if (t > 0) {
        rows.push({ year, month, return: base > 0 ? equity[t - 1] / base - 1 : 0 });
        base = equity[t - 1];
      }
      const d = new Date(time[t]);
      year = d.getUTCFullYear();
      month = d.getUTCMonth() + 1;
      boundary = Date.UTC(year, month, 1);
    }
  }
  rows.push({ year, month, return: base > 0 ? equity[n - 1] / base - 1 : 0 });
  return rows;
}
