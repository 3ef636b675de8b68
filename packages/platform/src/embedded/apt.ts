import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of an executable on PATH (plus the usual system folders), if any. */
export function findOnPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** We may install Debian packages ourselves: root, on Debian or Ubuntu, with apt-get present. */
export function canAptInstall(): boolean {
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) return false;
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function aptGet(args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolveRun) => {
    log(`apt-get ${args.join(' ')}`);
    const child = spawn('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let tail = '';
    const keep = (c: Buffer) => (tail = (tail + c.toString()).slice(-2_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolveRun(err.message));
    child.on('close', (code) => resolveRun(code === 0 ? '' : (tail.trim().split('\n').pop() ?? `exit code ${code}`)));
  });
}

/**
 * `apt-get update` then a non-interactive install of `pkg` (no recommends). Resolves to '' on
 * success, else the last line apt-get printed.
 */
export async function aptInstall(pkg: string, log: (line: string) => void): Promise<string> {
  return (await aptGet(['update', '-q'], log)) || (await aptGet(['install', '-y', '-q', '--no-install-recommends', pkg], log));
}
