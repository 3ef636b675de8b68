import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@strata/platform/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedPostgres, startEmbeddedRedis } from '@strata/platform/embedded';
import { REPO_ROOT } from './bootstrap.ts';
import { SERVICE_PACKAGES } from './services.ts';

const START = fileURLToPath(new URL('./start.ts', import.meta.url));
const MIGRATE = fileURLToPath(new URL('./migrate.ts', import.meta.url));
// Services still being written have no src/index.ts yet; once all exist this is every service.
const SERVICES = Object.keys(SERVICE_PACKAGES).filter((s) => existsSync(join(REPO_ROOT, 'services', s, 'src', 'index.ts')));


let root: string;
let pgPort: number;
let redisPort: number;
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: string | null }>;
}

function launch(env: Record<string, string>, viaShell = false, script = START): { child: ChildProcess; stderr: () => string; exit: Running['exit'] } {
  const { DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
  // viaShell mimics `npm start`: npm → sh -c → node (the `; :` stops sh from exec'ing node).
  const [command, args] = viaShell ? ['/bin/sh', ['-c', '"$0" "$1"; :', process.execPath, script]] : [process.execPath, [script]];
  const child = spawn(command, args, {
    // WEB_DIST set: these tests are about processes, not the IDE build (the web e2e test covers that).
    env: { ...inherited, DATA_DIR: root, WEB_DIST: join(root, 'no-web'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_REDIS_PORT: String(redisPort), STRATA_SERVICES: SERVICES.join(','), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, stderr: () => stderr, exit };
}

async function startPlatform(env: Record<string, string> = {}, viaShell = false): Promise<Running> {
  const run = launch(env, viaShell);
  let exited = false;
  void run.exit.then(() => (exited = true));
  for (const deadline = Date.now() + 45_000; Date.now() < deadline && !exited; await sleep(100)) {
    const url = /Strata is running at (http:\/\/\S+)/.exec(run.stderr())?.[1];
    if (url) return { ...run, url };
  }
  throw new Error(`platform did not start:\n${run.stderr()}`);
}

/** Processes started for this test's data: watchdogs and postgres name the folder, redis its port. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (state !== 'Z' && (cmd.includes(root) || cmd.includes(`:${redisPort}`) || cmd.includes(`-p ${pgPort}`))) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      /* gone */
    }
  }
  return found;
}

async function expectNothingLeft(withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (leftovers().length > 0 && Date.now() < deadline) await sleep(100);
  expect(leftovers()).toEqual([]);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-start-'));
  [pgPort, redisPort] = await Promise.all([freePort(), freePort()]);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('npm start (infra/local/start.ts)', () => {
  it('starts embedded servers, serves /readyz, and on SIGTERM drains and exits 0 leaving nothing behind', async () => {
    const run = await startPlatform();
    expect(run.stderr()).toContain(`embedded PostgreSQL on postgres://postgres:***@127.0.0.1:${pgPort}/strata`);
    const ready = await fetch(`${run.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ postgres: 'ok', redis: 'ok' });
    expect(existsSync(join(root, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(root, 'redis', 'appendonlydir'))).toBe(true);

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    await expectNothingLeft(3_000);
  }, 60_000);

  it('starts again on the same data without seeding twice; survives being SIGKILLed without orphans', async () => {
    const run = await startPlatform();
    expect(run.stderr()).not.toMatch(/seeded/);
    expect((await fetch(`${run.url}/readyz`)).status).toBe(200);
    run.child.kill('SIGKILL');
    await run.exit;
    await expectNothingLeft(8_000);
  }, 60_000);

  it('npm run migrate: same bootstrap, nothing pending after a start, exits 0 and stops its PostgreSQL', async () => {
    const run = launch({}, false, MIGRATE);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('embedded PostgreSQL');
    expect(run.stderr()).not.toContain('embedded Redis');
    for (const service of SERVICES) expect(run.stderr()).toContain(`strata: ${service}: up to date`);
    await expectNothingLeft(2_000);
  }, 30_000);

  it('STRATA_ROLE=worker runs the workers without an HTTP server and stops on SIGTERM', async () => {
    const run = launch({ STRATA_ROLE: 'worker' });
    for (const deadline = Date.now() + 30_000; !run.stderr().includes('workers running') && Date.now() < deadline; ) await sleep(100);
    expect(run.stderr()).toContain(`strata: workers running for ${SERVICES.join(', ')} (STRATA_ROLE=worker)`);
    expect(run.stderr()).not.toContain('Strata is running at');
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    await expectNothingLeft(3_000);
  }, 45_000);

  it('stops when the shell npm runs it through dies (npm itself was stopped or killed)', async () => {
    const run = await startPlatform({ npm_lifecycle_event: 'start' }, true);
    const node = readdirSync('/proc').find((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(run.child.pid));
    expect(node).toBeDefined();
    run.child.kill('SIGTERM');
    await run.exit;
    await expectNothingLeft(8_000);
    const gone = () => !existsSync(`/proc/${node}`) || /\) Z/.test(readFileSync(`/proc/${node}/stat`, 'utf8'));
    for (const deadline = Date.now() + 5_000; !gone() && Date.now() < deadline; ) await sleep(100);
    expect(gone()).toBe(true);
  }, 60_000);

  it('a busy embedded port stops start-up with one line naming it, and stops what it had started', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(pgPort, '127.0.0.1', r));
    try {
      const run = launch({});
      expect((await run.exit).code).toBe(1);
      const lines = run.stderr().split('\n').filter((l) => l.startsWith('strata: ') && !/embedded Redis|shutting down/.test(l));
      expect(lines).toEqual([`strata: PostgreSQL cannot start: port ${pgPort} on 127.0.0.1 is already in use; set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL`]);
      await expectNothingLeft(3_000);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 30_000);

  it('a busy gateway port is one line naming PORT, and the embedded servers stop', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const run = launch({ PORT: String(busy) });
      expect((await run.exit).code).toBe(1);
      expect(run.stderr()).toContain(`strata: the gateway cannot listen: port ${busy} on 127.0.0.1 is already in use; set PORT (and HOST) to a free one\n`);
      await expectNothingLeft(3_000);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 45_000);

  it('with DATABASE_URL and REDIS_URL set, starts nothing embedded', async () => {
    const [pg, redis] = await Promise.all([
      startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: 0 }),
      startEmbeddedRedis({ dataDir: join(root, 'redis'), port: 0 }),
    ]);
    try {
      const elsewhere = join(root, 'unused');
      const run = await startPlatform({ DATABASE_URL: pg.url, REDIS_URL: redis.url, DATA_DIR: elsewhere });
      expect(run.stderr()).not.toContain('embedded');
      expect((await fetch(`${run.url}/readyz`)).status).toBe(200);
      expect(existsSync(elsewhere)).toBe(false);
      run.child.kill('SIGINT');
      expect((await run.exit).code).toBe(0);
    } finally {
      await Promise.all([pg.stop(), redis.stop()]);
    }
  }, 60_000);

  it('invalid settings stop start-up naming every bad variable', async () => {
    const run = launch({ PORT: 'eighty', STRATA_ROLE: 'everything' });
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toMatch(/Invalid configuration:\n\s+- PORT: .*\n\s+- STRATA_ROLE: .*"all".*"api".*"worker"/);
    expect(run.stderr()).not.toContain('embedded');
  }, 20_000);
});
