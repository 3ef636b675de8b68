// The declaration bundle must let the TypeScript compiler check a strategy the way the web
// IDE and the server will: `import ... from '@strata/sdk'` with nothing else on disk.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { SDK_MODULE_NAME, sdkDeclarations } from './dts.ts';
import * as runtime from './index.ts';

const good = `import { defineStrategy, ta, STRATEGY_API_VERSION, type Macd } from '@strata/sdk';

export default defineStrategy({
  apiVersion: STRATEGY_API_VERSION,
  name: 'ema cross',
  params: {
    fast: { type: 'int', default: 12, min: 2, max: 50 },
    slow: { type: 'int', default: 26, min: 5, max: 200 },
    mode: { type: 'enum', default: 'long', options: ['long', 'both'] },
  },
  onStart(ctx) {
    const macd: Macd = ta.macd(ctx.params.fast, ctx.params.slow, 9);
    return { macd, bb: ta.bollinger(20, 2), adx: ta.adx(14), cross: ta.cross() };
  },
  onBar(ctx, s) {
    s.macd.update(ctx.bar.close);
    s.bb.update(ctx.bar.close);
    s.adx.updateBar(ctx.bar);
    const signal: number = s.cross.update(s.macd.macd, s.macd.signal);
    if (!s.macd.ready || s.adx.value < 20) return;
    if (signal === 1) ctx.orders.market(ctx.symbol, 'buy', { kind: 'percentEquity', value: 0.5 }, { tag: 'entry' });
    if (signal === -1 && ctx.params.mode === 'both') ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: -1 });
    if (ta.crossunder(0, 0, s.bb.percentB, 0)) ctx.log('below lower band', s.bb.lower);
  },
});
`;

/** Type-checks `source` as `/strategy.ts` against the bundle only; returns error diagnostics. */
function check(source: string): { line: number; message: string }[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
  };
  const files = new Map([
    ['/strata-sdk.d.ts', sdkDeclarations()],
    ['/strategy.ts', source],
  ]);
  const host = ts.createCompilerHost(options);
  const readReal = host.readFile.bind(host);
  const existsReal = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || existsReal(f);
  host.readFile = (f) => files.get(f) ?? readReal(f);
  host.getSourceFile = (f, lang) => {
    const text = host.readFile(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, lang, true);
  };
  const program = ts.createProgram(['/strata-sdk.d.ts', '/strategy.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ({
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
}

describe('sdkDeclarations()', () => {
  it(`declares module '${SDK_MODULE_NAME}' with doc comments`, () => {
    const text = sdkDeclarations();
    expect(text).toContain(`declare module "${SDK_MODULE_NAME}"`);
    expect(text).toContain('Streaming technical indicators');
    expect(text).not.toMatch(/from "\.\.?\//); // no relative imports left
  });

  it('type-checks a correct strategy without errors', () => {
    expect(check(good)).toEqual([]);
  });

  it('reports a type error at the line where it is', () => {
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('s.bb.update(ctx.bar.close)'));
    lines[at] = "    s.bb.update('close');";
    const errors = check(lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(at + 1);
    expect(errors[0].message).toMatch(/string.*not assignable.*number/);
  });

  const lineOf = (src: string, needle: string) => src.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('rejects an unknown order side at its line', () => {
    const src = good.replace("'buy', { kind", "'hold', { kind");
    expect(check(src).map((e) => e.line)).toEqual([lineOf(src, "'hold'")]);
  });

  it('rejects a param default of the wrong type, first error at its line', () => {
    // A bad spec breaks inference of the whole definition, so later lines may report too.
    const src = good.replace('default: 12, min: 2', "default: '12', min: 2");
    const errors = check(src);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].line).toBe(lineOf(src, "default: '12'"));
  });

  it('declares every runtime export of the package (and the ta members)', () => {
    const text = sdkDeclarations();
    for (const name of Object.keys(runtime)) expect(text, name).toMatch(new RegExp(`\\b${name}\\b`));
    for (const name of Object.keys(runtime.ta)) expect(text, `ta.${name}`).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
