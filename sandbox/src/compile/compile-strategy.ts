/**
 * Host-side compilation of untrusted TypeScript to a CommonJS body the isolate loader evaluates.
 * Only `@strata/sdk` (alias `@strata/strategy-sdk`) may be imported; it is provided inside the isolate
 * by the trusted runtime's `require` shim. Every other import, static or dynamic, is a CompileError
 * positioned at the import. Source size and compile time are bounded.
 */
import { build, type Message, type Plugin } from 'esbuild';
import { CompileError, type Diagnostic } from '../errors.ts';

export const SDK_SPECIFIERS: readonly string[] = ['@strata/sdk', '@strata/strategy-sdk'];
export const STRATEGY_FILENAME = 'strategy.ts';
export const MAX_SOURCE_BYTES = 256 * 1024;
const COMPILE_TIMEOUT_MS = 5_000;

/** Output of `compileStrategy`: JS to evaluate inside the isolate and the v3 source map back to the TS. */
export interface CompiledStrategy {
  js: string;
  sourceMap: string;
  sourceBytes: number;
}

const onlySdkImports: Plugin = {
  name: 'strata-only-sdk',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (SDK_SPECIFIERS.includes(args.path)) return { path: args.path, external: true };
      return {
        errors: [{ text: `Import of "${args.path}" is not allowed: strategies may only import from "@strata/sdk"` }],
      };
    });
  },
};

function toDiagnostics(messages: Message[], severity: Diagnostic['severity']): Diagnostic[] {
  return messages.map((m) => ({
    line: m.location?.line ?? 1,
    column: (m.location?.column ?? 0) + 1,
    message: m.text,
    code: m.pluginName ? 'FORBIDDEN_IMPORT' : 'SYNTAX',
    severity,
  }));
}

export async function compileStrategy(source: string): Promise<CompiledStrategy> {
  if (typeof source !== 'string') throw new CompileError('Strategy source must be a string', []);
  const sourceBytes = Buffer.byteLength(source, 'utf8');
  if (sourceBytes > MAX_SOURCE_BYTES) {
    throw new CompileError(`Strategy source is ${sourceBytes} bytes; the limit is ${MAX_SOURCE_BYTES}`, [
      { line: 1, column: 1, message: 'source too large', code: 'SOURCE_TOO_LARGE', severity: 'error' },
    ]);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CompileError(`Compilation took longer than ${COMPILE_TIMEOUT_MS} ms`, [])),
      COMPILE_TIMEOUT_MS,
    );
  });
  try {
    const result = await Promise.race([
      build({
        stdin: { contents: source, loader: 'ts', sourcefile: STRATEGY_FILENAME, resolveDir: '/' },
        bundle: true,
        write: false,
        format: 'cjs',
        platform: 'neutral',
        target: 'es2023',
        sourcemap: 'external',
        sourcesContent: false,
        outfile: 'strategy.js',
        logLevel: 'silent',
        plugins: [onlySdkImports],
        supported: { 'dynamic-import': true },
      }),
      timeout,
    ]);
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
    const sourceMap = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
    return { js, sourceMap, sourceBytes };
  } catch (err) {
    if (err instanceof CompileError) throw err;
    const e = err as { errors?: Message[]; warnings?: Message[]; message?: string };
    if (Array.isArray(e.errors)) {
      const diagnostics = toDiagnostics(e.errors, 'error');
      const first = diagnostics[0];
      const where = first ? ` at ${first.line}:${first.column}: ${first.message}` : '';
      throw new CompileError(`Strategy failed to compile${where}`, diagnostics);
    }
    throw new CompileError(`Strategy failed to compile: ${String(e.message ?? err)}`, []);
  } finally {
    clearTimeout(timer);
  }
}
