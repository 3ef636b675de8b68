import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/infra-urls.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Redis } from 'ioredis';
import { EmbeddedServerError, startEmbeddedPostgres, startEmbeddedRedis } from './index.ts';
import { isAlive } from './stale-process.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/hold-servers.ts', import.meta.url));

interface Held {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null }>;
  pg: { url: string; pid: number; watchdogPid: number };
  redis: { url: string; pid: number; watchdogPid: number };
}


let root: string;
let pgPort: number;
let redisPort: number;
const started: ChildProcess[] = [];

async function holdServers(): Promise<Held> {
  const child = spawn(process.execPath, [FIXTURE, JSON.stringify({ dataDir: root, pgPort, redisPort })], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const exit = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void exit.then(() => reject(new Error(`fixture exited before ready: ${err}`)));
  });
  return { child, exit, ...(JSON.parse(line) as Pick<Held, 'pg' | 'redis'>) };
}

/** pids of anything this test's servers left behind: servers, watchdogs, postgres' own children. */
function leftovers(held: Held): number[] {
  const ours = [held.pg.pid, held.pg.watchdogPid, held.redis.pid, held.redis.watchdogPid].filter(isAlive);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || !isAlive(Number(entry))) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === held.pg.pid || cmd.includes(root)) ours.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return [...new Set(ours)].filter((pid) => pid !== held.child.pid || isAlive(pid));
}

async function expectNothingLeft(held: Held, withinMs = 8_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (leftovers(held).length > 0 && Date.now() < deadline) await sleep(100);
  expect(leftovers(held)).toEqual([]);
}

beforeAll(async () => {
  // mkdtemp makes a 0700 folder: as root, starting PostgreSQL must make it enterable for postgres.
  root = mkdtempSync(join(tmpdir(), 'strata-embedded-'));
  [pgPort, redisPort] = await Promise.all([freePort(), freePort()]);
});

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('embedded servers tethered to their parent', () => {
  it('SIGTERM stops both servers gracefully: exit code 0, no process left', async () => {
    const held = await holdServers();
    const db = new pg.Client({ connectionString: held.pg.url });
    await db.connect();
    await db.query('CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');
    await db.end();
    const redis = new Redis(held.redis.url);
    await redis.set('kept', 'yes');
    redis.disconnect();

    held.child.kill('SIGTERM');
    expect(await held.exit).toEqual({ code: 0, signal: null });
    await expectNothingLeft(held, 2_000);
  }, 30_000);

  it('a second start on the same data keeps it; SIGINT stops gracefully', async () => {
    const held = await holdServers();
    const db = new pg.Client({ connectionString: held.pg.url });
    await db.connect();
    expect((await db.query('SELECT x FROM kept')).rows).toEqual([{ x: 42 }]);
    await db.end();
    const redis = new Redis(held.redis.url);
    expect(await redis.get('kept')).toBe('yes');
    redis.disconnect();

    held.child.kill('SIGINT');
    expect(await held.exit).toEqual({ code: 0, signal: null });
    await expectNothingLeft(held, 2_000);
  }, 30_000);

  it('SIGKILL of the parent: the watchdogs stop both servers within seconds', async () => {
    const held = await holdServers();
    expect(leftovers(held).length).toBeGreaterThanOrEqual(4);
    held.child.kill('SIGKILL');
    expect((await held.exit).signal).toBe('SIGKILL');
    await expectNothingLeft(held);
  }, 30_000);

  it('starts over a stale postmaster.pid whose pid now belongs to another process', async () => {
    writeFileSync(join(root, 'postgres', 'postmaster.pid'), `${process.pid}\n${join(root, 'postgres')}\n`);
    const server = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: 0 });
    try {
      expect(server.url).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:[1-9]\d*\/strata$/);
      const db = new pg.Client({ connectionString: server.url });
      await db.connect();
      expect((await db.query('SELECT x FROM kept')).rows).toEqual([{ x: 42 }]);
      await db.end();
    } finally {
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
  }, 30_000);

  it('stops a Redis orphaned by a killed watchdog before starting again', async () => {
    const first = await startEmbeddedRedis({ dataDir: join(root, 'redis'), port: redisPort });
    process.kill(first.watchdogPid, 'SIGKILL');
    await first.exited;
    expect(isAlive(first.pid)).toBe(true);
    const second = await startEmbeddedRedis({ dataDir: join(root, 'redis'), port: redisPort });
    try {
      expect(isAlive(first.pid)).toBe(false);
      const redis = new Redis(second.url);
      expect(await redis.get('kept')).toBe('yes');
      redis.disconnect();
    } finally {
      await second.stop();
    }
  }, 30_000);
});

describe('as root, PostgreSQL runs as the postgres user', () => {
  it.runIf(process.getuid?.() === 0)('which is granted search permission (only) on a 0700 folder above the data, as for a clone under /root', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const lines: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir: join(locked, 'project', '.data', 'postgres'), port: 0, onLog: (l) => lines.push(l) });
    await server.stop();
    expect(lines).toContain(`granted user "postgres" search permission on ${locked} (setfacl -m u:postgres:x)`);
    expect(statSync(locked).mode & 0o007).toBe(0);
    expect(statSync(join(locked, 'project', '.data', 'postgres')).uid).not.toBe(0);
  }, 60_000);
});

describe('start-up errors are one actionable line', () => {
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

  it('names the busy port and how to change it', async () => {
    const redisError = await startEmbeddedRedis({ dataDir: join(root, 'redis'), port: busyPort }).catch((e: unknown) => e);
    expect(redisError).toBeInstanceOf(EmbeddedServerError);
    expect((redisError as EmbeddedServerError).code).toBe('PORT_IN_USE');
    expect((redisError as Error).message).toContain(`port ${busyPort}`);
    expect((redisError as Error).message).toContain('EMBEDDED_REDIS_PORT');
    expect((redisError as Error).message).not.toContain('\n');

    const pgError = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: busyPort }).catch((e: unknown) => e);
    expect((pgError as EmbeddedServerError).code).toBe('PORT_IN_USE');
    expect((pgError as Error).message).toMatch(new RegExp(`port ${busyPort}.*EMBEDDED_PG_PORT.*DATABASE_URL`));
  }, 15_000);

  it('says how to install redis-server or set REDIS_URL when the binary is missing', async () => {
    const error = await startEmbeddedRedis({ dataDir: join(root, 'redis'), port: redisPort, binary: join(root, 'no-such-redis-server') }).catch((e: unknown) => e);
    expect((error as EmbeddedServerError).code).toBe('REDIS_NOT_INSTALLED');
    expect((error as Error).message).toMatch(/apt-get install redis-server.*REDIS_URL/);
    expect((error as Error).message).not.toContain('\n');
  });
});
