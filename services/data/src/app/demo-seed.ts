import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { importCsv } from './csv-import.ts';

export const SEED_DIR = fileURLToPath(new URL('../../seed', import.meta.url));

/**
 * Loads the bundled daily data sets (services/data/seed/*.csv, named `<venue>__<BASE>-<QUOTE>__<tf>.csv`)
 * for the first-start demo. Idempotent: an already imported file adds no bars.
 */
export async function seedDemoData(pool: Pool, dir = SEED_DIR): Promise<{ file: string; inserted: number }[]> {
  const out: { file: string; inserted: number }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const m = /^([a-z0-9_-]+)__([A-Z0-9]+)-([A-Z0-9]+)__(\d+[mhdw])\.csv$/.exec(file);
    if (!m) continue;
    const r = await importCsv(pool, {
      venue: m[1]!, symbol: `${m[2]}/${m[3]}`, timeframe: m[4]!, filename: file, text: readFileSync(join(dir, file), 'utf8'),
    });
    out.push({ file, inserted: r.inserted });
  }
  return out;
}
