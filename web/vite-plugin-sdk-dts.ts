import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:strata-sdk-dts';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const SDK_DIR = resolve(import.meta.dirname, '../packages/strategy-sdk');

/**
 * The SDK's own bundle: `dist/strata-sdk.d.ts` when built, else generated through the SDK's `./dts`
 * export (`generateSdkDeclarations()`), when the package offers it.
 */
async function publishedDts(): Promise<string | undefined> {
  const file = join(SDK_DIR, 'dist/strata-sdk.d.ts');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  try {
    // built at run time so the config bundler does not try to resolve an export that may not exist yet
    const spec = ['@strata/strategy-sdk', 'dts'].join('/');
    const mod = (await import(spec)) as { generateSdkDeclarations?: () => string };
    return mod.generateSdkDeclarations?.();
  } catch {
    return undefined; // no ./dts export yet
  }
}

/**
 * Builds ambient declarations from the SDK sources with the compiler's declaration transpiler: one
 * `declare module '@strata/sdk/<file>'` per source file (relative imports rewritten to those names, so
 * same-named locals in different files never clash) and `'@strata/sdk'` for the entry point.
 */
export function generateSdkDts(srcDir = join(SDK_DIR, 'src')): string {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !/\.(test|bench)\.ts$|\.d\.ts$|fixtures\//.test(f))
    // node-only helpers (the SDK's own d.ts builder) are not part of the strategy API
    .filter((f) => !/from\s+['"]node:/.test(readFileSync(join(srcDir, f), 'utf8')))
    .sort();
  const moduleName = (file: string) => (file === 'index.ts' ? '@strata/sdk' : `@strata/sdk/${file.replace(/\.ts$/, '').replace(/\/index$/, '')}`);
  const blocks: string[] = [];
  for (const f of files) {
    const out = ts.transpileDeclaration(readFileSync(join(srcDir, f), 'utf8'), {
      fileName: f,
      compilerOptions: { target: ts.ScriptTarget.ES2022, strict: true, removeComments: false },
    }).outputText;
    const body = out
      .replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (_m, pre: string, q: string, spec: string) => {
        const target = posix.normalize(posix.join(posix.dirname(f), spec));
        const file = /\.ts$/.test(target) ? target : files.includes(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`;
        return `${pre}${q}${moduleName(file)}${q}`;
      })
      .split('\n')
      .filter((l) => !/^\s*export\s*\{\s*\};?\s*$/.test(l))
      .map((l) => l.replace(/^(\s*)(export\s+)?declare\s+/, '$1$2'))
      .join('\n');
    blocks.push(`declare module '${moduleName(f)}' {\n${body}\n}`);
  }
  return blocks.join('\n\n') + '\n';
}

/** The SDK declarations Monaco loads: the SDK's bundle, else one generated here from its sources. */
export async function sdkDtsSource(): Promise<string> {
  return (await publishedDts()) ?? generateSdkDts();
}

/** Serves `virtual:strata-sdk-dts` (default export: the declarations as a string). */
export function sdkDtsPlugin(): Plugin {
  return {
    name: 'strata-sdk-dts',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const dist = join(SDK_DIR, 'dist/strata-sdk.d.ts');
      if (existsSync(dist)) this.addWatchFile(dist);
      this.addWatchFile(join(SDK_DIR, 'src'));
      return `export default ${JSON.stringify(await sdkDtsSource())};`;
    },
  };
}
