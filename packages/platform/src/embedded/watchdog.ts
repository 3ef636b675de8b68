// Tether between the Strata process and one database server. Run as its own process in its own
// session (so a terminal's Ctrl-C reaches only the Strata process, which shuts down in order):
//   node watchdog.ts '<json WatchdogSpec>'
// stdin is the tether: a "stop" line or end-of-file (the parent exited, crashed or was SIGKILLed,
// since the kernel closes its end of the pipe in every case) stops the server with its graceful
// signal, escalating to SIGKILL after `graceMs`. stdout carries one JSON line per event.
import { spawn } from 'node:child_process';

/** What the watchdog runs; built by supervised-process.ts. */
export interface WatchdogSpec {
  command: string;
  args: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  stopSignal: NodeJS.Signals;
  graceMs: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as WatchdogSpec;

function report(event: Record<string, unknown>): void {
  // After the parent died nobody reads stdout; the write error is expected then.
  try {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  } catch {
    /* parent gone */
  }
}
process.stdout.on('error', () => {});

const server = spawn(spec.command, spec.args, {
  cwd: spec.cwd,
  uid: spec.uid,
  gid: spec.gid,
  // The server's own output goes to the log file the parent handed us as stderr.
  stdio: ['ignore', 2, 2],
});

let stopping = false;
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  report({ event: 'stopping', reason });
  if (server.exitCode === null && server.signalCode === null) {
    server.kill(spec.stopSignal);
    setTimeout(() => server.kill('SIGKILL'), spec.graceMs).unref();
  }
}

server.on('spawn', () => report({ event: 'spawned', pid: server.pid }));
server.on('error', (err) => {
  report({ event: 'error', message: err.message });
  process.exit(1);
});
server.on('exit', (exitCode, signal) => {
  report({ event: 'exited', code: exitCode, signal });
  // A server that exits on request has done its job; one that exits unasked is a failure.
  const code = stopping ? 0 : 1;
  process.stdin.destroy();
  // Exit even if some handle would keep us alive: a watchdog must never outlive its server.
  setTimeout(() => process.exit(code), 200).unref();
  process.exitCode = code;
});

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  if (chunk.includes('stop')) stop('requested');
});
process.stdin.on('end', () => stop('parent exited'));
process.stdin.on('error', () => stop('parent exited'));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
