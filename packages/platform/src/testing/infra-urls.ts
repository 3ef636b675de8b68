import net from 'node:net';

/** True when something accepts TCP connections at host:port within `ms`. */
export function reachable(host: string, port: number, ms = 400): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
export const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Where tests find PostgreSQL and Redis: TEST_DATABASE_URL / TEST_REDIS_URL when set, else the
 * machine's local servers when they answer, else null (the global setup then starts embedded ones).
 */
export async function discoverTestInfra(env: Record<string, string | undefined> = process.env): Promise<{ databaseUrl: string | null; redisUrl: string | null }> {
  const databaseUrl = env.TEST_DATABASE_URL || ((await reachable('127.0.0.1', 5432)) ? LOCAL_PG : null);
  const redisUrl = env.TEST_REDIS_URL || ((await reachable('127.0.0.1', 6379)) ? LOCAL_REDIS : null);
  return { databaseUrl, redisUrl };
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for servers a test starts itself. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
