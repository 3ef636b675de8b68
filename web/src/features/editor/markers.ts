import type { Diagnostic, StrategyRunError } from '../../api/types.ts';

/** Monaco's MarkerSeverity values, repeated here so this module stays free of the (heavy) editor import. */
export const SEVERITY = { hint: 1, info: 2, warning: 4, error: 8 } as const;

export interface MarkerData {
  severity: number;
  message: string;
  code?: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** Server diagnostics (1-based line/column) to editor markers; a missing end spans the rest of the line. */
export function diagnosticsToMarkers(diags: readonly Diagnostic[], lineLength: (line: number) => number): MarkerData[] {
  return diags.map((d) => {
    const line = Math.max(1, d.line);
    const col = Math.max(1, d.column);
    const endLine = d.endLine ?? line;
    const endCol = d.endColumn ?? Math.max(col + 1, lineLength(endLine) + 1);
    return {
      severity: SEVERITY[d.severity] ?? SEVERITY.error,
      message: d.message,
      code: String(d.code),
      source: 'strata compile',
      startLineNumber: line, startColumn: col, endLineNumber: endLine, endColumn: endCol,
    };
  });
}

/** A runtime failure of a backtest, placed on the author's line when the server mapped it. */
export function runtimeErrorToMarkers(err: StrategyRunError | undefined, lineLength: (line: number) => number): MarkerData[] {
  if (!err?.line) return [];
  const col = Math.max(1, err.column ?? 1);
  return [{
    severity: SEVERITY.error,
    message: `${err.code}: ${err.message}`,
    code: err.code,
    source: 'strata runtime',
    startLineNumber: err.line, startColumn: col, endLineNumber: err.line, endColumn: Math.max(col + 1, lineLength(err.line) + 1),
  }];
}
