// Seeded random data for tests: reproducible, no dependencies.

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard-normal samples (Box–Muller). */
export function gaussian(seed: number): () => number {
  const uniform = rng(seed);
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

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
