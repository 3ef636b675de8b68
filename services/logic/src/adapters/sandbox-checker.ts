import { CompileError, typecheck, type SandboxPool } from '@strata/sandbox';
import type { CheckResult, Diagnostic, StrategyChecker } from '../domain/strategy-checker.ts';
import { normaliseParamSpecs } from '../domain/params.ts';

/**
 * StrategyChecker over the sandbox: the type-checker gives positioned diagnostics, and the declared
 * parameters and API version are read by evaluating the module inside an isolate (never on the host).
 * A source that fails to compile or to load is `ok: false` with diagnostics; type errors alone are
 * reported but do not make it unrunnable (TypeScript types are erased at run time).
 */
export function createSandboxChecker(pool: () => SandboxPool): StrategyChecker {
  return {
    async check(source: string): Promise<CheckResult> {
      const diagnostics: Diagnostic[] = (await typecheck(source)).map((d) => ({ ...d }));
      try {
        const meta = await pool().readStrategyMeta(source);
        const { specs, problems } = normaliseParamSpecs(meta.params as Record<string, Record<string, unknown>>);
        if (problems.length > 0) {
          const found = problems.map((p) => ({ line: 1, column: 1, message: `parameter "${p.param}" ${p.message}`, code: 'PARAM_SPEC_INVALID', severity: 'error' as const }));
          return { ok: false, diagnostics: [...diagnostics, ...found] };
        }
        return { ok: true, diagnostics, meta: { apiVersion: meta.apiVersion, name: meta.name, params: specs } };
      } catch (err) {
        if (err instanceof CompileError) return { ok: false, diagnostics: merge(diagnostics, err.diagnostics) };
        const e = err as { kind?: string; code?: string; message: string; line?: number; column?: number };
        if (e.kind === 'user') {
          return { ok: false, diagnostics: [...diagnostics, { line: e.line ?? 1, column: e.column ?? 1, message: e.message, code: e.code ?? 'STRATEGY_ERROR', severity: 'error' }] };
        }
        throw err;
      }
    },
  };
}

function merge(a: Diagnostic[], b: Diagnostic[]): Diagnostic[] {
  const seen = new Set(a.map((d) => `${d.line}:${d.column}:${d.message}`));
  return [...a, ...b.filter((d) => !seen.has(`${d.line}:${d.column}:${d.message}`))];
}
