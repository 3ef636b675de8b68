import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

interface Sub {
  socket: WebSocket;
  combined: boolean;
  streams: Set<string>;
}

/**
 * The websocket side of the fake exchange, speaking Binance's market-stream protocol: raw streams at
 * `/ws/<stream>`, combined streams at `/stream?streams=a/b` (messages wrapped as `{stream, data}`), and
 * `SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS` requests on any socket, which is what ccxt.pro uses.
 */
export class StreamHub {
  private readonly subs = new Set<Sub>();

  get size(): number {
    return this.subs.size;
  }

  subscribers(stream: string): number {
    let n = 0;
    for (const s of this.subs) if (s.streams.has(stream)) n++;
    return n;
  }

  /** Sends `data` to every socket subscribed to any of `streams` (named as the first). */
  publish(streams: string[], data: unknown): void {
    for (const sub of this.subs) {
      if (!streams.some((s) => sub.streams.has(s)) || sub.socket.readyState !== 1) continue;
      sub.socket.send(JSON.stringify(sub.combined ? { stream: streams[0], data } : data));
    }
  }

  /** Terminates every socket without a close frame, as a network failure would. */
  dropAll(): void {
    for (const s of this.subs) s.socket.terminate();
    this.subs.clear();
  }

  accept(socket: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const sub: Sub = { socket, combined: url.pathname.startsWith('/stream'), streams: new Set() };
    const tail = url.pathname.replace(/^\/(ws|stream)\/?/, '');
    if (tail.includes('@')) sub.streams.add(tail.toLowerCase());
    for (const s of (url.searchParams.get('streams') ?? '').split('/').filter(Boolean)) sub.streams.add(s.toLowerCase());
    this.subs.add(sub);
    socket.on('close', () => this.subs.delete(sub));
    socket.on('error', () => this.subs.delete(sub));
    socket.on('message', (raw) => {
      let msg: { method?: string; params?: string[]; id?: unknown };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
        return;
      }
      if (msg.method === 'SUBSCRIBE') for (const p of msg.params ?? []) sub.streams.add(p.toLowerCase());
      else if (msg.method === 'UNSUBSCRIBE') for (const p of msg.params ?? []) sub.streams.delete(p.toLowerCase());
      else if (msg.method === 'LIST_SUBSCRIPTIONS') return void socket.send(JSON.stringify({ result: [...sub.streams], id: msg.id }));
      socket.send(JSON.stringify({ result: null, id: msg.id }));
    });
  }
}
