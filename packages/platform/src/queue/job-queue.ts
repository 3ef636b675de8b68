/** States a job moves through, as shown to users. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobOptions {
  /** Idempotency: adding a job with an id that exists returns the existing job. */
  jobId?: string;
  priority?: number;
  attempts?: number;
  delay?: number;
  /** Exponential backoff base for retries of operational failures, ms. */
  backoffMs?: number;
}

/** Our view of a queued job; callers never hold a bullmq.Job. */
export interface JobHandle<T = unknown> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  state(): Promise<JobState>;
  progress(): Promise<unknown>;
  /** Removes a job that has not started; returns false when it is already running or done. */
  remove(): Promise<boolean>;
  failedReason(): Promise<string | undefined>;
  returnValue(): Promise<unknown>;
}

/** One job of a flow: its name, payload and options (a `jobId` makes re-adding it a no-op). */
export interface FlowJob<T = unknown> {
  name: string;
  data: T;
  opts?: JobOptions;
}

/**
 * A parent job and its children, added atomically. The parent waits (holding no worker) until every
 * child has finished, then runs like any job. A child that fails for good (retries exhausted) does not
 * block the parent: the parent runs anyway and must check the outcome of the work itself.
 */
export interface JobFlow<T = unknown> extends FlowJob<T> {
  children: FlowJob<T>[];
}

/**
 * A named queue of jobs. Payloads carry ids and numbers, never secrets or source code
 * (design principle 12). Implementations: BullJobQueue.
 */
export interface JobQueue<T = unknown> {
  readonly name: string;
  add(name: string, data: T, opts?: JobOptions): Promise<JobHandle<T>>;
  /** Adds a flow whose parent and children all run on this queue; ids make re-adding a no-op. */
  addFlow(flow: JobFlow<T>): Promise<JobHandle<T>>;
  get(id: string): Promise<JobHandle<T> | null>;
  close(): Promise<void>;
}

/** What a processor sees of the job it runs. */
export interface JobContext<T = unknown> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  readonly attemptsMade: number;
  reportProgress(progress: number | object): Promise<void>;
}

/** Thrown by a processor for failures that retrying cannot fix (a strategy bug, bad input). */
export class PermanentJobError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'PermanentJobError';
    this.code = code;
    this.details = details;
  }
}
