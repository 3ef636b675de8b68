import type { EditorProblem } from './code-editor.tsx';

/** Every marker on the strategy (type check, server compile, last run); clicking one moves the cursor there. */
export function ProblemsList({ problems, errorCount, onReveal }: { problems: readonly EditorProblem[]; errorCount: number; onReveal(line: number, column: number): void }) {
  return (
    <details className="problems" open={problems.length > 0}>
      <summary data-testid="problems-summary">
        Problems: <span className={errorCount ? 'neg' : 'pos'}>{errorCount} errors</span>, {problems.length - errorCount} other
        <span className="muted hint"> · in the editor, Ctrl+M makes Tab move focus</span>
      </summary>
      <ul aria-label="Problems">
        {problems.map((p, i) => (
          <li key={i}>
            <button type="button" className={`problem ${p.severity}`} onClick={() => onReveal(p.line, p.column)}>
              <span className="where">{p.line}:{p.column}</span> {p.message} <span className="muted">({p.source})</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
