import { readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedServerError } from './errors.ts';

/** Live, non-zombie process? (An orphan's zombie may linger if pid 1 does not reap.) */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}

/** The working folder of a process: PostgreSQL and Redis both chdir into their data folder. */
function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/**
 * Makes a data folder startable after a crash. The server's pid file may name: nobody (stale:
 * removed), another process that reused the pid (removed, or PostgreSQL would refuse to start),
 * our server with a live watchdog (another Strata process: DATA_DIR_IN_USE, after giving a
 * watchdog that is already shutting down a few seconds), or our server without a watchdog (an
 * orphan from a watchdog killed with SIGKILL: stopped gracefully, then killed). "Our server" means
 * its working folder is `dataDir`, so a system PostgreSQL that happens to hold the pid is never
 * touched.
 */
export async function reclaimDataDir(dataDir: string, pidFile: string, what: string, stopSignal: NodeJS.Signals): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  const cwd = cwdOf(pid);
  if (cwd === undefined) {
    throw new EmbeddedServerError('DATA_DIR_IN_USE', `${what} data in ${dataDir} may be in use: its pid file names process ${pid}, which we cannot inspect; stop it or remove ${pidFile} if it is not ${what}`);
  }
  if (cwd !== realpathSync(dataDir)) {
    rmSync(pidFile, { force: true });
    return;
  }
  const watchdog = parentPid(pid);
  if (watchdog > 1 && cmdline(watchdog).includes('watchdog.ts')) {
    if (await waitGone(pid, 8_000)) return;
    throw new EmbeddedServerError('DATA_DIR_IN_USE', `${what} data in ${dataDir} is in use by a running server (pid ${pid}) of another Strata process; stop that process first`);
  }
  process.kill(pid, stopSignal);
  if (await waitGone(pid, 15_000)) return;
  process.kill(pid, 'SIGKILL');
  await waitGone(pid, 5_000);
}
