import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { EmbeddedServerError } from './errors.ts';
import { aptInstall, canAptInstall, findOnPath } from './apt.ts';

/** Who the server runs as: undefined ids mean "as the current user" (we are not root). */
export interface RunAs {
  uid?: number;
  gid?: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return out.status === 0 ? Number.parseInt(out.stdout, 10) : undefined;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` system user, creating it
 * when missing (as Debian's own package would: system account, no login shell, no home).
 */
export function ensurePostgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  let uid = idOf('-u');
  if (uid === undefined) {
    const groupExists = spawnSync('getent', ['group', 'postgres']).status === 0;
    const created = spawnSync(
      'useradd',
      ['--system', ...(groupExists ? ['-g', 'postgres'] : ['--user-group']), '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    uid = idOf('-u');
    if (created.status !== 0 || uid === undefined) {
      throw new EmbeddedServerError('POSTGRES_USER_FAILED', `PostgreSQL cannot run as root and creating the "postgres" system user failed (${(created.stderr || created.error?.message || '').trim()}); create it with \`useradd --system --user-group postgres\` or set DATABASE_URL`);
    }
  }
  return { uid, gid: idOf('-g') };
}

function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let d = resolve(path); ; d = dirname(d)) {
    dirs.unshift(d);
    if (dirname(d) === d) return dirs;
  }
}

function firstBlocked(dirs: string[], runAs: RunAs): string | undefined {
  const check = spawnSync('/bin/sh', ['-c', 'for d do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done', 'sh', ...dirs], { ...runAs, encoding: 'utf8' });
  return check.status === 0 ? undefined : check.stdout || dirs[0];
}

/**
 * The `postgres` user must be able to enter every folder above its data and binaries. A clone
 * under /root (mode 0700) is the usual trap: we grant that one user search permission with an ACL
 * (nothing becomes listable or readable, and no other user gains anything), installing Debian's
 * `acl` package for `setfacl` when we may; otherwise we stop with the fix.
 */
export async function ensureReachable(paths: string[], runAs: RunAs, log: (line: string) => void): Promise<void> {
  if (runAs.uid === undefined) return;
  const dirs = [...new Set(paths.flatMap(ancestors))];
  const tried = new Set<string>();
  for (let blocked = firstBlocked(dirs, runAs); blocked !== undefined; blocked = firstBlocked(dirs, runAs)) {
    if (!tried.has(blocked) && !findOnPath('setfacl') && canAptInstall()) {
      log(`PostgreSQL runs as user "postgres", which cannot enter ${blocked}; installing Debian's acl package to grant it access`);
      await aptInstall('acl', log);
    }
    const granted = !tried.has(blocked) && spawnSync('setfacl', ['-m', 'u:postgres:x', blocked]).status === 0;
    tried.add(blocked);
    if (!granted) {
      throw new EmbeddedServerError('DATA_DIR_UNREACHABLE', `PostgreSQL runs as user "postgres", which cannot enter ${blocked}; run \`setfacl -m u:postgres:x ${blocked}\` (or \`chmod o+x ${blocked}\`), move the project elsewhere, or set DATABASE_URL`);
    }
    log(`granted user "postgres" search permission on ${blocked} (setfacl -m u:postgres:x)`);
  }
}
