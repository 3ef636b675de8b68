import { describe, expect, it } from 'vitest';
import { diagnosticsToMarkers, runtimeErrorToMarkers, SEVERITY } from './markers.ts';

const lineLength = (l: number) => [0, 20, 35][l] ?? 0;

describe('editor markers', () => {
  it('keeps explicit ranges and spans to the end of the line when the server gives none', () => {
    const m = diagnosticsToMarkers([
      { line: 1, column: 3, endLine: 1, endColumn: 9, message: 'a', severity: 'error', code: 2322 },
      { line: 2, column: 5, message: 'b', severity: 'warning', code: 'STRATA_LOOKAHEAD' },
    ], lineLength);
    expect(m[0]).toMatchObject({ severity: SEVERITY.error, startLineNumber: 1, startColumn: 3, endLineNumber: 1, endColumn: 9, code: '2322' });
    expect(m[1]).toMatchObject({ severity: SEVERITY.warning, startLineNumber: 2, startColumn: 5, endLineNumber: 2, endColumn: 36 });
  });

  it('places a runtime error on the author line, and nothing when the line is unknown', () => {
    expect(runtimeErrorToMarkers({ code: 'StrategyError', message: 'boom', line: 2, column: 7 }, lineLength)[0])
      .toMatchObject({ message: 'StrategyError: boom', startLineNumber: 2, startColumn: 7, endColumn: 36, source: 'strata runtime' });
    expect(runtimeErrorToMarkers({ code: 'StrategyTimeout', message: 'cpu budget' }, lineLength)).toEqual([]);
    expect(runtimeErrorToMarkers(undefined, lineLength)).toEqual([]);
  });
});
