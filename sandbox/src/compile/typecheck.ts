/**
 * Type-checks a strategy against the Strategy API declarations with the TypeScript compiler API,
 * entirely in memory. Type errors are advisory (they do not block a run; syntax errors, caught by
 * compileStrategy, do): see docs/sandbox.md.
 */
import type ts from 'typescript';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../errors.ts';
import { STRATEGY_FILENAME } from './compile-strategy.ts';

const require = createRequire(import.meta.url);
const LIB_DIR = dirname(require.resolve('typescript/lib/lib.es2023.d.ts'));
const SDK_DIR = '/node_modules/@strata/sdk';
const USER_FILE = `/${STRATEGY_FILENAME}`;

/** Globals the isolate provides besides ES2023 built-ins. */
const ISOLATE_GLOBALS = `
interface Console { log(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void; debug(...a: unknown[]): void }
declare var console: Console;
`;

let sdkFiles: Map<string, string> | undefined;

async function loadSdkFiles(): Promise<Map<string, string>> {
  if (sdkFiles) return sdkFiles;
  const files = new Map<string, string>();
  let dts: string | undefined;
  try {
    const spec = '@strata/strategy-sdk/dts';
    const mod = (await import(spec)) as { sdkDeclarations?: () => string };
    if (typeof mod.sdkDeclarations === 'function') dts = mod.sdkDeclarations();
  } catch {
    dts = undefined;
  }
  if (dts) {
    files.set(`${SDK_DIR}/index.d.ts`, dts);
  } else {
    const sdkIndex = require.resolve('@strata/strategy-sdk');
    files.set(`${SDK_DIR}/types.ts`, readFileSync(join(dirname(sdkIndex), 'types.ts'), 'utf8'));
    files.set(`${SDK_DIR}/index.ts`, [
      `export * from './types.ts';`,
      `import type { ParamSpecs, StrategyDefinition } from './types.ts';`,
      `export declare function defineStrategy<P extends ParamSpecs, S>(def: StrategyDefinition<P, S>): StrategyDefinition<P, S>;`,
      `export declare const ta: any;`,
    ].join('\n'));
  }
  files.set('/isolate-globals.d.ts', ISOLATE_GLOBALS);
  sdkFiles = files;
  return files;
}

const libCache = new Map<string, ts.SourceFile>();

// Loaded on first use: the compiler is ~8 MB of heap that processes which only run strategies (logic
// workers import this package for the pool) would otherwise carry through every full GC.
let compiler: Promise<typeof ts> | undefined;
const loadCompiler = () => (compiler ??= import('typescript').then((m) => m.default));

export async function typecheck(source: string): Promise<Diagnostic[]> {
  const tsc = await loadCompiler();
  const files = await loadSdkFiles();
  const options: ts.CompilerOptions = {
    target: tsc.ScriptTarget.ES2023, module: tsc.ModuleKind.ESNext, moduleResolution: tsc.ModuleResolutionKind.Bundler,
    strict: true, noEmit: true, lib: ['lib.es2023.d.ts'], types: [], allowImportingTsExtensions: true,
    paths: { '@strata/sdk': [`${SDK_DIR}/index`], '@strata/strategy-sdk': [`${SDK_DIR}/index`] }, baseUrl: '/',
    skipLibCheck: true,
  };
  const read = (name: string): string | undefined => {
    if (name === USER_FILE) return source;
    if (files.has(name)) return files.get(name);
    if (name.startsWith(LIB_DIR) || name.startsWith('/lib.')) {
      try { return readFileSync(join(LIB_DIR, name.split('/').pop()!), 'utf8'); } catch { return undefined; }
    }
    return undefined;
  };
  const host: ts.CompilerHost = {
    getSourceFile: (name, lang) => {
      const isLib = name.includes('/lib.') && name.endsWith('.d.ts');
      if (isLib && libCache.has(name)) return libCache.get(name);
      const text = read(name);
      if (text === undefined) return undefined;
      const sf = tsc.createSourceFile(name, text, lang);
      if (isLib) libCache.set(name, sf);
      return sf;
    },
    getDefaultLibFileName: () => join(LIB_DIR, 'lib.es2023.d.ts'),
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => read(f) !== undefined,
    readFile: read,
  };
  const program = tsc.createProgram({ rootNames: [USER_FILE, '/isolate-globals.d.ts'], options, host });
  const diags = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return diags
    .filter((d) => d.file === undefined || d.file.fileName === USER_FILE)
    .map((d) => {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      return {
        line: pos.line + 1, column: pos.character + 1,
        message: tsc.flattenDiagnosticMessageText(d.messageText, '\n'),
        code: `TS${d.code}`,
        severity: d.category === tsc.DiagnosticCategory.Error ? 'error' : 'warning',
      } satisfies Diagnostic;
    });
}
