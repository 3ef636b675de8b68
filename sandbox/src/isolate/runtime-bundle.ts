/**
 * Builds the trusted in-isolate runtime (prelude + hardening + engine + SDK + driver) into one
 * script whose completion value is the driver's `dispatch` function. Built once per process and
 * cached; the worker compiles it into each fresh isolate.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./runtime-entry.ts', import.meta.url));

let cached: Promise<string> | undefined;

export interface RuntimeBundleOptions {
  /** Module path overrides, for building against another engine checkout (never user-controlled). */
  alias?: Record<string, string>;
}

export async function buildRuntimeBundle(opts: RuntimeBundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__strataRuntime',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import'],
    target: 'es2023',
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
    alias: opts.alias,
  });
  const code = result.outputFiles[0]!.text;
  // The IIFE's `var __strataRuntime` stays local to this wrapper: nothing lands on the global object.
  return `(function(){"use strict";${code}\nreturn __strataRuntime.default;})()`;
}

export function getRuntimeBundle(): Promise<string> {
  cached ??= buildRuntimeBundle();
  return cached;
}
