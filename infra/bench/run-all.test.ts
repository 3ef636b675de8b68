import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, formatSection, parseBenchOutput } from './bench-report.ts';
import { findBenchFiles, runAll } from './run-all.ts';

let root: string;

function bench(path: string, body: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), body);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  bench('packages/engine/bench/fast.bench.ts', `
    const n: number = 1500;
    console.log('warming up');
    console.log(JSON.stringify({ name: 'engine.fast', figures: { barsPerSec: n, p99Ms: 12 }, targets: { barsPerSec: 1000, p99Ms: 10 } }));`);
  bench('services/data/bench/crash.bench.ts', `throw new Error('exchange fixture missing');`);
  bench('sandbox/bench/silent.bench.ts', `console.log('done, no json');`);
  bench('services/data/bench/not-a-bench.ts', `process.exit(3);`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run bench', () => {
  it('finds bench files in every workspace, and filters them', () => {
    expect(findBenchFiles(root).map((f) => f.slice(root.length + 1))).toEqual([
      'packages/engine/bench/fast.bench.ts',
      'sandbox/bench/silent.bench.ts',
      'services/data/bench/crash.bench.ts',
    ]);
    expect(findBenchFiles(root, ['engine'])).toHaveLength(1);
  });

  it('runs each with the current node, records failures, and appends one section', async () => {
    const out = join(root, 'benchmarks.md');
    writeFileSync(out, '# Benchmarks\n\nearlier results\n');
    const runs = await runAll({ root, out, command: 'npm run bench' });
    expect(runs.map((r) => Boolean(r.error))).toEqual([false, true, true]);
    const md = readFileSync(out, 'utf8');
    expect(md.startsWith('# Benchmarks\n\nearlier results\n')).toBe(true);
    expect(md).toContain('- Command: `npm run bench`');
    expect(md).toMatch(/- Machine: \d+ × .+, [\d.]+ GiB RAM/);
    expect(md).toContain(`- Node: ${process.version}`);
    expect(md).toContain('| engine.fast | barsPerSec | 1,500 | >= 1,000 | pass |');
    expect(md).toContain('| engine.fast | p99Ms | 12 | <= 10 | **fail** |');
    expect(md).toMatch(/\| services\/data\/bench\/crash\.bench\.ts \| — \| — \| — \| \*\*failed\*\*: exit code 1: .*exchange fixture missing/);
    expect(md).toMatch(/\| sandbox\/bench\/silent\.bench\.ts .*expected a JSON object on the last stdout line/);
    expect(md).toContain('- Result: 3 benchmark file(s); 2 failed to run, 1 target(s) missed');
  }, 20_000);
});

describe('bench targets', () => {
  it('reads comparison strings, min/max objects and bare numbers by figure kind', () => {
    expect(evaluate('opsPerSec', 900, '>= 1000')).toEqual({ target: '>= 1,000', pass: false });
    expect(evaluate('startupMs', 40, { max: 50 })).toEqual({ target: '<= 50', pass: true });
    expect(evaluate('heapBytes', 2048, 1024)?.pass).toBe(false);
    expect(evaluate('throughput', 2048, 1024)?.pass).toBe(true);
    expect(evaluate('sma20_updates_per_s', 30e6, 20e6)?.target).toBe('>= 20,000,000');
    expect(evaluate('idleIsolateRssMiB', 3, 2)?.target).toBe('<= 2');
    expect(evaluate('fit_s', 3, 2)?.pass).toBe(false);
    expect(evaluate('x', 1, 'about 3')?.pass).toBe(false);
    expect(evaluate('x', 1, undefined)).toBeUndefined();
  });

  it('rejects output without the JSON result line', () => {
    expect(() => parseBenchOutput('{"figures":{}}')).toThrow(/"name": string/);
    expect(parseBenchOutput('log\n{"name":"a","figures":{"b":1}}\n').name).toBe('a');
  });

  it('formats a figure without a target as informational', () => {
    const md = formatSection([{ file: 'f', durationMs: 1, output: { name: 'n', figures: { count: 3, same: true } } }], { cores: 2, cpu: 'cpu', ramGiB: 1, node: 'v24', os: 'linux' }, 'cmd', new Date('2026-01-02T03:04:00Z'));
    expect(md).toContain('## 2026-01-02 03:04 UTC');
    expect(md).toContain('| n | count | 3 | — | — |');
    expect(md).toContain('| n | same | true | — | — |');
    expect(md).toContain('all targets met');
  });
});
