/**
 * Entry of a sandbox worker process (forked by the pool with no --expose flags, TZ=UTC, no secrets).
 * Runs one strategy at a time, each in a fresh isolate. It never exits on its own after an incident
 * (sandbox-notes hazard 13): it reports, and the supervisor decides to SIGKILL it.
 */
import ivm from 'isolated-vm';
import { openSync, readSync, closeSync } from 'node:fs';
import { IsolateRun, RunFailure } from './isolate-host.ts';
import type { ParentMessage, WorkerMessage } from './protocol.ts';

let runtime = '';
const send = (m: WorkerMessage): void => { process.send?.(m); };
const hooks = {
  onCatastrophic: (message: string) => send({ type: 'catastrophic', message }),
  onWedged: (message: string) => send({ type: 'wedged', message }),
};

function readBars(file: string, sizes: number[]): ArrayBuffer[] {
  const fd = openSync(file, 'r');
  try {
    let pos = 0;
    return sizes.map((size) => {
      const ab = new ArrayBuffer(size);
      let got = 0;
      while (got < size) got += readSync(fd, new Uint8Array(ab, got), 0, size - got, pos + got);
      pos += size;
      return ab;
    });
  } finally {
    closeSync(fd);
  }
}

async function run(m: Extract<ParentMessage, { type: 'run' }>): Promise<void> {
  const buffers = m.barsFile ? readBars(m.barsFile, m.seriesBytes) : (m.barsInline ?? []);
  const extra = m.seriesBytes.reduce((a, b) => a + b, 0);
  const r = new IsolateRun(m.limits, extra, hooks);
  try {
    await r.load(runtime);
    const factory = await r.strategyFactory(m.js);
    const transfers = buffers.map((b) => new ivm.ExternalCopy(b, { transferOut: true }).copyInto({ release: true, transferIn: true }));
    const started = await r.call('start', [factory.derefInto(), m.configJson, ...transfers]);
    const total = Number(started.length) || 0;
    let next = 0;
    while (next < total) {
      const until = Math.min(total, next + m.limits.barsPerBatch);
      const reply = await r.call('step', [until]);
      next = Number(reply.next);
      if (!(next > 0) || next > total) next = total;
      r.barsProcessed = next;
      send({ type: 'progress', id: m.id, barsProcessed: next, totalBars: total, usage: r.usage() });
    }
    const out = await r.call('finish', []);
    r.barsProcessed = Number(out.barsProcessed) || next;
    r.ordersEmitted = Number(out.ordersEmitted) || 0;
    delete out.ok;
    send({ type: 'done', id: m.id, ok: true, result: out as never, usage: r.usage() });
  } catch (err) {
    fail(m.id, err, r);
  } finally {
    r.dispose();
  }
}

async function meta(m: Extract<ParentMessage, { type: 'meta' }>): Promise<void> {
  const r = new IsolateRun(m.limits, 0, hooks);
  try {
    await r.load(runtime);
    const factory = await r.strategyFactory(m.js);
    const out = await r.call('meta', [factory.derefInto()]);
    send({ type: 'done', id: m.id, ok: true, result: { json: String(out.json) }, usage: r.usage() });
  } catch (err) {
    fail(m.id, err, r);
  } finally {
    r.dispose();
  }
}

/** Benchmark only: load `count` isolates with the runtime and a strategy, keep them idle, measure RSS. */
async function idleIsolates(m: Extract<ParentMessage, { type: 'idle-isolates' }>): Promise<void> {
  const limits = { memoryMb: 64, cpuMsPerBatch: 5_000, cpuMsTotal: 60_000, wallMs: 60_000, barsPerBatch: 1 };
  const runs: IsolateRun[] = [];
  const loadMs: number[] = [];
  const before = process.memoryUsage().rss;
  for (let i = 0; i < m.count; i++) {
    const t0 = performance.now();
    const r = new IsolateRun(limits, 0, hooks);
    await r.load(runtime);
    const factory = await r.strategyFactory(m.js);
    await r.call('meta', [factory.derefInto()]);
    loadMs.push(performance.now() - t0);
    runs.push(r);
  }
  const after = process.memoryUsage().rss;
  for (const r of runs) r.dispose();
  loadMs.sort((a, b) => a - b);
  const rssPerIsolate = (after - before) / m.count;
  send({ type: 'done', id: m.id, ok: true, result: { rssPerIsolate, loadMsP50: loadMs[Math.floor(loadMs.length / 2)]! }, usage: { cpuMs: 0, wallMs: 0, peakHeapBytes: 0, barsProcessed: 0, ordersEmitted: 0 } });
}

function fail(id: number, err: unknown, r: IsolateRun): void {
  const f = err instanceof RunFailure
    ? err
    : new RunFailure({ kind: 'crashed', reason: 'host', message: `sandbox host error: ${err instanceof Error ? err.message : String(err)}`, stack: '' }, true);
  send({ type: 'done', id, ok: false, failure: f.info, usage: r.usage(), recycle: f.recycle });
}

let chain = Promise.resolve();
process.on('message', (m: ParentMessage) => {
  if (m.type === 'init') { runtime = m.runtime; send({ type: 'ready' }); return; }
  chain = chain.then(() => (m.type === 'run' ? run(m) : m.type === 'meta' ? meta(m) : idleIsolates(m)));
});
process.on('disconnect', () => process.exit(0));
