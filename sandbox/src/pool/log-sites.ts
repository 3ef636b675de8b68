/**
 * Log lines come out of the isolate with the position of the call that wrote them in the compiled
 * `strategy.js` (isolate/call-site.ts); the author needs the line of their TypeScript. Mapped here,
 * on the host, through the source map the compiler produced (the same one StrategyError stacks use).
 * A position the map does not cover is removed rather than guessed.
 */
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

interface Positioned { line?: number; column?: number }

/** Rewrites `line`/`column` of every line in `streams` in place: JS 1-based → TypeScript 1-based. */
export function mapLogSites(streams: readonly (readonly Positioned[])[], sourceMap: string): void {
  let map: TraceMap | null | undefined;
  for (const lines of streams) {
    for (const l of lines) {
      if (l.line === undefined && l.column === undefined) continue;
      if (map === undefined) {
        try { map = new TraceMap(sourceMap); } catch { map = null; }
      }
      const pos = map && Number.isInteger(l.line) && Number.isInteger(l.column) && l.line! >= 1 && l.column! >= 1
        ? originalPositionFor(map, { line: l.line!, column: l.column! - 1 })
        : undefined;
      if (pos && pos.line != null) {
        l.line = pos.line;
        l.column = (pos.column ?? 0) + 1;
      } else {
        delete l.line;
        delete l.column;
      }
    }
  }
}
