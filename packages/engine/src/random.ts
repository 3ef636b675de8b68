/**
 * Seeded PRNG (mulberry32): the engine's one source of randomness (design principle 4). Deterministic
 * across runs and platforms, so synthetic data, optimiser searches and benches replay from their seed.
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
