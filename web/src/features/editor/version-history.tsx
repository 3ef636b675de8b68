import { lazy, Suspense, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type { StrategyVersion } from '../../api/types.ts';

const DiffView = lazy(() => import('./diff-view.tsx'));

export interface VersionHistoryProps {
  client: ApiClient;
  strategyId: string;
  currentSource: string;
  /** Bumped after each save so the list refreshes. */
  refreshKey: number;
  onRestore(source: string): void;
  onClose(): void;
}

/** Versions of one strategy; pick one to diff it against the editor (or against another version). */
export function VersionHistory({ client, strategyId, currentSource, refreshKey, onRestore, onClose }: VersionHistoryProps) {
  const [versions, setVersions] = useState<StrategyVersion[]>([]);
  const [error, setError] = useState<string>();
  const [left, setLeft] = useState<{ id: string; label: string; source: string }>();
  const [right, setRight] = useState<{ id: string; label: string; source: string } | 'editor'>('editor');

  useEffect(() => {
    client.listVersions(strategyId).then((v) => setVersions([...v].sort((a, b) => b.number - a.number)), (e) => setError(describeError(e)));
  }, [client, strategyId, refreshKey]);

  async function load(v: StrategyVersion) {
    const d = await client.getVersion(strategyId, v.id);
    return { id: v.id, label: `v${v.number} · ${new Date(v.createdAt).toLocaleString()}`, source: d.source };
  }
  const pick = (v: StrategyVersion, side: 'left' | 'right') =>
    load(v).then((x) => (side === 'left' ? setLeft(x) : setRight(x)), (e) => setError(describeError(e)));

  const modified = right === 'editor' ? { label: 'Editor (unsaved changes included)', source: currentSource } : right;
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="history-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog-body wide">
        <header className="dialog-head">
          <h2 id="history-title">Version history</h2>
          <button type="button" onClick={onClose} aria-label="Close history" autoFocus>✕</button>
        </header>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="history">
          <table className="table compact">
            <thead><tr><th>Version</th><th>Saved</th><th>Compare</th></tr></thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className={left?.id === v.id ? 'selected' : undefined}>
                  <td>v{v.number}{v.message ? ` — ${v.message}` : ''}</td>
                  <td>{new Date(v.createdAt).toLocaleString()}</td>
                  <td className="actions">
                    <button type="button" onClick={() => pick(v, 'left')}>Base</button>
                    <button type="button" onClick={() => pick(v, 'right')}>Target</button>
                    <button type="button" onClick={() => load(v).then((x) => onRestore(x.source))}>Restore</button>
                  </td>
                </tr>
              ))}
              {versions.length === 0 && <tr><td colSpan={3}>No saved versions yet. Ctrl+S saves one.</td></tr>}
            </tbody>
          </table>
          {left ? (
            <Suspense fallback={<p>Loading diff…</p>}>
              <DiffView original={left.source} modified={modified.source} originalLabel={left.label} modifiedLabel={modified.label} />
              {right !== 'editor' && <button type="button" onClick={() => setRight('editor')}>Compare with editor</button>}
            </Suspense>
          ) : <p className="muted">Choose a base version to see its diff against the editor.</p>}
        </div>
      </div>
    </div>
  );
}
