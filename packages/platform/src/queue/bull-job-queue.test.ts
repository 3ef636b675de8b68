import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../testing/index.ts';
import { BullJobQueue, startBullWorker } from './bull-job-queue.ts';
import { PermanentJobError, type JobContext } from './job-queue.ts';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(() => env?.close());

type Data = { step: string; fail?: boolean };

async function until(fn: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('BullJobQueue flows', () => {
  it('runs the parent once after every child, even one that failed for good; re-adding is a no-op', async () => {
    const queue = new BullJobQueue<Data>('flow-test', env.deps.redis, env.keyPrefix);
    const ran: string[] = [];
    const worker = startBullWorker<Data>('flow-test', env.deps.redis, env.keyPrefix, async (ctx: JobContext<Data>) => {
      if (ctx.data.step !== 'parent') await new Promise((r) => setTimeout(r, 30));
      ran.push(ctx.data.step);
      if (ctx.data.fail) throw new PermanentJobError('BROKEN', 'child failed');
      return ctx.data.step;
    }, { concurrency: 2 });
    try {
      const flow = {
        name: 'parent', data: { step: 'parent' }, opts: { jobId: 'p1' },
        children: [
          { name: 'child', data: { step: 'a' }, opts: { jobId: 'c1' } },
          { name: 'child', data: { step: 'b', fail: true }, opts: { jobId: 'c2', attempts: 1 } },
          { name: 'child', data: { step: 'c' }, opts: { jobId: 'c3' } },
        ],
      };
      const parent = await queue.addFlow(flow);
      expect(parent.id).toBe('p1');
      await until(() => ran.includes('parent'));
      expect(ran.indexOf('parent')).toBe(ran.length - 1);
      expect([...ran].sort()).toEqual(['a', 'b', 'c', 'parent']);
      expect(await (await queue.get('p1'))!.state()).toBe('completed');

      await queue.addFlow(flow);
      await new Promise((r) => setTimeout(r, 300));
      expect(ran).toHaveLength(4);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
