/**
 * The strategy's log lines as the API returns them (`result.logs`). A run produces two streams:
 * `ctx.log` lines, which the engine keeps in `output.logs`, and `console.*` lines, which the sandbox
 * prelude keeps separately (`logs` of the run result, prefixed `[warn] ` etc. for levels other
 * than `log`). Both carry the simulated clock of the bar that wrote them (its close: open time + timeframe).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RunLogLine {
  /** Simulated clock (ms UTC) when the line was written: the close time of the bar being processed. */
  time: number;
  level: LogLevel;
  message: string;
  /** `ctx` for ctx.log, `console` for console.*. */
  source: 'ctx' | 'console';
  /**
   * Position in the author's TypeScript of the call that wrote the line (1-based), as the sandbox
   * reports it: captured inside the isolate, mapped through the compile's source map. Absent when
   * unknown (code from eval, a line the map does not cover).
   */
  line?: number;
  column?: number;
}

interface RawLine { time: number; message: string; line?: number; column?: number }

const LEVEL_PREFIX = /^\[(debug|info|warn|error)\] /;

function toLine(l: RawLine, source: RunLogLine['source']): RunLogLine {
  let level: LogLevel = 'info';
  let message = String(l.message ?? '');
  const m = source === 'console' ? LEVEL_PREFIX.exec(message) : null;
  if (m) {
    level = m[1] as LogLevel;
    message = message.slice(m[0].length);
  }
  const out: RunLogLine = { time: Number.isFinite(l.time) ? l.time : 0, level, message, source };
  if (typeof l.line === 'number') out.line = l.line;
  if (typeof l.column === 'number') out.column = l.column;
  return out;
}

/**
 * Merges both streams into run order: by time, and at equal times ctx.log lines before console
 * lines (the order within each stream is kept; the sandbox does not say how they interleave
 * inside one bar).
 */
export function mergeRunLogs(ctxLogs: readonly RawLine[] | undefined, consoleLogs: readonly RawLine[] | undefined): RunLogLine[] {
  const all = [...(ctxLogs ?? []).map((l) => toLine(l, 'ctx')), ...(consoleLogs ?? []).map((l) => toLine(l, 'console'))];
  return all.sort((a, b) => a.time - b.time); // Array.prototype.sort is stable
}
