/**
 * The byte budget every result that leaves the isolate is built under (sandbox-notes hazard 12:
 * copies out are not charged to the isolate). Free of the prelude, so the pool's tests can use the
 * encoders that depend on it in plain Node.
 */
export class OutputTooLarge extends Error {}

export interface OutputBudget { used: number; readonly max: number }

/** Count `bytes` against the budget; throws OutputTooLarge once it is exceeded. */
export function charge(budget: OutputBudget, bytes: number): void {
  budget.used += bytes;
  if (budget.used > budget.max) throw new OutputTooLarge(`result data exceeds ${budget.max} bytes`);
}
