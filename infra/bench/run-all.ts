// `npm run bench [-- filter…]`: runs every `<workspace>/bench/*.bench.ts` with this Node, one
// at a time (benchmarks must not compete for the 2 cores), and appends a dated section with the
// machine, the command and each figure against its target to docs/benchmarks.md. A benchmark that
// crashes, times out or prints no result is recorded as failed and the run goes on.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describeMachine, formatSection, parseBenchOutput, type BenchRun } from './bench-report.ts';

const WORKSPACE_PARENTS = ['packages', 'services'];
const WORKSPACE_DIRS = ['sandbox', 'web'];

/** Every bench file under the workspaces of `root`, sorted, optionally filtered by substrings. */
export function findBenchFiles(root: string, filters: string[] = []): string[] {
  const workspaces = [
    ...WORKSPACE_PARENTS.flatMap((p) => (existsSync(join(root, p)) ? readdirSync(join(root, p)).map((d) => join(root, p, d)) : [])),
    ...WORKSPACE_DIRS.map((d) => join(root, d)),
  ];
  const files = workspaces.flatMap((ws) => {
    const dir = join(ws, 'bench');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => join(dir, f)) : [];
  });
  return files.filter((f) => filters.length === 0 || filters.some((q) => relative(root, f).includes(q))).sort();
}

/** Runs one bench file in its workspace folder; never throws. */
export function runBench(file: string, timeoutMs: number): Promise<BenchRun> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [file], { cwd: resolve(file, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      done({ file, durationMs: Date.now() - started, error: err.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      if (code !== 0) {
        const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exit code ${code ?? signal}`;
        // Node ends a crash report with its version; the error line says more.
        const lines = stderr.trim().split('\n').filter((l) => l.trim() && !/^Node\.js v\d/.test(l));
        const last = lines.filter((l) => /\b\w*Error\b/.test(l)).pop() ?? lines.pop();
        done({ file, durationMs, error: last ? `${why}: ${last.slice(0, 200)}` : why });
        return;
      }
      try {
        done({ file, durationMs, output: parseBenchOutput(stdout) });
      } catch (err) {
        done({ file, durationMs, error: (err as Error).message });
      }
    });
  });
}

export interface RunAllOptions {
  root: string;
  filters?: string[];
  /** Markdown file the section is appended to. */
  out: string;
  command: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Runs the benchmarks and appends the section; returns the runs (for the exit code). */
export async function runAll(opts: RunAllOptions): Promise<BenchRun[]> {
  const log = opts.log ?? (() => {});
  const files = findBenchFiles(opts.root, opts.filters);
  const runs: BenchRun[] = [];
  for (const file of files) {
    log(`bench: ${relative(opts.root, file)} …`);
    const run = await runBench(file, opts.timeoutMs ?? 600_000);
    log(`bench: ${relative(opts.root, file)} ${run.error ? `FAILED (${run.error})` : `done in ${(run.durationMs / 1000).toFixed(1)} s`}`);
    runs.push({ ...run, file: relative(opts.root, file) });
  }
  if (!existsSync(opts.out)) {
    writeFileSync(opts.out, '# Benchmarks\n\nAppended by `npm run bench` (infra/bench/run-all.ts); newest last. Targets are checked per figure.\n\n');
  }
  appendFileSync(opts.out, `${formatSection(runs, describeMachine(), opts.command, new Date())}\n`);
  return runs;
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..', '..');
  const filters = process.argv.slice(2);
  const runs = await runAll({
    root,
    filters,
    out: join(root, 'docs', 'benchmarks.md'),
    command: ['npm run bench', ...(filters.length ? ['--', ...filters] : [])].join(' '),
    timeoutMs: Number(process.env.BENCH_TIMEOUT_MS ?? 600_000),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`bench: ${runs.length} file(s); results appended to docs/benchmarks.md\n`);
  process.exitCode = runs.some((r) => r.error) ? 1 : 0;
}
