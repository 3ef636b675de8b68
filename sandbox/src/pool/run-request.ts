/**
 * Validates a run request on the host and packs bar data: each series becomes one buffer of six
 * Float64 columns (time, open, high, low, close, volume). Large payloads go to a private file in
 * /dev/shm (falls back to the OS temp dir) that the worker reads and the pool deletes.
 */
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarColumns, RiskLimits, SeriesInput, VenueModel } from '@strata/engine';
import type { RunLimits } from '../limits.ts';

const COLUMNS: (keyof BarColumns)[] = ['time', 'open', 'high', 'low', 'close', 'volume'];
const INLINE_MAX_BYTES = 1024 * 1024;

export interface PackedBars {
  seriesBytes: number[];
  barsFile?: string;
  barsInline?: ArrayBuffer[];
  totalBytes: number;
}

let dir: string | undefined;
function privateDir(): string {
  if (dir && existsSync(dir)) return dir;
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  dir = mkdtempSync(join(base, 'strata-sandbox-'));
  return dir;
}
let seq = 0;

export function packSeries(series: SeriesInput[]): PackedBars {
  if (!Array.isArray(series) || series.length === 0) throw new TypeError('series must hold at least the primary series');
  const buffers: ArrayBuffer[] = [];
  for (const [i, s] of series.entries()) {
    const n = s?.bars?.time?.length;
    if (typeof n !== 'number' || n === 0) throw new TypeError(`series[${i}] has no bars`);
    const packed = new Float64Array(6 * n);
    COLUMNS.forEach((c, k) => {
      const col = s.bars[c];
      if (!(col instanceof Float64Array) || col.length !== n) {
        throw new TypeError(`series[${i}].bars.${c} must be a Float64Array of length ${n}`);
      }
      packed.set(col, k * n);
    });
    buffers.push(packed.buffer);
  }
  const seriesBytes = buffers.map((b) => b.byteLength);
  const totalBytes = seriesBytes.reduce((a, b) => a + b, 0);
  if (totalBytes <= INLINE_MAX_BYTES) return { seriesBytes, barsInline: buffers, totalBytes };
  const file = join(privateDir(), `bars-${process.pid}-${++seq}.bin`);
  writeFileSync(file, Buffer.concat(buffers.map((b) => new Uint8Array(b))), { mode: 0o600 });
  return { seriesBytes, barsFile: file, totalBytes };
}

export function releasePacked(p: PackedBars): void {
  if (p.barsFile) rmSync(p.barsFile, { force: true });
}

export interface ConfigInput {
  seed: number;
  params: Record<string, number | boolean | string>;
  series: SeriesInput[];
  venue: VenueModel;
  risk?: RiskLimits;
  initialCash: number;
  limits: RunLimits;
}

export function buildConfigJson(c: ConfigInput): string {
  const params: Record<string, number | boolean | string> = {};
  for (const [k, v] of Object.entries(c.params ?? {})) {
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') {
      throw new TypeError(`param ${k} must be a number, boolean or string`);
    }
    params[k] = v;
  }
  return JSON.stringify({
    seed: (c.seed >>> 0) || 0,
    startTime: c.series[0]!.bars.time[0],
    params,
    venue: c.venue,
    risk: c.risk,
    initialCash: c.initialCash,
    limits: {
      maxLogBytes: c.limits.maxLogBytes, maxOrdersPerBar: c.limits.maxOrdersPerBar,
      maxStateBytes: c.limits.maxStateBytes, maxOutputBytes: c.limits.maxOutputBytes,
    },
    series: c.series.map((s) => ({ instrument: s.instrument, timeframe: s.timeframe, length: s.bars.time.length })),
  });
}
