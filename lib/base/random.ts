/**
 * Seeded pseudo-random numbers for the demo, the examples and the
 * benchmarks (mulberry32 + Box–Muller): the same numbers for a seed on every
 * machine. The native core has its own (splitmix64, seeded_random.hpp).
 */

/** A function yielding uniform samples in [0, 1) from `seed` (mulberry32). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A function yielding standard-normal samples from `seed` (Box–Muller on {@link uniform}). */
export function gaussian(seed: number): () => number {
  const next = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}
