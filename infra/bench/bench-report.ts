import { cpus, totalmem, release } from 'node:os';
import { readFileSync } from 'node:fs';

/** What a benchmark script prints as the JSON object on its last stdout line. */
export interface BenchOutput {
  name: string;
  /** Numbers, or flags such as `resultsMatch: true` (shown, and compared for equality if targeted). */
  figures: Record<string, number | boolean | string>;
  /**
   * Per figure: `">= 1000"`, `"<= 50"`, `"< 5"`, `"> 3"`, `{ min }` / `{ max }`, or a bare number:
   * "at most" for time/size figures (names ending in ms, _s, Seconds, Bytes, MB, MiB, or p50/p95/p99),
   * "at least" for everything else (rates such as `barsPerSec`, counts).
   */
  targets?: Record<string, BenchTarget>;
}

export type BenchTarget = number | string | boolean | { min?: number; max?: number };

/** One bench file's outcome; `error` set means it failed to run or printed no result. */
export interface BenchRun {
  file: string;
  durationMs: number;
  output?: BenchOutput;
  error?: string;
}

export interface Verdict {
  target: string;
  pass: boolean;
}

/** Parses the last non-empty stdout line; throws naming what was wrong. */
export function parseBenchOutput(stdout: string): BenchOutput {
  const last = stdout.trim().split('\n').pop()?.trim() ?? '';
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    throw new Error(`expected a JSON object on the last stdout line, got ${JSON.stringify(last.slice(0, 120))}`);
  }
  const out = value as Partial<BenchOutput>;
  if (typeof out !== 'object' || out === null || typeof out.name !== 'string' || typeof out.figures !== 'object' || out.figures === null) {
    throw new Error('expected {"name": string, "figures": {...}, "targets": {...}} on the last stdout line');
  }
  return out as BenchOutput;
}

const LOWER_IS_BETTER = /(ms|Ms|MS|_s|Seconds|seconds|Bytes|bytes|Mb|MB|MiB|GiB|KiB|Kb|KB|p50|p95|p99|Latency|latency)$/;
const RATE = /(Per(Sec|Second|Minute|Ms|S)|_per_(s|sec|second|ms))$/;

/** Compares one figure with its target; undefined when the figure has no target. */
export function evaluate(figure: string, value: number, target: BenchTarget | undefined): Verdict | undefined {
  if (target === undefined) return undefined;
  if (typeof target === 'boolean') return { target: `= ${target}`, pass: false };
  let op: '>=' | '<=' | '>' | '<';
  let bound: number;
  if (typeof target === 'number') {
    op = LOWER_IS_BETTER.test(figure) && !RATE.test(figure) ? '<=' : '>=';
    bound = target;
  } else if (typeof target === 'string') {
    const m = /^\s*(>=|<=|>|<)\s*(-?[\d.eE+]+)\s*$/.exec(target);
    if (!m) return { target: `${target} (unreadable)`, pass: false };
    op = m[1] as typeof op;
    bound = Number(m[2]);
  } else if (target.max !== undefined) {
    op = '<=';
    bound = target.max;
  } else if (target.min !== undefined) {
    op = '>=';
    bound = target.min;
  } else {
    return { target: 'unreadable', pass: false };
  }
  const pass = op === '>=' ? value >= bound : op === '<=' ? value <= bound : op === '>' ? value > bound : value < bound;
  return { target: `${op} ${formatNumber(bound)}`, pass };
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

export interface Machine {
  cores: number;
  cpu: string;
  ramGiB: number;
  node: string;
  os: string;
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    /* not Linux */
  }
  return { cores: cpus().length, cpu, ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10, node: process.version, os: `${process.platform} ${release()}` };
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** One markdown section for docs/benchmarks.md: when, where, how, and every figure against its target. */
export function formatSection(runs: BenchRun[], machine: Machine, command: string, when: Date): string {
  const rows: string[] = [];
  let crashed = 0;
  let missed = 0;
  for (const run of runs) {
    if (run.error || !run.output) {
      crashed++;
      rows.push(`| ${cell(run.file)} | — | — | — | **failed**: ${cell(run.error ?? 'no output')} |`);
      continue;
    }
    const { name, figures, targets = {} } = run.output;
    const entries = Object.entries(figures) as [string, unknown][];
    if (entries.length === 0) rows.push(`| ${cell(name)} | — | — | — | no figures |`);
    for (const [figure, value] of entries) {
      const target = targets[figure];
      // Non-numeric figures (a flag such as resultsMatch) are shown; with a target they must equal it.
      const verdict = typeof value === 'number' ? evaluate(figure, value, target) : target === undefined ? undefined : { target: `= ${JSON.stringify(target)}`, pass: value === target };
      if (verdict && !verdict.pass) missed++;
      rows.push(`| ${cell(name)} | ${cell(figure)} | ${typeof value === 'number' ? formatNumber(value) : cell(JSON.stringify(value))} | ${verdict ? cell(verdict.target) : '—'} | ${verdict ? (verdict.pass ? 'pass' : '**fail**') : '—'} |`);
    }
  }
  const outcome = [crashed > 0 ? `${crashed} failed to run` : '', missed > 0 ? `${missed} target(s) missed` : ''].filter(Boolean).join(', ') || 'all targets met';
  const stamp = when.toISOString().replace('T', ' ').slice(0, 16);
  return [
    `## ${stamp} UTC`,
    '',
    `- Machine: ${machine.cores} × ${machine.cpu}, ${machine.ramGiB} GiB RAM, ${machine.os}`,
    `- Node: ${machine.node}`,
    `- Command: \`${command}\``,
    `- Result: ${runs.length} benchmark file(s); ${outcome}`,
    '',
    '| Benchmark | Figure | Value | Target | Result |',
    '|---|---|---:|---|---|',
    ...rows,
    '',
  ].join('\n');
}
