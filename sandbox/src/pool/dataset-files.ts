/**
 * Pool side of dataset reuse. A run may name its bars with a `datasetKey` (a content id the caller
 * guarantees: equal keys, equal bars). The bars file of a key is written once and kept (LRU, a few
 * entries) for the next runs of that key, and workers keep the last dataset they read in memory
 * (worker-datasets.ts), so an optimiser's trials neither rewrite nor re-read 48 MB per run.
 * A file still used by a run in flight is never deleted; it is removed once released and evicted.
 */
import type { SeriesInput } from '@strata/engine';
import { INLINE_MAX_BYTES, newPrivateFile, removeLater, packInline, packSeries, validate, writeBarsFile, type PackedBars } from './run-request.ts';

const MAX_ENTRIES = 4;

interface Entry { file: string; seriesBytes: number[]; inUse: number }

export class DatasetFiles {
  private readonly entries = new Map<string, Entry>();

  /** Pack a run's bars, reusing the file of `key` when one with the same shape exists. */
  pack(series: SeriesInput[], key: string | undefined): PackedBars {
    if (key === undefined) return packSeries(series);
    if (typeof key !== 'string' || key.length === 0 || key.length > 256) throw new TypeError('datasetKey must be a string of 1-256 characters');
    const seriesBytes = validate(series);
    const totalBytes = seriesBytes.reduce((a, b) => a + b, 0);
    if (totalBytes <= INLINE_MAX_BYTES) return packInline(series, seriesBytes, totalBytes);
    let e = this.entries.get(key);
    // Same key but another shape: the caller broke the contract; never serve the old bars for it.
    if (e && !sameShape(e.seriesBytes, seriesBytes)) { this.entries.delete(key); if (e.inUse === 0) removeLater(e.file); e = undefined; }
    if (e) {
      this.entries.delete(key);
    } else {
      e = { file: newPrivateFile('bars'), seriesBytes, inUse: 0 };
      writeBarsFile(e.file, series);
    }
    this.entries.set(key, e);
    e.inUse++;
    this.evict();
    return { seriesBytes, barsFile: e.file, sharedFile: true, resultFile: newPrivateFile('result'), totalBytes, datasetKey: key };
  }

  release(p: PackedBars): void {
    if (!p.sharedFile || p.datasetKey === undefined) return;
    const e = this.entries.get(p.datasetKey);
    if (e && e.file === p.barsFile) e.inUse--;
    else if (p.barsFile) removeLater(p.barsFile); // evicted or replaced while in use
    this.evict();
  }

  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES) return;
      if (e.inUse > 0) continue;
      this.entries.delete(key);
      removeLater(e.file);
    }
  }

  close(): void {
    for (const e of this.entries.values()) removeLater(e.file);
    this.entries.clear();
  }
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
