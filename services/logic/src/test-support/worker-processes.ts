import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestEnv } from '@strata/platform/testing';
import { TEST_LOGIC_ENV } from './env.ts';

/** Logic worker processes (`src/worker.ts`) on a test env's database and Redis prefix. */
const children = new Set<ChildProcess>();

export function startWorkerProcess(e: TestEnv, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL('../worker.ts', import.meta.url)), [], {
    execPath: process.execPath,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...TEST_LOGIC_ENV, ...extra, DATABASE_URL: e.databaseUrl, REDIS_URL: e.redisUrl, REDIS_PREFIX: e.keyPrefix, LOG_LEVEL: 'silent' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

export function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function stopAllWorkerProcesses(): Promise<void> {
  for (const c of [...children]) await stopWorkerProcess(c, 'SIGKILL');
}
