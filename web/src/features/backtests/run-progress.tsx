import type { Progress } from '../../api/types.ts';
import { formatDuration } from './format.ts';

export function RunProgress({ label, state, progress, onCancel }: { label: string; state: string; progress: Progress; onCancel?(): void }) {
  const pct = Math.max(0, Math.min(100, progress.percent));
  return (
    <div className="run-progress" role="status" aria-live="polite">
      <div className="toolbar">
        <span>{label}: {state} · {pct.toFixed(0)} %{progress.etaMs ? ` · about ${formatDuration(progress.etaMs)} left` : ''}</span>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      <progress max={100} value={pct} aria-label={`${label} progress`} />
    </div>
  );
}
