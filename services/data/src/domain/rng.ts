/** Seeded PRNG: the engine's, so every seeded stream in the platform is the same generator. */
export { createRng } from '@strata/engine';

/** Standard normal draw (Box-Muller) from a uniform source. */
export function normal(rng: () => number): number {
  let u = rng();
  while (u <= Number.EPSILON) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
