/**
 * Supervisor of one sandbox worker process. The worker is SIGKILLed (and the pool respawns it)
 * after a catastrophic V8 error, a wedged isolate, an RSS over the cap, a run over its wall budget
 * plus grace, any failure the worker flags for recycling, or every `maxRunsPerWorker` runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FailureInfo, ParentMessage, WorkerMessage } from './protocol.ts';
import type { RunUsage } from '../usage.ts';

export const WORKER_ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
const RSS_POLL_MS = 50;

export interface Job {
  id: number;
  message: ParentMessage;
  /** Hard wall deadline for the whole job on this worker, ms. */
  deadlineMs: number;
  onProgress?: (barsProcessed: number, totalBars: number, usage: RunUsage) => void;
  settle(outcome: { ok: true; result: unknown; usage: RunUsage } | { ok: false; failure: FailureInfo; usage: RunUsage }): void;
}

function readRssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class WorkerHandle {
  private readonly child: ChildProcess;
  private job?: Job;
  private lastUsage?: RunUsage;
  private jobStart = 0;
  private rssTimer?: NodeJS.Timeout;
  private deadlineTimer?: NodeJS.Timeout;
  runs = 0;
  /** Dataset key of the last run sent here: the worker probably holds those bars in memory. */
  datasetKey?: string;
  /** Reuse key of the last run sent here: the worker may hold that strategy's isolate warm. */
  reuseKey?: string;
  ready: Promise<void>;
  dead = false;
  isReady = false;
  private readonly rssCapBytes: number;
  private readonly onExit: (w: WorkerHandle) => void;
  private readonly onIdle: (w: WorkerHandle, recycle: boolean) => void;

  constructor(runtime: string, rssCapMb: number, onIdle: WorkerHandle['onIdle'], onExit: WorkerHandle['onExit'], runAs?: { uid: number; gid: number }) {
    this.rssCapBytes = rssCapMb * 1024 * 1024;
    this.onIdle = onIdle;
    this.onExit = onExit;
    this.child = fork(WORKER_ENTRY, [], {
      execPath: process.execPath,
      execArgv: [],
      env: { TZ: 'UTC' },
      // an unprivileged user when the service runs as root (worker-identity.ts); '/' as cwd because
      // the service's folder may not be enterable by that user
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid, cwd: '/' } : {}),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: WorkerMessage) => { if (m.type === 'ready') { this.child.off('message', onMsg); this.isReady = true; resolve(); } };
      this.child.on('message', onMsg);
      this.child.once('exit', () => reject(new Error('sandbox worker exited during start-up')));
    });
    this.ready.catch(() => undefined);
    this.child.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.child.on('exit', () => this.handleExit());
    this.child.send({ type: 'init', runtime } satisfies ParentMessage);
  }

  get pid(): number | undefined { return this.child.pid; }
  get busy(): boolean { return this.job !== undefined; }

  start(job: Job): void {
    this.job = job;
    this.runs++;
    this.jobStart = performance.now();
    this.lastUsage = undefined;
    if (job.message.type === 'run' && job.message.datasetKey !== undefined && job.message.barsFile) this.datasetKey = job.message.datasetKey;
    if (job.message.type === 'run') this.reuseKey = job.message.reuseKey;
    this.child.send(job.message);
    this.rssTimer = setInterval(() => {
      const pid = this.child.pid;
      if (pid !== undefined && readRssBytes(pid) > this.rssCapBytes) {
        this.abort({ kind: 'memory', reason: 'rss', message: `The strategy's worker exceeded its memory cap of ${this.rssCapBytes / 1048576} MB`, stack: '' });
      }
    }, RSS_POLL_MS);
    this.deadlineTimer = setTimeout(() => {
      this.abort({ kind: 'timeout', budget: 'wall', reason: 'wall', message: `The run exceeded its wall-clock limit and its worker was stopped`, stack: '' });
    }, job.deadlineMs);
  }

  /** Fail the current job now and SIGKILL the worker; the pool respawns it. */
  abort(failure: FailureInfo): void {
    const job = this.finishJob();
    if (job) job.settle({ ok: false, failure, usage: this.killedUsage() });
    this.kill();
  }

  /** Drop job `id` if this worker runs it (its outcome is discarded) and kill the worker. */
  cancel(id: number): boolean {
    if (this.job?.id !== id) return false;
    this.finishJob();
    this.kill();
    return true;
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
  }

  private killedUsage(): RunUsage {
    const u = this.lastUsage ?? { cpuMs: 0, wallMs: 0, peakHeapBytes: 0, barsProcessed: 0, ordersEmitted: 0 };
    return { ...u, wallMs: Math.round((performance.now() - this.jobStart) * 1000) / 1000 };
  }

  private finishJob(): Job | undefined {
    const job = this.job;
    this.job = undefined;
    clearInterval(this.rssTimer);
    clearTimeout(this.deadlineTimer);
    return job;
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.type) {
      case 'progress':
        if (this.job?.id === m.id) { this.lastUsage = m.usage; this.job.onProgress?.(m.barsProcessed, m.totalBars, m.usage); }
        return;
      case 'done': {
        if (this.job?.id !== m.id) return;
        const job = this.finishJob()!;
        if (m.ok) job.settle({ ok: true, result: m.result, usage: m.usage });
        else job.settle({ ok: false, failure: m.failure, usage: m.usage });
        const recycle = !m.ok && m.recycle;
        if (recycle) this.kill();
        this.onIdle(this, recycle);
        return;
      }
      case 'catastrophic': {
        const memory = /memory|heap|oom|allocation/i.test(m.message);
        this.abort({ kind: memory ? 'memory' : 'crashed', reason: 'catastrophic', message: memory ? 'The strategy exhausted the isolate heap' : `The strategy isolate crashed: ${m.message.slice(0, 300)}`, stack: '' });
        return;
      }
      case 'wedged':
        this.abort({ kind: 'timeout', budget: 'watchdog', reason: 'wedged', message: 'The strategy ran an operation that could not be interrupted and its worker was stopped', stack: '' });
        return;
      default:
        return;
    }
  }

  private handleExit(): void {
    this.dead = true;
    const job = this.finishJob();
    if (job) job.settle({ ok: false, failure: { kind: 'crashed', reason: 'exit', message: 'The strategy worker process died during the run', stack: '' }, usage: this.killedUsage() });
    this.onExit(this);
  }
}
