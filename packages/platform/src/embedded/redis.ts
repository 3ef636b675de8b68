import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { aptInstall, canAptInstall, findOnPath } from './apt.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedServerError } from './errors.ts';
import { assertPortFree, choosePort } from './ports.ts';
import { reclaimDataDir } from './stale-process.ts';
import { startSupervised } from './supervised-process.ts';
import type { EmbeddedServer } from './types.ts';

export interface EmbeddedRedisOptions {
  /** Folder for the append-only file and snapshots, e.g. `./.data/redis`. */
  dataDir: string;
  port: number;
  host?: string;
  /** Path of redis-server; default: found on PATH (installed with apt-get when root on Debian/Ubuntu). */
  binary?: string;
  portHint?: string;
  /** Progress lines while installing redis-server. */
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

const HOW_TO_INSTALL = 'install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL to a running Redis';

/** redis-server's path, installing Debian's package when we may (root on Debian or Ubuntu). */
async function redisBinary(options: EmbeddedRedisOptions): Promise<string> {
  if (options.binary !== undefined) {
    if (existsSync(options.binary)) return options.binary;
    throw new EmbeddedServerError('REDIS_NOT_INSTALLED', `redis-server was not found at ${options.binary}; ${HOW_TO_INSTALL}`);
  }
  const found = findOnPath('redis-server');
  if (found) return found;
  if (!canAptInstall()) {
    throw new EmbeddedServerError('REDIS_NOT_INSTALLED', `redis-server is not installed; ${HOW_TO_INSTALL}`);
  }
  const log = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  log('redis-server is not installed; installing Debian\'s redis-server package (running as root)');
  const failure = await aptInstall('redis-server', log);
  const installed = findOnPath('redis-server');
  if (failure || !installed) {
    throw new EmbeddedServerError('REDIS_INSTALL_FAILED', `installing redis-server with apt-get failed (${failure || 'binary still missing'}); ${HOW_TO_INSTALL}`);
  }
  return installed;
}

/** One PING over a raw socket: no client library needed to know the server is up. */
function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePing) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolvePing(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (c) => {
      reply += c.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Starts redis-server under a watchdog with persistence on (append-only file plus snapshots in
 * `dataDir`), bound to loopback, and waits until it answers PING. Throws EmbeddedServerError with
 * a one-line message (REDIS_NOT_INSTALLED, PORT_IN_USE, …).
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const hint = options.portHint ?? 'set EMBEDDED_REDIS_PORT to a free port, or REDIS_URL to use your own Redis';
  const binary = await redisBinary(options);
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, 'redis.pid');
  await reclaimDataDir(dataDir, pidFile, 'Redis', 'SIGTERM');
  const port = await choosePort(host, options.port);
  await assertPortFree(host, port, 'Redis', hint);

  const logFile = `${dataDir}.log`;
  const server = await startSupervised(
    {
      command: binary,
      // Everything on the command line: no config file to keep in sync, and the system's
      // /etc/redis/redis.conf (port 6379, its own dir) is never read. Snapshots keep Redis' defaults.
      args: ['--port', String(port), '--bind', host, '--dir', dataDir, '--appendonly', 'yes', '--daemonize', 'no', '--pidfile', pidFile, '--logfile', '', '--protected-mode', 'yes'],
      cwd: dataDir,
      // SIGTERM makes Redis flush the append-only file and exit cleanly.
      stopSignal: 'SIGTERM',
      graceMs: 20_000,
    },
    logFile,
  );
  let gone = false;
  void server.exited.then(() => (gone = true));
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await ping(host, port))) {
    if (gone || Date.now() > deadline) {
      await server.stop();
      const last = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').pop() : '';
      throw new EmbeddedServerError(gone ? 'SERVER_START_FAILED' : 'SERVER_START_TIMEOUT', `Redis ${gone ? 'exited during start-up' : 'did not answer PING in time'}: ${last?.trim()} (log: ${logFile})`);
    }
    await sleep(50);
  }
  return {
    url: `redis://${host}:${port}`,
    pid: server.pid,
    watchdogPid: server.watchdogPid,
    logFile,
    exited: server.exited.then(() => undefined),
    stop: () => server.stop(),
  };
}
