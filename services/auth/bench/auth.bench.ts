// Authenticated GET throughput: GET /api/v1/auth/me with a JWT access token through the real gateway
// (auth hook, Redis-backed per-user rate limiter, error handler, metrics). The server runs in a child
// process so the load generator (autocannon) does not share its event loop; both share the 2 cores.
// Last stdout line: { name, figures, targets } for `npm run bench`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = 64;
const USERS = 64; // enterprise tier, one user per connection: 64 x 12,000/min stays under every rate limit.
const DURATION_S = 10;

if (process.argv[2] === '--serve') {
  const { createTestEnv } = await import('@strata/platform/testing');
  const { createAuthModule, authConfigSchema } = await import('../src/index.ts');
  const config = authConfigSchema.parse({ NODE_ENV: 'test' });
  const env = await createTestEnv({ modules: [createAuthModule({ config, mail: { send: async () => {} } })], env: { LOG_LEVEL: 'silent' } });
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const tokens: string[] = [];
  for (let i = 0; i < USERS; i++) {
    tokens.push(await env.tokenFor({ userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tier: 'enterprise', ttlSeconds: 600 }));
  }
  console.log(JSON.stringify({ address, tokens }));
  const stop = async () => {
    await env.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
} else {
  const { default: autocannon } = await import('autocannon');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const { address, tokens } = JSON.parse(line) as { address: string; tokens: string[] };
  let next = 0;
  const run = (duration: number) => autocannon({
    url: `${address}/api/v1/auth/me`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration,
    setupClient: (client) => client.setHeaders({ authorization: `Bearer ${tokens[next++ % tokens.length]}` }),
  });
  try {
    await run(2); // warm-up: JIT, connection pools
    const r = await run(DURATION_S);
    const figures = {
      reqPerSec: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    };
    console.error(`GET /api/v1/auth/me (JWT), ${CONNECTIONS} connections, ${DURATION_S}s: ${figures.reqPerSec} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, non-2xx ${figures.non2xx}`);
    console.log(JSON.stringify({ name: 'auth: authenticated GET /me (JWT)', figures, targets: { reqPerSec: '>= 20000', p99Ms: '<= 10', non2xx: '<= 0', errors: '<= 0' } }));
  } finally {
    child.stdin!.end();
    await new Promise((r) => child.once('exit', r));
  }
}
