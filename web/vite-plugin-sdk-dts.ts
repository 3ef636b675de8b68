import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:strata-sdk-dts';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const SDK_DIR = resolve(import.meta.dirname, '../packages/strategy-sdk');

/**
 * Declarations of the indicator namespace, used only while the SDK's own bundle does not export `ta` yet,
 * so the templates type-check in the editor. The real bundle always wins.
 */
const TA_FALLBACK = `
  /** A streaming indicator: O(1) per update; \`undefined\` until enough bars were seen. */
  export interface Indicator<In extends unknown[], Out> { update(...input: In): Out | undefined; readonly value: Out | undefined; readonly ready: boolean; reset(): void; }
  export const ta: {
    sma(period: number): Indicator<[number], number>;
    ema(period: number): Indicator<[number], number>;
    rsi(period: number): Indicator<[number], number>;
    stddev(period: number): Indicator<[number], number>;
    atr(period: number): Indicator<[number, number, number], number>;
    macd(fast: number, slow: number, signal: number): Indicator<[number], { macd: number; signal: number; histogram: number }>;
    bollinger(period: number, mult: number): Indicator<[number], { upper: number; middle: number; lower: number }>;
    donchian(period: number): Indicator<[number, number], { upper: number; middle: number; lower: number }>;
    crossover(a: number, b: number, prevA: number, prevB: number): boolean;
    crossunder(a: number, b: number, prevA: number, prevB: number): boolean;
  };
`;

/** Resolves the SDK's published `.d.ts` bundle, if the SDK package already builds one. */
function publishedDts(): string | undefined {
  try {
    const file = createRequire(join(import.meta.dirname, 'package.json')).resolve('@strata/strategy-sdk/dts');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  } catch {
    // the package does not export ./dts yet
  }
  const file = join(SDK_DIR, 'dist/strata-sdk.d.ts');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Builds `declare module '@strata/sdk' { ... }` from the SDK sources with the compiler's declaration transpiler. */
export function generateSdkDts(srcDir = join(SDK_DIR, 'src')): string {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort((a, b) => (a === 'types.ts' ? -1 : b === 'types.ts' ? 1 : a.localeCompare(b)));
  const parts: string[] = [];
  for (const f of files) {
    const out = ts.transpileDeclaration(readFileSync(join(srcDir, f), 'utf8'), {
      fileName: f,
      compilerOptions: { target: ts.ScriptTarget.ES2022, strict: true, removeComments: false },
    }).outputText;
    const body = out
      .split('\n')
      .filter((l) => !/^\s*(import|export)\b.*from\s+['"]\.{1,2}\//.test(l) && !/^\s*export\s*\{\s*\};?\s*$/.test(l))
      .map((l) => l.replace(/^(\s*)(export\s+)?declare\s+/, '$1$2'))
      .join('\n');
    parts.push(`  // ---- ${f}\n${body}`);
  }
  const joined = parts.join('\n');
  const hasTa = /export\s+(const|let|var|namespace|function)\s+ta\b|export\s*\{[^}]*\bta\b/.test(joined);
  return `declare module '@strata/sdk' {\n${joined}\n${hasTa ? '' : TA_FALLBACK}}\n`;
}

/** The SDK declarations Monaco loads: the published bundle, else one generated from the sources. */
export function sdkDtsSource(): string {
  return publishedDts() ?? generateSdkDts();
}

/** Serves `virtual:strata-sdk-dts` (default export: the declarations as a string). */
export function sdkDtsPlugin(): Plugin {
  return {
    name: 'strata-sdk-dts',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const dist = join(SDK_DIR, 'dist/strata-sdk.d.ts');
      if (existsSync(dist)) this.addWatchFile(dist);
      this.addWatchFile(join(SDK_DIR, 'src'));
      return `export default ${JSON.stringify(sdkDtsSource())};`;
    },
  };
}
