// `npm run migrate`: the same bootstrap as `npm start` (embedded servers when no URLs are set),
// applies every service's pending migrations, reports them, and exits. Re-running is a no-op.
import { bootstrap } from './bootstrap.ts';
import { createLogger, createPool } from '@strata/platform';
import { describeStartupError, migrateAll, readSettings } from './runtime.ts';
import { loadServiceModules } from './services.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);
let code = 0;
let boot: Awaited<ReturnType<typeof bootstrap>> | undefined;
try {
  // Config first: a bad setting is reported before anything is loaded or started.
  const { config: settings, options } = readSettings(process.env);
  const modules = await loadServiceModules(options.services);
  // Migrations need only PostgreSQL: no Redis is started for them.
  boot = await bootstrap(settings, (line) => say(`strata: ${line}`), { redis: false });
  const db = createPool(boot.config.DATABASE_URL);
  try {
    const results = await migrateAll({ db, log: createLogger(settings.LOG_LEVEL) }, modules);
    for (const r of results) say(`strata: ${r.service}: ${r.applied.length === 0 ? 'up to date' : `applied ${r.applied.join(', ')}`}`);
  } finally {
    await db.end();
  }
} catch (err) {
  say(describeStartupError(err));
  code = 1;
} finally {
  await boot?.stopEmbedded();
}
process.exit(code);
