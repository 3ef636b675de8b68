/**
 * Validates a run request on the host and packs bar data: each series becomes one buffer of six
 * Float64 columns (time, open, high, low, close, volume). Large payloads go to a private file in
 * /dev/shm (falls back to the OS temp dir) that the worker reads and the pool deletes.
 */
import { chownSync, closeSync, existsSync, fchownSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarColumns, RecordEvents, RiskLimits, SeriesInput, VenueModel } from '@strata/engine';
import type { RunLimits } from '../limits.ts';

const COLUMNS: (keyof BarColumns)[] = ['time', 'open', 'high', 'low', 'close', 'volume'];
export const INLINE_MAX_BYTES = 1024 * 1024;

export interface PackedBars {
  seriesBytes: number[];
  barsFile?: string;
  /** The bars file is shared by runs of one dataset key and outlives this run (dataset-files.ts). */
  sharedFile?: boolean;
  datasetKey?: string;
  barsInline?: ArrayBuffer[];
  /** Where the worker may leave a large result. */
  resultFile?: string;
  totalBytes: number;
}

let dir: string | undefined;
/** Owner of the private directory and the bars files: the workers' user when they run as another (worker-identity.ts). */
let owner: { uid: number; gid: number } | undefined;
export function setPrivateOwner(id: { uid: number; gid: number } | undefined): void {
  owner = id;
  if (id && dir && existsSync(dir)) chownSync(dir, id.uid, id.gid);
}
function privateDir(): string {
  if (dir && existsSync(dir)) return dir;
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  dir = mkdtempSync(join(base, 'strata-sandbox-'));
  // still 0700: only the workers' user (and root, the pool) can enter; workers write results here
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}
let seq = 0;

// Unlinking a 48 MB tmpfs file takes ~6 ms: done off the result's path, awaited by pool close.
const removals = new Set<Promise<void>>();
export function removeLater(file: string): void {
  const p: Promise<void> = rm(file, { force: true }).catch(() => undefined).finally(() => removals.delete(p));
  removals.add(p);
}

/** Remove this process's private directory when no run is using it (pool close). */
export async function removePrivateDirIfEmpty(): Promise<void> {
  while (removals.size > 0) await Promise.all([...removals]);
  if (!dir) return;
  try {
    rmdirSync(dir);
    dir = undefined;
  } catch {
    // still in use by another pool of this process, or already gone
  }
}

/** Byte size of each series (6 Float64 columns); throws TypeError for malformed input. */
export function validate(series: SeriesInput[]): number[] {
  if (!Array.isArray(series) || series.length === 0) throw new TypeError('series must hold at least the primary series');
  return series.map((s, i) => {
    const n = s?.bars?.time?.length;
    if (typeof n !== 'number' || n === 0) throw new TypeError(`series[${i}] has no bars`);
    for (const c of COLUMNS) {
      const col = s.bars[c];
      if (!(col instanceof Float64Array) || col.length !== n) throw new TypeError(`series[${i}].bars.${c} must be a Float64Array of length ${n}`);
    }
    return n * 48;
  });
}

export function packSeries(series: SeriesInput[]): PackedBars {
  const seriesBytes = validate(series);
  const totalBytes = seriesBytes.reduce((a, b) => a + b, 0);
  if (totalBytes > INLINE_MAX_BYTES) {
    const file = newPrivateFile('bars');
    writeBarsFile(file, series);
    return { seriesBytes, barsFile: file, resultFile: `${file}.out`, totalBytes };
  }
  return packInline(series, seriesBytes, totalBytes);
}

/** Small payloads (<= 1 MB) travel inside the IPC message, one packed buffer per series. */
export function packInline(series: SeriesInput[], seriesBytes: number[], totalBytes: number): PackedBars {
  const barsInline = series.map((s) => {
    const n = s.bars.time.length;
    const packed = new Float64Array(6 * n);
    COLUMNS.forEach((c, k) => packed.set(s.bars[c], k * n));
    return packed.buffer;
  });
  return { seriesBytes, barsInline, totalBytes };
}

/** A fresh name in this process's private directory (mode 0700, in /dev/shm when it exists). */
export function newPrivateFile(kind: string): string {
  return join(privateDir(), `${kind}-${process.pid}-${++seq}.bin`);
}

/** Columns go straight from the caller's arrays to the file: no packed copy on the host. */
export function writeBarsFile(file: string, series: SeriesInput[]): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    if (owner) fchownSync(fd, owner.uid, owner.gid);
    let pos = 0;
    for (const s of series) {
      for (const c of COLUMNS) {
        const col = s.bars[c];
        const bytes = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, pos + done);
        pos += bytes.length;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function releasePacked(p: PackedBars): void {
  if (p.barsFile && !p.sharedFile) removeLater(p.barsFile);
  if (p.resultFile) removeLater(p.resultFile);
}

export interface ConfigInput {
  seed: number;
  params: Record<string, number | boolean | string>;
  series: SeriesInput[];
  venue: VenueModel;
  risk?: RiskLimits;
  initialCash: number;
  limits: RunLimits;
  recordEvents?: RecordEvents;
}

export function buildConfigJson(c: ConfigInput): string {
  const params: Record<string, number | boolean | string> = {};
  for (const [k, v] of Object.entries(c.params ?? {})) {
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') {
      throw new TypeError(`param ${k} must be a number, boolean or string`);
    }
    params[k] = v;
  }
  const re = c.recordEvents;
  if (re !== undefined && re !== 'all' && re !== 'fills' && re !== 'none') throw new TypeError("recordEvents must be 'all', 'fills' or 'none'");
  return JSON.stringify({
    seed: (c.seed >>> 0) || 0,
    startTime: c.series[0]!.bars.time[0],
    params,
    venue: c.venue,
    risk: c.risk,
    initialCash: c.initialCash,
    recordEvents: re ?? 'all',
    limits: {
      maxLogBytes: c.limits.maxLogBytes, maxOrdersPerBar: c.limits.maxOrdersPerBar,
      maxStateBytes: c.limits.maxStateBytes, maxOutputBytes: c.limits.maxOutputBytes,
    },
    series: c.series.map((s) => ({ instrument: s.instrument, timeframe: s.timeframe, length: s.bars.time.length })),
  });
}
