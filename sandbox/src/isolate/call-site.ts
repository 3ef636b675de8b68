/**
 * Where in the strategy a log line was written, read from V8's structured call sites (never from
 * the formatted `stack` text: function names, which user code can set to anything, appear in it).
 * `Error.prepareStackTrace` becomes a trusted accessor, defined here while the runtime bundle loads
 * (before any user code and before `hardenRealm` freezes Error): it yields our formatter only while
 * `strategyCallSite` is capturing, and `undefined` otherwise, so every other stack keeps V8's own
 * format. It has no setter and is frozen with Error, so user code cannot replace it; V8 always asks
 * the realm's original Error. The CallSite methods are taken once here and called through saved
 * `Reflect.apply`, so nothing user code can reach runs during a capture.
 */
const capture = Error.captureStackTrace;
const apply = Reflect.apply;
const getPrototypeOf = Object.getPrototypeOf;

/** The filename the isolate compiles user code under (pool/isolate-host.ts strategyFactory). */
const STRATEGY_FILE = 'strategy.js';

type SiteMethod = (this: unknown) => unknown;
let getFileName: SiteMethod | undefined;
let getLineNumber: SiteMethod | undefined;
let getColumnNumber: SiteMethod | undefined;
let isEval: SiteMethod | undefined;
let capturing = false;

function learn(_e: unknown, sites: unknown[]): undefined {
  const proto = sites.length > 0 ? (getPrototypeOf(sites[0]) as Record<string, SiteMethod>) : undefined;
  if (proto) ({ getFileName, getLineNumber, getColumnNumber, isEval } = proto);
  return undefined;
}

/**
 * The innermost frame of the strategy module itself. Code from `eval`/`new Function` is skipped
 * (a `//# sourceURL=strategy.js` comment would otherwise let it claim any position), so the line
 * reported is the one that called into it.
 */
function locate(_e: unknown, sites: unknown[]): { line: number; column: number } | undefined {
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i];
    if (apply(getFileName!, s, []) !== STRATEGY_FILE || apply(isEval!, s, [])) continue;
    const line = apply(getLineNumber!, s, []);
    const column = apply(getColumnNumber!, s, []);
    return typeof line === 'number' && typeof column === 'number' ? { line, column } : undefined;
  }
  return undefined;
}

let formatter: typeof locate | typeof learn = learn;
Object.defineProperty(Error, 'prepareStackTrace', {
  get: () => (capturing ? formatter : undefined),
  enumerable: false,
  configurable: false,
});

/** `skip`: frames from the top of the stack down to this function's are left out. */
function captureWith(skip?: (...args: never[]) => unknown): unknown {
  const holder: { stack?: unknown } = {};
  capturing = true;
  try {
    capture(holder, skip);
    return holder.stack;
  } catch {
    // e.g. the strategy logged at the very edge of the call stack: then there is no position
    return undefined;
  } finally {
    capturing = false;
  }
}

captureWith();
formatter = locate;
const ready = typeof getFileName === 'function' && typeof getLineNumber === 'function'
  && typeof getColumnNumber === 'function' && typeof isEval === 'function';

/**
 * Line and column (1-based, in `strategy.js`) of the strategy code on the current call stack
 * closest to this call, or undefined when there is none. Costs one stack capture: call it only for
 * lines that are kept.
 */
export function strategyCallSite(): { line: number; column: number } | undefined {
  if (!ready) return undefined;
  const site = captureWith(strategyCallSite);
  return site !== null && typeof site === 'object' ? (site as { line: number; column: number }) : undefined;
}
