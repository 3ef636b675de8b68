import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxPool, type SandboxPool } from '../index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../testing/fixtures.ts';
import { unreadableFor } from './worker-identity.ts';

const NOBODY = { uid: 65534, gid: 65534 };
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

describe('worker identity: can the workers\' user load the worker?', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-identity-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names the first folder that user cannot enter, or the file it cannot read', () => {
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'open/closed/inner'), { recursive: true });
    const file = join(root, 'open/closed/inner/worker.ts');
    writeFileSync(file, '');
    chmodSync(join(root, 'open/closed'), 0o700);
    expect(unreadableFor(file, NOBODY)).toBe(join(root, 'open/closed'));
    chmodSync(join(root, 'open/closed'), 0o711);
    expect(unreadableFor(file, NOBODY)).toBeUndefined();
    chmodSync(file, 0o600);
    expect(unreadableFor(file, NOBODY)).toBe(file);
    chmodSync(file, 0o644);
    expect(unreadableFor(file, NOBODY, 0o5)).toBe(file); // not executable by others
  });
});

describe.runIf(isRoot)('sandbox workers of a root service', () => {
  const pools: SandboxPool[] = [];
  afterAll(() => Promise.all(pools.map((p) => p.close())));
  // > 1 MiB of bars: they travel through the pool's private files, which the workers' user must read
  const series = [syntheticSeries(40_000)];
  const run = (pool: SandboxPool) => pool.runBacktest({
    source: SMA_CROSS_SOURCE, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10_000, seed: 1, limits: { cpuMsPerBatch: 2_000 },
  });

  it('run as nobody, and still read the bars and return large results', async () => {
    const pool = createSandboxPool({ size: 1 });
    pools.push(pool);
    const r = await run(pool);
    expect(r.output.barsProcessed).toBe(40_000);
    expect(r.output.ordersEmitted).toBeGreaterThan(10);
    const pid = pool.stats().workers[0]!.pid!;
    expect(uidOf(pid)).toBe(65534);
  });

  it("keep the service's user with runAs: 'self'", async () => {
    const pool = createSandboxPool({ size: 1, runAs: 'self' });
    pools.push(pool);
    await run(pool);
    expect(uidOf(pool.stats().workers[0]!.pid!)).toBe(0);
  });
});
