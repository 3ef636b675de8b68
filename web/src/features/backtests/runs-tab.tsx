import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type { BacktestStatus, BacktestSummary } from '../../api/types.ts';
import { CompareView } from './compare-view.tsx';
import { RunsList } from './runs-list.tsx';

/** Past runs of the open strategy, and two of them side by side. */
export function RunsTab({ client, strategyId, refreshKey, onOpen }: { client: ApiClient; strategyId?: string; refreshKey: number; onOpen(id: string): void }) {
  const [runs, setRuns] = useState<BacktestSummary[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [pair, setPair] = useState<[BacktestStatus, BacktestStatus]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!strategyId) return;
    client.listBacktests(strategyId).then((r) => setRuns([...r].sort((a, b) => b.createdAt.localeCompare(a.createdAt))), (e) => setError(describeError(e)));
  }, [client, strategyId, refreshKey]);
  useEffect(() => {
    if (selected.length !== 2) return setPair(undefined);
    Promise.all(selected.map((id) => client.getBacktest(id))).then(([a, b]) => setPair([a!, b!]), (e) => setError(describeError(e)));
  }, [client, selected]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2)));
  const label = (id: string) => {
    const r = runs.find((x) => x.id === id);
    return r ? `${r.symbol} ${r.timeframe} · ${new Date(r.createdAt).toLocaleTimeString()}` : id;
  };
  if (!strategyId) return <p className="muted">Save the strategy to start keeping runs.</p>;
  return (
    <div className="runs-tab">
      {error && <p className="error" role="alert">{error}</p>}
      <RunsList runs={runs} selected={selected} onToggle={toggle} onOpen={onOpen} />
      {selected.length === 1 && <p className="muted">Tick one more run to compare.</p>}
      {pair && <CompareView a={pair[0]} b={pair[1]} labelA={label(selected[0]!)} labelB={label(selected[1]!)} />}
    </div>
  );
}
