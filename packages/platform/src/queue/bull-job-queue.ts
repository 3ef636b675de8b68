import { FlowProducer, Queue, Worker, UnrecoverableError, type Job, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobContext, JobFlow, JobHandle, JobOptions, JobQueue, JobState } from './job-queue.ts';
import { PermanentJobError } from './job-queue.ts';

function handle<T>(job: Job<T>): JobHandle<T> {
  return {
    id: String(job.id),
    name: job.name,
    data: job.data,
    state: async () => {
      const s = await job.getState();
      return (['waiting', 'delayed', 'active', 'completed', 'failed'].includes(s) ? s : s === 'prioritized' || s === 'waiting-children' ? 'waiting' : 'unknown') as JobState;
    },
    progress: async () => job.progress,
    remove: async () => {
      const s = await job.getState();
      if (s === 'active' || s === 'completed' || s === 'failed') return false;
      await job.remove();
      return true;
    },
    failedReason: async () => job.failedReason || undefined,
    returnValue: async () => job.returnvalue,
  };
}

function bullOptions(opts: JobOptions = {}): JobsOptions {
  return {
    jobId: opts.jobId,
    priority: opts.priority,
    attempts: opts.attempts ?? 3,
    delay: opts.delay,
    backoff: { type: 'exponential', delay: opts.backoffMs ?? 1_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** JobQueue on BullMQ. `prefix` keeps test files and deployments apart in one Redis. */
export class BullJobQueue<T = unknown> implements JobQueue<T> {
  readonly name: string;
  readonly queue: Queue;
  private readonly connection: Redis;
  private readonly prefix: string;
  private flows?: FlowProducer;

  constructor(name: string, connection: Redis, prefix: string) {
    this.name = name;
    this.connection = connection;
    this.prefix = prefix;
    this.queue = new Queue(name, { connection: connection as ConnectionOptions, prefix });
  }

  async add(name: string, data: T, opts: JobOptions = {}): Promise<JobHandle<T>> {
    const job = await this.queue.add(name, data, bullOptions(opts));
    return handle(job as Job<T>);
  }

  /**
   * BullMQ flow (FlowProducer). Children are added with `ignoreDependencyOnFailure`, so a child that
   * fails for good still lets the parent run instead of leaving it in waiting-children forever.
   */
  async addFlow(flow: JobFlow<T>): Promise<JobHandle<T>> {
    this.flows ??= new FlowProducer({ connection: this.connection as ConnectionOptions, prefix: this.prefix });
    const node = await this.flows.add({
      name: flow.name, queueName: this.name, data: flow.data, opts: bullOptions(flow.opts),
      children: flow.children.map((c) => ({ name: c.name, queueName: this.name, data: c.data, opts: { ...bullOptions(c.opts), ignoreDependencyOnFailure: true } })),
    });
    return handle(node.job as Job<T>);
  }

  async get(id: string): Promise<JobHandle<T> | null> {
    const job = await this.queue.getJob(id);
    return job ? handle(job as Job<T>) : null;
  }

  async close(): Promise<void> {
    await this.flows?.close();
    await this.queue.close();
  }
}

export interface WorkerHandle {
  close(): Promise<void>;
}

/**
 * Consumes a queue. A PermanentJobError fails the job for good; anything else is retried per the
 * job's attempts. `close()` waits for the running job (graceful SIGTERM).
 */
export function startBullWorker<T>(
  queueName: string,
  connection: Redis,
  prefix: string,
  processor: (ctx: JobContext<T>) => Promise<unknown>,
  opts: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number; maxStalledCount?: number } = {},
): WorkerHandle & { worker: Worker } {
  // BullMQ treats a connection it is given as shared and never closes it: we own this one.
  const own = connection.duplicate();
  const worker = new Worker(
    queueName,
    async (job: Job) => {
      const ctx: JobContext<T> = {
        id: String(job.id),
        name: job.name,
        data: job.data as T,
        attemptsMade: job.attemptsMade,
        reportProgress: (p) => job.updateProgress(p),
      };
      try {
        return await processor(ctx);
      } catch (err) {
        if (err instanceof PermanentJobError) {
          throw new UnrecoverableError(JSON.stringify({ code: err.code, message: err.message, details: err.details }));
        }
        throw err;
      }
    },
    {
      connection: own as ConnectionOptions,
      prefix,
      concurrency: opts.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      // A job whose worker died is picked up again this many times before it fails.
      maxStalledCount: opts.maxStalledCount ?? 2,
    },
  );
  worker.on('error', () => {});
  return {
    worker,
    close: async () => {
      await worker.close();
      own.disconnect();
    },
  };
}
