/**
 * Freezes the realm the engine shares with user code (decision recorded in docs/sandbox.md):
 * every built-in constructor, prototype and namespace object reachable from the global object, plus
 * hidden intrinsics (iterator, generator and async prototypes). Global bindings of built-ins become
 * read-only, so user code cannot swap `Math`, `Float64Array` or `JSON` under the engine, nor add a
 * getter to `Object.prototype` that engine code would trip over. Writable data properties that code
 * commonly assigns on instances (`constructor`, `toString`, `name`, `message`, ...) are turned into
 * accessors first on Object.prototype and the Error prototypes, so that assigning them on an
 * instance still works (the "override mistake").
 */
import { intrinsics as I } from './prelude.ts';

const OVERRIDABLE = new Set<PropertyKey>(['constructor', 'toString', 'toLocaleString', 'valueOf', 'name', 'message']);
// Only the prototypes whose properties code commonly assigns on instances get the accessor treatment
// (plain objects and Error subclasses); each conversion costs start-up time (prototype validity cells).
const OVERRIDE_ON = new Set<object>([
  Object.prototype, Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype,
  ReferenceError.prototype, EvalError.prototype, URIError.prototype, AggregateError.prototype,
]);

function enableOverride(obj: object, key: PropertyKey): void {
  const desc = I.getOwnPropertyDescriptor(obj, key);
  if (!desc || !('value' in desc) || !desc.writable || !desc.configurable) return;
  const value = desc.value;
  I.defineProperty(obj, key, {
    get() { return value; },
    set(this: object, v: unknown) {
      if (this === obj) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a frozen built-in`);
      I.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable,
    configurable: false,
  });
}

/**
 * A hardening plan: the path, from a root, of every object the full walk froze. Roots and special
 * steps start with NUL (no built-in property name does): `\0#i` hidden intrinsic i, `\0^` prototype,
 * `\0@name` well-known symbol `Symbol[name]`, `\0g` the getter of a global accessor. The realm of a
 * fresh context is the same in every isolate of one worker (same binary, same prelude, same bundle),
 * so a plan recorded by the full walk in the first isolate is replayed in the next ones: freezing
 * the listed objects without enumerating and describing every method again.
 */
export type HardenPlan = string[][];

const NUL = '\0';

function stepOf(key: PropertyKey): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key !== 'symbol') return undefined;
  const d = key.description;
  if (d && d.startsWith('Symbol.') && (Symbol as unknown as Record<string, unknown>)[d.slice(7)] === key) return `${NUL}@${d.slice(7)}`;
  return undefined;
}

/**
 * Freeze `root` and every namespace object, constructor and prototype reachable from it through own
 * properties and prototype links. Plain methods (functions without an own `prototype`) are not
 * frozen themselves: the properties that hold them are, which is what protects the engine, and
 * skipping thousands of method objects keeps isolate start-up and idle memory small.
 * With `record`, the path of each frozen object (from `rootPath`) is appended to it.
 */
export function deepFreeze(root: unknown, seen: WeakSet<object> = new WeakSet(), rootPath?: string[], record?: HardenPlan): void {
  const stack: unknown[] = [root];
  const paths: (string[] | undefined)[] = [rootPath];
  while (stack.length > 0) {
    const v = stack.pop();
    const path = paths.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    const obj = v as object;
    if (seen.has(obj)) continue;
    seen.add(obj);
    const isPrototype = I.hasOwn(obj, 'constructor');
    const override = OVERRIDE_ON.has(obj);
    if (typeof obj === 'function' && !isPrototype && !I.hasOwn(obj, 'prototype')) continue;
    const keys: PropertyKey[] = [...I.getOwnPropertyNames(obj), ...I.getOwnPropertySymbols(obj)];
    for (const key of keys) {
      const desc = I.getOwnPropertyDescriptor(obj, key);
      if (!desc) continue;
      if ('value' in desc) {
        stack.push(desc.value);
        const step = path && stepOf(key);
        paths.push(path && step !== undefined ? [...path, step] : undefined);
      }
      if (override && OVERRIDABLE.has(key)) enableOverride(obj, key);
    }
    stack.push(I.getPrototypeOf(obj));
    paths.push(path && [...path, `${NUL}^`]);
    I.freeze(obj);
    // an object reached only through a key that cannot be named makes the plan incomplete
    if (record) record.push(path ?? [`${NUL}!`]);
  }
}

function hiddenIntrinsics(): unknown[] {
  const out: unknown[] = [];
  const proto = (x: unknown) => I.getPrototypeOf(x);
  out.push(proto([][Symbol.iterator]()), proto(new Map().entries()), proto(new Set().values()));
  out.push(proto(''[Symbol.iterator]()), proto('a'.matchAll(/a/g)));
  out.push(proto(function* () {}), proto(async function () {}), proto(async function* () {}));
  out.push(proto((function* () {})()), proto((async function* () {})()));
  out.push(proto(Uint8Array));
  // the global object's own prototype (between it and Object.prototype): names added there would
  // resolve as globals in engine code
  out.push(proto(globalThis));
  const IteratorCtor = (globalThis as { Iterator?: { from(x: unknown): unknown } }).Iterator;
  if (IteratorCtor) out.push(proto(IteratorCtor.from([1])));
  return out;
}

function resolve(path: string[], g: Record<string, unknown>, hidden: unknown[]): object | undefined {
  let v: unknown;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (i === 0) {
      if (step.startsWith(`${NUL}#`)) { v = hidden[Number(step.slice(2))]; continue; }
      if (step.startsWith(NUL)) return undefined;
      const desc = I.getOwnPropertyDescriptor(g, step);
      v = desc ? ('value' in desc ? desc.value : desc.get) : undefined;
      continue;
    }
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
    if (step === `${NUL}^`) { v = I.getPrototypeOf(v); continue; }
    const key: PropertyKey | undefined = step.startsWith(`${NUL}@`) ? (Symbol as unknown as Record<string, symbol>)[step.slice(2)] : step.startsWith(NUL) ? undefined : step;
    if (key === undefined) return undefined;
    const desc = I.getOwnPropertyDescriptor(v, key);
    if (!desc || !('value' in desc)) return undefined;
    v = desc.value;
  }
  return v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as object) : undefined;
}

/** Replay a plan; false (nothing frozen is undone) when any path no longer resolves. */
function applyPlan(plan: HardenPlan, g: Record<string, unknown>, hidden: unknown[]): boolean {
  const objs: object[] = [];
  for (const path of plan) {
    const o = resolve(path, g, hidden);
    if (!o) return false;
    objs.push(o);
  }
  for (const o of objs) {
    if (OVERRIDE_ON.has(o)) for (const key of OVERRIDABLE) enableOverride(o, key);
    I.freeze(o);
  }
  return true;
}

/**
 * Lock global bindings of everything present now (built-ins and the prelude's console) and freeze
 * them. With a `plan` from an earlier isolate of this worker it is replayed; otherwise (or if it
 * does not fit) the full walk runs and its plan is returned (undefined if it cannot be replayed).
 */
export function hardenRealm(plan?: HardenPlan): HardenPlan | undefined {
  const g = globalThis as Record<string, unknown>;
  const names = I.getOwnPropertyNames(g).filter((n) => n !== 'globalThis');
  const hidden = hiddenIntrinsics();
  for (const name of names) {
    const desc = I.getOwnPropertyDescriptor(g, name);
    if (desc && 'value' in desc) I.defineProperty(g, name, { value: desc.value, writable: false, configurable: false, enumerable: desc.enumerable });
  }
  // No new globals either: the global object is the one place user code could leave state for a
  // later run in the same isolate (warm isolates, pool/warm-isolate.ts), or for engine code to trip over.
  I.freeze(g);
  if (plan && applyPlan(plan, g, hidden)) return plan;
  const seen = new WeakSet<object>();
  const record: HardenPlan = [];
  for (const name of names) {
    const desc = I.getOwnPropertyDescriptor(g, name);
    if (!desc) continue;
    deepFreeze('value' in desc ? desc.value : desc.get, seen, 'value' in desc ? [name] : [name], record);
  }
  hidden.forEach((x, i) => deepFreeze(x, seen, [`${NUL}#${i}`], record));
  return record.some((p) => p[0] === `${NUL}!`) ? undefined : record;
}
