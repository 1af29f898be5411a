// A seeded standard-normal generator (mulberry32 + Box–Muller) for the example
// data and the benchmarks: reproducible across runs and machines, no dependencies.
'use strict';

/** Returns a function that yields uniform samples in [0, 1) from `seed` (mulberry32). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a function that yields standard-normal samples from `seed`. */
function gaussian(seed) {
  const next = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

module.exports = { gaussian, uniform };
