// @vitest-environment node
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateSdkDts, sdkDtsSource } from '../../../../vite-plugin-sdk-dts.ts';
import { TEMPLATES } from './index.ts';

const libCache = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks strategy sources against the SDK declarations Monaco loads, like the editor does, in one
 * program (lib files are parsed once). Returns the diagnostics of each source by its key.
 */
function typeErrors(dts: string, sources: Record<string, string>): Record<string, string[]> {
  const files: Record<string, string> = { '/sdk.d.ts': dts };
  for (const [k, src] of Object.entries(sources)) files[`/${k}.ts`] = src;
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => {
    if (name in files) return ts.createSourceFile(name, files[name]!, lang);
    if (!libCache.has(name)) libCache.set(name, read(name, lang));
    return libCache.get(name);
  };
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(sources).map((k) => [k, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const key = d.file?.fileName.replace(/^\/|\.ts$/g, '') ?? 'global';
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    (out[key] ??= []).push(`${pos ? pos.line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return out;
}

describe('strategy templates', () => {
  it('offers the six required strategies', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['sma-crossover', 'rsi-mean-reversion', 'bollinger-breakout', 'macd-trend', 'donchian-breakout', 'pairs-trade']);
  });

  it('all type-check against the SDK declarations, and a broken one does not', async () => {
    const sources = Object.fromEntries(TEMPLATES.map((t) => [t.id, t.source]));
    sources.broken = TEMPLATES[0]!.source.replace('ctx.bar.close', 'ctx.bar.closing');
    const errors = typeErrors(await sdkDtsSource(), sources);
    const { broken, ...rest } = errors;
    expect(rest).toEqual(Object.fromEntries(TEMPLATES.map((t) => [t.id, []])));
    expect(broken!.join('\n')).toMatch(/closing/);
  });
});

describe('fallback SDK declarations (used while the SDK bundle is not built)', () => {
  it('are generated from the SDK sources and type-check the templates too', () => {
    const sources = Object.fromEntries(TEMPLATES.map((t) => [t.id, t.source]));
    expect(typeErrors(generateSdkDts(), sources)).toEqual(Object.fromEntries(TEMPLATES.map((t) => [t.id, []])));
  });
});
