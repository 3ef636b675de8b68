import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RunEvent, RunKind, RunSignals } from '../adapters/run-signals.ts';

const TERMINAL = new Set(['completed', 'failed', 'canceled']);

/**
 * Streams a run's events as Server-Sent Events until it reaches a terminal state (or the client
 * goes away). Subscribes before reading the snapshot, so no event between the two is lost; the
 * snapshot alone ends the stream when the run is already over.
 */
export async function streamRunEvents(
  req: FastifyRequest,
  reply: FastifyReply,
  signals: RunSignals,
  kind: RunKind,
  id: string,
  snapshot: () => Promise<RunEvent>,
): Promise<void> {
  let closed = false;
  const queue: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const unlisten = await signals.listen(kind, id, (e) => {
    queue.push(e);
    wake?.();
  });
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-request-id': String(req.id),
  });
  const send = (e: RunEvent) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  const done = () => {
    closed = true;
    wake?.();
  };
  req.raw.on('close', done);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  try {
    const first = await snapshot();
    send(first);
    if (first.type === 'state' && TERMINAL.has(String(first.status))) return;
    while (!closed) {
      if (queue.length === 0) {
        await new Promise<void>((r) => (wake = r));
        wake = null;
        continue;
      }
      const e = queue.shift()!;
      send(e);
      if (e.type === 'state' && TERMINAL.has(String(e.status))) return;
    }
  } finally {
    clearInterval(heartbeat);
    req.raw.off('close', done);
    await unlisten();
    res.end();
  }
}
