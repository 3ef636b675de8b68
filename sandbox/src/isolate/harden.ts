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
 * A hardening plan: one entry per object the full walk froze, in the order it froze them, as
 * `[parent, step]`: `parent` is the index of the entry it was reached from (-1 for a root), `step`
 * the property name (or special step) that leads there. Roots and special steps start with NUL (no
 * built-in property name does): `\0#i` hidden intrinsic i, `\0r<name>` one of the runtime's own roots
 * (the SDK object strategies import, the require shim), `\0^` prototype, `\0@name` well-known symbol
 * `Symbol[name]`. A parent is always frozen before what it leads to, so replaying resolves every
 * entry with one property look-up from an object already resolved. The realm of a fresh context is
 * the same in every isolate of one worker (same binary, same prelude, same bundle), so a plan
 * recorded by the full walk in the first isolate is replayed in the next ones: freezing the listed
 * objects without enumerating and describing every method again.
 */
export type HardenPlan = [number, string][];

const NUL = '\0';
/** `parent` of an object reached through a key that cannot be named: the plan is then incomplete. */
const UNNAMED = -2;

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
 * With `record`, each frozen object's `[parent, step]` is appended to it (`rootStep` names the root).
 */
export function deepFreeze(root: unknown, seen: WeakSet<object> = new WeakSet(), rootStep?: string, record?: HardenPlan): void {
  const stack: unknown[] = [root];
  const parents: number[] = [-1];
  const steps: (string | undefined)[] = [rootStep];
  while (stack.length > 0) {
    const v = stack.pop();
    const parent = parents.pop()!;
    const step = steps.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    const obj = v as object;
    if (seen.has(obj)) continue;
    seen.add(obj);
    const isPrototype = I.hasOwn(obj, 'constructor');
    const override = OVERRIDE_ON.has(obj);
    if (typeof obj === 'function' && !isPrototype && !I.hasOwn(obj, 'prototype')) continue;
    // this object's index in the plan (its children's parent), or UNNAMED if its own path is unknown
    const self = record && step !== undefined && parent !== UNNAMED ? record.length : UNNAMED;
    const keys: PropertyKey[] = [...I.getOwnPropertyNames(obj), ...I.getOwnPropertySymbols(obj)];
    for (const key of keys) {
      const desc = I.getOwnPropertyDescriptor(obj, key);
      if (!desc) continue;
      if ('value' in desc) {
        stack.push(desc.value);
        parents.push(self);
        steps.push(stepOf(key));
      }
      if (override && OVERRIDABLE.has(key)) enableOverride(obj, key);
    }
    stack.push(I.getPrototypeOf(obj));
    parents.push(self);
    steps.push(`${NUL}^`);
    I.freeze(obj);
    if (record) record.push(self === UNNAMED ? [UNNAMED, ''] : [parent, step!]);
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

/** The object `[parent, step]` leads to from `from` (or from a root when `from` is undefined). */
function stepTo(from: object | undefined, step: string, g: Record<string, unknown>, hidden: unknown[], roots: Record<string, unknown>): object | undefined {
  let v: unknown;
  if (from === undefined) {
    if (step.startsWith(`${NUL}#`)) v = hidden[Number(step.slice(2))];
    else if (step.startsWith(`${NUL}r`)) { const k = step.slice(2); v = I.hasOwn(roots, k) ? roots[k] : undefined; }
    else if (step.startsWith(NUL)) return undefined;
    else {
      const desc = I.getOwnPropertyDescriptor(g, step);
      v = desc ? ('value' in desc ? desc.value : desc.get) : undefined;
    }
  } else if (step === `${NUL}^`) {
    v = I.getPrototypeOf(from);
  } else {
    const key: PropertyKey | undefined = step.startsWith(`${NUL}@`) ? (Symbol as unknown as Record<string, symbol>)[step.slice(2)] : step.startsWith(NUL) ? undefined : step;
    if (key === undefined) return undefined;
    const desc = I.getOwnPropertyDescriptor(from, key);
    if (!desc || !('value' in desc)) return undefined;
    v = desc.value;
  }
  return v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as object) : undefined;
}

/** Replay a plan; false (nothing frozen is undone) when any entry no longer resolves. */
function applyPlan(plan: HardenPlan, g: Record<string, unknown>, hidden: unknown[], roots: Record<string, unknown>): boolean {
  const objs: object[] = [];
  for (let i = 0; i < plan.length; i++) {
    const entry = plan[i];
    if (!entry) return false;
    const [parent, step] = entry;
    if (typeof step !== 'string' || !(parent === -1 || (parent >= 0 && parent < i))) return false;
    const o = stepTo(parent === -1 ? undefined : objs[parent], step, g, hidden, roots);
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
 * them, and everything reachable from `roots` (the runtime's objects that user code gets: the SDK,
 * the require shim). With a `plan` from an earlier isolate of this worker it is replayed; otherwise
 * (or if it does not fit) the full walk runs and its plan is returned (undefined if it cannot be
 * replayed). Replaying is what keeps the SDK's ~100 classes and prototypes off each cold start's
 * bill (a full walk of them was ~0.5 ms of a ~5 ms start, docs/sandbox.md).
 */
export function hardenRealm(plan?: HardenPlan, roots: Record<string, unknown> = {}): HardenPlan | undefined {
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
  if (plan && applyPlan(plan, g, hidden, roots)) return plan;
  const seen = new WeakSet<object>();
  const record: HardenPlan = [];
  for (const name of names) {
    const desc = I.getOwnPropertyDescriptor(g, name);
    if (!desc) continue;
    deepFreeze('value' in desc ? desc.value : desc.get, seen, name, record);
  }
  hidden.forEach((x, i) => deepFreeze(x, seen, `${NUL}#${i}`, record));
  for (const k of I.getOwnPropertyNames(roots)) deepFreeze(roots[k], seen, `${NUL}r${k}`, record);
  return record.some((p) => p[0] === UNNAMED) ? undefined : record;
}
