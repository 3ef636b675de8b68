import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { importCsv } from './csv-import.ts';

export const SEED_DIR = fileURLToPath(new URL('../../seed', import.meta.url));

/**
 * Loads the bundled daily data sets (services/data/seed/*.csv, named `<venue>__<SYMBOL>__<tf>.csv`, where
 * `-` in the symbol stands for `/`: `synthetic__BTC-USD__1d.csv` is BTC/USD)
 * for the first-start demo. Idempotent: an already imported file adds no bars.
 */
export async function seedDemoData(pool: Pool, dir = SEED_DIR): Promise<{ file: string; inserted: number }[]> {
  const out: { file: string; inserted: number }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const m = /^([a-z0-9_-]+)__([A-Z0-9]+(?:-[A-Z0-9]+)?)__(\d+[mhdw])\.csv$/.exec(file);
    if (!m) continue;
    const r = await importCsv(pool, {
      venue: m[1]!, symbol: m[2]!.replace('-', '/'), timeframe: m[3]!, filename: file, text: readFileSync(join(dir, file), 'utf8'),
    });
    out.push({ file, inserted: r.inserted });
  }
  return out;
}
