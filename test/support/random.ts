// Seeded random data for tests: the package's own generators
// (lib/base/random.ts, mulberry32 + Box–Muller), so tests, demo, examples and
// benchmarks draw from one seeded stream per seed.
import { gaussian, uniform } from '../../lib/base/random.js';

export { gaussian };

/** Uniform samples in [0, 1) from `seed`. */
export const rng = uniform;

export interface Dense {
  data: Float64Array;
  shape: [number, number];
}

export function randomMatrix(rows: number, cols: number, seed: number): Dense {
  const next = gaussian(seed);
  return { data: Float64Array.from({ length: rows * cols }, next), shape: [rows, cols] };
}

/** x · m for row-major x (n × p) and m (p × q). */
export function multiply(x: Dense, m: Dense): Dense {
  const [n, p] = x.shape;
  const q = m.shape[1];
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p; k++) {
      const xik = x.data[i * p + k] ?? 0;
      for (let j = 0; j < q; j++) out[i * q + j] = (out[i * q + j] ?? 0) + xik * (m.data[k * q + j] ?? 0);
    }
  }
  return { data: out, shape: [n, q] };
}

/** A random p × p orthogonal matrix: Gram–Schmidt on a Gaussian matrix. */
export function randomOrthogonal(p: number, seed: number): Dense {
  const g = randomMatrix(p, p, seed).data;
  const q = new Float64Array(p * p); // columns are the basis vectors
  for (let j = 0; j < p; j++) {
    const v = Array.from({ length: p }, (_, i) => g[i * p + j] ?? 0);
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < p; i++) dot += (v[i] ?? 0) * (q[i * p + k] ?? 0);
      for (let i = 0; i < p; i++) v[i] = (v[i] ?? 0) - dot * (q[i * p + k] ?? 0);
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < p; i++) q[i * p + j] = (v[i] ?? 0) / norm;
  }
  return { data: q, shape: [p, p] };
}

export function mapValues(x: Dense, f: (value: number, row: number, col: number) => number): Dense {
  const cols = x.shape[1];
  return { data: x.data.map((v, i) => f(v, Math.floor(i / cols), i % cols)), shape: x.shape };
}
