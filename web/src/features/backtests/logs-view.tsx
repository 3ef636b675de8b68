import type { LogLine } from '../../api/types.ts';
import { formatTime } from './format.ts';

/** Strategy log; a line reference jumps the editor to the author's source line. */
export function LogsView({ logs, onReveal }: { logs: readonly LogLine[]; onReveal(line: number, column?: number): void }) {
  if (logs.length === 0) return <p className="muted">The strategy logged nothing. Use <code>ctx.log(...)</code>.</p>;
  return (
    <ol className="logs" aria-label="Strategy logs">
      {logs.map((l, i) => (
        <li key={i} className={`log ${l.level}`}>
          <time>{formatTime(l.time)}</time>
          <span className="level">{l.level}</span>
          <span className="msg">{l.message}</span>
          {l.line !== undefined && (
            <button type="button" className="link" onClick={() => onReveal(l.line!, l.column)} aria-label={`Show line ${l.line} in the editor`}>
              line {l.line}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
