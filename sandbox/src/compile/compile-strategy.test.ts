import { describe, expect, it } from 'vitest';
import { CompileError, compileStrategy, typecheck, MAX_SOURCE_BYTES } from '../index.ts';
import { SMA_CROSS_SOURCE } from '../testing/fixtures.ts';

async function compileError(source: string): Promise<CompileError> {
  try {
    await compileStrategy(source);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error('expected a CompileError');
}

describe('compileStrategy', () => {
  it('compiles a strategy to CommonJS with a source map and only the SDK as a dependency', async () => {
    const c = await compileStrategy(SMA_CROSS_SOURCE);
    expect(c.js).toContain('require("@strata/sdk")');
    expect(JSON.parse(c.sourceMap).mappings.length).toBeGreaterThan(0);
  });

  it('reports a syntax error with its line and column', async () => {
    const e = await compileError(`import { defineStrategy } from '@strata/sdk';\n\nexport default defineStrategy({\n  apiVersion: 1,\n  onBar(ctx) { const x = ; },\n});\n`);
    expect(e.code).toBe('STRATEGY_COMPILE_FAILED');
    expect(e.diagnostics[0]).toMatchObject({ line: 5, column: 26, code: 'SYNTAX', severity: 'error' });
  });

  it('rejects every import but the SDK, static, require or dynamic, at its position', async () => {
    const s = await compileError(`import { readFileSync } from 'node:fs';\nexport default { apiVersion: 1, onBar() { readFileSync('/etc/passwd'); } };\n`);
    expect(s.diagnostics[0]).toMatchObject({ line: 1, column: 30, code: 'FORBIDDEN_IMPORT' });
    const d = await compileError(`export default { apiVersion: 1, async onBar() {\n  await import('child_process'); } };\n`);
    expect(d.diagnostics[0]).toMatchObject({ line: 2, column: 16, code: 'FORBIDDEN_IMPORT' });
    const r = await compileError(`const x = require('./other');\nexport default x;\n`);
    expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 19, code: 'FORBIDDEN_IMPORT' });
  });

  it('rejects sources over the size limit before parsing them', async () => {
    const e = await compileError('// ' + 'x'.repeat(MAX_SOURCE_BYTES));
    expect(e.diagnostics[0]?.code).toBe('SOURCE_TOO_LARGE');
  });
});

describe('typecheck', () => {
  it('accepts a correct strategy', async () => {
    expect(await typecheck(SMA_CROSS_SOURCE)).toEqual([]);
  });

  it('reports type errors against the Strategy API with positions', async () => {
    const diags = await typecheck(`import { defineStrategy } from '@strata/sdk';
export default defineStrategy({
  apiVersion: 1,
  params: { fast: { type: 'int', default: 10, min: 1, max: 50 } },
  onBar(ctx) {
    const label: string = ctx.params.fast;
    ctx.orders.market(ctx.symbol, 'hold', 1);
  },
});
`);
    expect(diags.map((d) => [d.line, d.code])).toEqual([[6, 'TS2322'], [7, 'TS2345']]);
    expect(diags[0]).toMatchObject({ column: 11, severity: 'error' });
  });

  it('knows the isolate has no Node or DOM globals', async () => {
    const diags = await typecheck(`export const x = [typeof process, setTimeout, console.log];\n`);
    expect(diags.map((d) => d.code)).toEqual(['TS2591', 'TS2304']);
  });
});
