// `npm start`: the whole platform in one process. Starts embedded PostgreSQL/Redis for whatever
// DATABASE_URL / REDIS_URL leave unset, migrates every service, composes them behind one gateway,
// starts their workers, seeds demo data on the first start, and shuts all of it down in order on
// SIGINT/SIGTERM. STRATA_SERVICES=auth,data runs a subset and STRATA_ROLE=api|worker one half of
// it: the same entry point runs each service as its own process in production (infra/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGateway, type ServiceWorkers } from '@strata/platform';
import { bootstrap, REPO_ROOT } from './bootstrap.ts';
import { createDeps, describeStartupError, migrateAll, readSettings } from './runtime.ts';
import { loadServiceModules } from './services.ts';
import { seedOnFirstStart } from './seed.ts';
import { ensureWebBuilt } from './web-build.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);
// Whoever reads our stderr may be gone (a killed `| tee`); that must not become a crash loop.
process.stderr.on('error', () => {});
// Resources in start order; shutdown closes them in reverse.
const closers: { name: string; close: () => Promise<unknown> }[] = [];
let shuttingDown: Promise<void> | undefined;

function shutdown(reason: string, code: number): Promise<void> {
  shuttingDown ??= (async () => {
    say(`strata: ${reason}, shutting down`);
    // A hung close must not keep the process (and so the embedded servers) alive forever.
    setTimeout(() => {
      say('strata: shutdown took longer than 30 s, exiting');
      process.exit(1);
    }, 30_000).unref();
    let failed = false;
    for (const { name, close } of closers.reverse()) {
      await close().catch((err: unknown) => {
        failed = true;
        say(`strata: closing ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    }
    process.exit(failed ? 1 : code);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C means "now": the watchdogs still stop the databases cleanly.
    if (shuttingDown) process.exit(130);
    void shutdown(`${signal} received`, 0);
  });
}
// Under `npm start` we are npm's grandchild (npm → sh → node). When npm is told to stop (or dies),
// the shell between us dies without passing the signal on and we are silently reparented: treat
// that as SIGTERM rather than keep serving, and the databases, with nobody to stop us.
// npm itself can also exit while the shell lingers, so watch the shell's parent (npm) too.
if (process.env.npm_lifecycle_event) {
  const launcher = process.ppid;
  const npmPid = parentOf(launcher);
  setInterval(() => {
    if (process.ppid !== launcher || (npmPid !== undefined && parentOf(launcher) !== npmPid)) void shutdown('npm exited', 0);
  }, 500).unref();
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}
process.on('uncaughtException', (err) => {
  say(describeStartupError(err));
  void shutdown('unexpected error', 1);
});
process.on('unhandledRejection', (err) => {
  say(describeStartupError(err));
  void shutdown('unexpected error', 1);
});

/** Throws if a signal arrived while we were awaiting a start-up step, so nothing more starts. */
function stillStarting(): void {
  if (shuttingDown) throw new Error('interrupted');
}

try {
  // Config first: a bad setting is reported before anything is loaded or started.
  const { config: settings, options } = readSettings(process.env);
  const modules = await loadServiceModules(options.services);
  const boot = await bootstrap(settings, (line) => say(`strata: ${line}`));
  closers.push({ name: 'embedded servers', close: () => boot.stopEmbedded() });
  for (const [what, server] of Object.entries(boot.embedded)) {
    // Keep serving (/readyz reports it as down) but say so where the developer is looking.
    void server?.exited.then(() => {
      if (!shuttingDown) say(`strata: embedded ${what} stopped unexpectedly; see ${server.logFile}`);
    });
  }
  stillStarting();

  const { config } = boot;
  const deps = createDeps(config);
  closers.push({ name: 'PostgreSQL pool', close: () => deps.db.end() });
  closers.push({ name: 'Redis connection', close: () => deps.redis.quit() });
  await migrateAll(deps, modules);
  stillStarting();

  // Closed in reverse: the HTTP server drains first (a request may still enqueue), then workers.
  const workers: ServiceWorkers[] = [];
  closers.push({ name: 'workers', close: () => Promise.all(workers.map((w) => w.close())) });
  const webDist = config.WEB_DIST ?? join(REPO_ROOT, 'web', 'dist');
  if (options.role !== 'worker' && !config.WEB_DIST) await ensureWebBuilt(REPO_ROOT, webDist, say);
  const app = options.role === 'worker' ? undefined : await buildGateway(deps, modules, { webDist });
  if (app) closers.push({ name: 'HTTP server', close: () => app.close() });
  // buildGateway runs each module's init (e.g. auth's credential resolvers); workers need it too.
  else for (const m of modules) await m.init?.(deps);
  if (options.role !== 'api') for (const m of modules) if (m.startWorkers) workers.push(await m.startWorkers(deps));
  stillStarting();

  const seed = options.seed ? await seedOnFirstStart(deps, modules) : { seeded: [] };
  for (const s of seed.seeded) say(`strata: seeded ${s.service}${s.summary ? `: ${s.summary}` : ''}`);
  stillStarting();

  const names = modules.map((m) => m.name).join(', ');
  if (!app) {
    say(`strata: workers running for ${names} (STRATA_ROLE=worker)`);
  } else {
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    const url = config.PUBLIC_URL ?? `http://${host}:${port}`;
    say('');
    say(`  Strata is running at ${url}   (API docs: ${url}/docs)`);
    if ('login' in seed && seed.login) say(`  Demo login: ${seed.login.email} / ${seed.login.password}`);
    say(`  Services: ${names}${options.role === 'api' ? ' (API only, STRATA_ROLE=api)' : ''}. Press Ctrl-C to stop.`);
    say('');
  }
} catch (err) {
  if (!shuttingDown) {
    say(describeStartupError(err));
    await shutdown('start-up failed', 1);
  }
}
