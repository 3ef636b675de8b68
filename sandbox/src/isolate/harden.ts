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
 * Freeze `root` and every namespace object, constructor and prototype reachable from it through own
 * properties and prototype links. Plain methods (functions without an own `prototype`) are not
 * frozen themselves: the properties that hold them are, which is what protects the engine, and
 * skipping thousands of method objects keeps isolate start-up and idle memory small.
 */
export function deepFreeze(root: unknown, seen: WeakSet<object> = new WeakSet()): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
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
      if ('value' in desc) stack.push(desc.value);
      if (override && OVERRIDABLE.has(key)) enableOverride(obj, key);
    }
    stack.push(I.getPrototypeOf(obj));
    I.freeze(obj);
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
  const IteratorCtor = (globalThis as { Iterator?: { from(x: unknown): unknown } }).Iterator;
  if (IteratorCtor) out.push(proto(IteratorCtor.from([1])));
  return out;
}

/** Lock global bindings of everything present now (built-ins and the prelude's console) and freeze them. */
export function hardenRealm(): void {
  const g = globalThis as Record<string, unknown>;
  const seen = new WeakSet<object>();
  for (const name of I.getOwnPropertyNames(g)) {
    if (name === 'globalThis') continue;
    const desc = I.getOwnPropertyDescriptor(g, name);
    if (!desc) continue;
    if ('value' in desc) I.defineProperty(g, name, { value: desc.value, writable: false, configurable: false, enumerable: desc.enumerable });
    deepFreeze('value' in desc ? desc.value : desc.get, seen);
  }
  for (const x of hiddenIntrinsics()) deepFreeze(x, seen);
}
