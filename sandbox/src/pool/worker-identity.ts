/**
 * Privilege separation of sandbox workers (defence in depth behind the isolate): when the platform
 * runs as root, workers run as an unprivileged user (`nobody`, 65534, unless the pool is given
 * another), so code that escaped an isolate would hold a process that can read no configuration,
 * no database files and no secrets of the service, and cannot signal the service's processes.
 *
 * The worker must be able to load its code as that user: Node, this package's worker entry and
 * isolated-vm. A checkout inside a folder others cannot enter (e.g. under /root) makes that
 * impossible; then workers keep the service's user and a warning names the folder.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, parse } from 'node:path';

export interface WorkerIdentity { uid: number; gid: number }

const NOBODY: WorkerIdentity = { uid: 65534, gid: 65534 };

/** Paths the worker process must read as its user (directories: enter; files: read). */
function workerPaths(workerEntry: string): [string, number][] {
  const ivm = createRequire(import.meta.url).resolve('isolated-vm');
  return [[process.execPath, 0o5], [workerEntry, 0o4], [ivm, 0o4]];
}

/** The first folder on `path` that `id` may not enter, or `path` itself if it lacks `fileBits` for `id`; undefined when all is well. */
export function unreadableFor(path: string, id: WorkerIdentity, fileBits = 0o4): string | undefined {
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.unshift(p);
    if (p === parse(p).root) break;
  }
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i]!;
    let st;
    try { st = statSync(p); } catch { return p; }
    const need = st.isDirectory() ? 0o1 : fileBits;
    const bits = st.uid === id.uid ? (st.mode >> 6) & 7 : st.gid === id.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    if ((bits & need) !== need) return p;
  }
  return undefined;
}

/**
 * The user workers run as: `requested` if given ('self': no change), else `nobody` when this
 * process is root and `nobody` can load the worker, else undefined (same user as the service).
 */
export function resolveWorkerIdentity(workerEntry: string, requested?: WorkerIdentity | 'self'): WorkerIdentity | undefined {
  if (requested === 'self') return undefined;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = requested ?? NOBODY;
  for (const [p, bits] of workerPaths(workerEntry)) {
    const blocked = unreadableFor(p, id, bits);
    if (blocked) {
      process.emitWarning(`sandbox workers run as root: uid ${id.uid} cannot read ${blocked} (needed to load ${p}); give others search permission on it, or pass runAs`, { code: 'STRATA_SANDBOX_SAME_UID' });
      return undefined;
    }
  }
  return id;
}
