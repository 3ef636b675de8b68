/**
 * Worker side of dataset reuse (pool side: dataset-files.ts). Bars reach an isolate as fresh
 * ArrayBuffers moved in without a copy; a run's bars must be its own (user code can write into them),
 * so a kept dataset is held as an `ExternalCopy` outside any isolate and copied into each run's
 * isolate once (one memcpy, no file read). One dataset is kept, the last one that named a key.
 */
import ivm from 'isolated-vm';
import { closeSync, openSync, readSync } from 'node:fs';

/** Largest dataset kept between runs; larger ones are read from the file for every run. */
const KEEP_MAX_BYTES = 256 * 1024 * 1024;

let kept: { key: string; sizes: number[]; copies: ivm.ExternalCopy<ArrayBuffer>[] } | undefined;

function readBarsFile(file: string, sizes: number[]): ArrayBuffer[] {
  const fd = openSync(file, 'r');
  try {
    let pos = 0;
    return sizes.map((size) => {
      // allocUnsafeSlow: a dedicated, non-pooled buffer without the zero-fill (every byte is read below)
      const ab = Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer;
      let got = 0;
      while (got < size) got += readSync(fd, new Uint8Array(ab, got), 0, size - got, pos + got);
      pos += size;
      return ab;
    });
  } finally {
    closeSync(fd);
  }
}

/** The run's bars as values ready to pass into an isolate (each becomes an ArrayBuffer there). */
export function barsForRun(m: { barsFile?: string; barsInline?: ArrayBuffer[]; seriesBytes: number[]; datasetKey?: string }): ivm.Copy<ArrayBuffer>[] {
  const total = m.seriesBytes.reduce((a, b) => a + b, 0);
  if (m.datasetKey !== undefined && m.barsFile) {
    if (!(kept && kept.key === m.datasetKey && kept.sizes.length === m.seriesBytes.length && kept.sizes.every((s, i) => s === m.seriesBytes[i]))) {
      dropKept();
      if (total <= KEEP_MAX_BYTES) {
        const copies = readBarsFile(m.barsFile, m.seriesBytes).map((ab) => new ivm.ExternalCopy(ab, { transferOut: true }));
        kept = { key: m.datasetKey, sizes: m.seriesBytes, copies };
      }
    }
    if (kept) return kept.copies.map((c) => c.copyInto());
  }
  const buffers = m.barsFile ? readBarsFile(m.barsFile, m.seriesBytes) : (m.barsInline ?? []);
  return buffers.map((b) => new ivm.ExternalCopy(b, { transferOut: true }).copyInto({ release: true, transferIn: true }));
}

function dropKept(): void {
  for (const c of kept?.copies ?? []) c.release();
  kept = undefined;
}
