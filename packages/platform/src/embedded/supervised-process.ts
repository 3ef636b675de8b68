import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { WatchdogSpec } from './watchdog.ts';

const WATCHDOG = fileURLToPath(new URL('./watchdog.ts', import.meta.url));

/** A server running under its watchdog; see watchdog.ts for why there is one. */
export interface SupervisedProcess {
  /** pid of the server itself. */
  readonly pid: number;
  readonly watchdogPid: number;
  /** Resolves when the watchdog has exited (so the server has too), with the server's exit. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Stops the server gracefully and waits for it and its watchdog. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `spec.command` under a watchdog in its own session, appending the server's output to
 * `logFile`. Resolves once the server process exists (not once it is ready: callers probe that).
 */
export async function startSupervised(spec: WatchdogSpec, logFile: string): Promise<SupervisedProcess> {
  const logFd = openSync(logFile, 'a');
  const watchdog = spawn(process.execPath, [WATCHDOG, JSON.stringify(spec)], {
    // detached: a new session, so a terminal's SIGINT goes only to our process, which stops the
    // servers after draining its own work rather than having them vanish underneath it.
    detached: true,
    stdio: ['pipe', 'pipe', logFd],
  });
  closeSync(logFd);

  let serverExit: { code: number | null; signal: string | null } = { code: null, signal: null };
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    watchdog.once('close', () => resolve(serverExit));
  });
  const pid = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: watchdog.stdout! });
    lines.on('line', (line) => {
      let event: { event?: string; pid?: number; code?: number | null; signal?: string | null; message?: string };
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.event === 'spawned' && event.pid) resolve(event.pid);
      if (event.event === 'error') reject(new Error(`could not run ${spec.command}: ${event.message}`));
      if (event.event === 'exited') serverExit = { code: event.code ?? null, signal: event.signal ?? null };
    });
    watchdog.once('error', reject);
    void exited.then(() => reject(new Error(`${spec.command} exited before it started`)));
  });
  // A write to a watchdog that already exited must not crash the parent.
  watchdog.stdin!.on('error', () => {});

  let stopping: Promise<void> | undefined;
  return {
    pid,
    watchdogPid: watchdog.pid!,
    exited,
    stop() {
      stopping ??= (async () => {
        if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.stdin!.end('stop\n');
        await exited;
      })();
      return stopping;
    },
  };
}
