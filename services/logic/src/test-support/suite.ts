import { afterAll, beforeAll } from 'vitest';
import type { ServiceModule, ServiceWorkers, Tier } from '@strata/platform';
import type { TestEnv } from '@strata/platform/testing';
import type { createLogicModule } from '../index.ts';
import { logicTestEnv } from './env.ts';
import { stopAllWorkerProcesses } from './worker-processes.ts';

type LogicModule = ReturnType<typeof createLogicModule>;

export interface LogicSuite {
  env: TestEnv;
  module: LogicModule;
  /** A bearer token of the suite's user. */
  token: string;
}

export interface LogicSuiteOptions {
  /** Settings on top of TEST_LOGIC_ENV. */
  extra?: Record<string, string>;
  /** Modules composed with logic (their migrations and routes). */
  others?: ServiceModule[];
  /** Start the module's queue workers in this process (after `beforeWorkers`). */
  inProcessWorkers?: boolean;
  /** Called with the module before its in-process workers start (e.g. to replace a port in a test). */
  beforeWorkers?: (module: LogicModule) => void;
}

/**
 * The usual set-up of a logic test file: an own database and Redis prefix with the logic module, a
 * user's token, optionally in-process workers; everything (and any worker process the file started
 * with `startWorkerProcess`) stopped after the file. Read the fields inside hooks and tests.
 */
export function useLogicSuite(user: { userId: string; tier: Tier }, opts: LogicSuiteOptions = {}): LogicSuite {
  const suite = {} as LogicSuite;
  let workers: ServiceWorkers | undefined;
  beforeAll(async () => {
    const made = await logicTestEnv(opts.extra, opts.others);
    suite.env = made.env;
    suite.module = made.module;
    opts.beforeWorkers?.(made.module);
    if (opts.inProcessWorkers) workers = await made.module.startWorkers!(made.env.deps);
    suite.token = await made.env.tokenFor(user);
  });
  afterAll(async () => {
    await stopAllWorkerProcesses();
    await workers?.close();
    await suite.env?.close();
  });
  return suite;
}
