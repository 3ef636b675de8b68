/**
 * Freezes the prototypes of the SDK's indicator classes (not exported, but reachable from any
 * instance through `Object.getPrototypeOf`). In the sandbox an isolate can stay warm for the next run
 * of the same strategy (docs/sandbox.md, Warm isolates): a run that swapped `update` on a prototype
 * would otherwise change the indicators of every later run in that isolate. Instances stay writable.
 */
export function sealClasses(...classes: { prototype: object }[]): void {
  for (const c of classes) Object.freeze(c.prototype);
}
