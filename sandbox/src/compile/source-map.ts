/**
 * Maps a stack produced inside the isolate (frames in `strategy.js`) back to the author's TypeScript.
 * Frames of the trusted runtime and engine are dropped: they are ours, not the author's, and would
 * only leak implementation detail.
 */
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { STRATEGY_FILENAME } from './compile-strategy.ts';

export interface MappedStack {
  stack: string;
  line?: number;
  column?: number;
}

const FRAME = /strategy\.js:(\d+):(\d+)/;

export function mapStrategyStack(stack: string, sourceMap: string, message: string): MappedStack {
  let map: TraceMap | undefined;
  try { map = new TraceMap(sourceMap); } catch { map = undefined; }
  const out: string[] = [];
  let line: number | undefined;
  let column: number | undefined;
  for (const raw of stack.split('\n')) {
    const frame = raw.trim();
    if (!frame.startsWith('at ')) continue;
    const m = FRAME.exec(frame);
    if (!m) continue;
    const pos = map ? originalPositionFor(map, { line: Number(m[1]), column: Number(m[2]) - 1 }) : undefined;
    if (!pos || pos.line == null) continue;
    const where = `${STRATEGY_FILENAME}:${pos.line}:${(pos.column ?? 0) + 1}`;
    if (line === undefined) { line = pos.line; column = (pos.column ?? 0) + 1; }
    out.push('    ' + frame.replace(/\(?[^()\s]*strategy\.js:\d+:\d+\)?/, frame.includes('(') ? `(${where})` : where));
  }
  return { stack: [message, ...out].join('\n'), line, column };
}
