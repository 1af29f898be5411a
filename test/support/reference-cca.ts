// A plain TypeScript CCA for cross-checks, written from the definition and
// independent of the native core: centre, orthonormalise each side's columns
// (modified Gram-Schmidt, twice for stability), then the singular values of
// Qx^T Qy by one-sided Jacobi rotations.

function centredColumns(data: ArrayLike<number>, n: number, p: number): Float64Array[] {
  const columns = Array.from({ length: p }, () => new Float64Array(n));
  for (let j = 0; j < p; j++) {
    const column = columns[j] as Float64Array;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * p + j] as number;
    mean /= n;
    for (let i = 0; i < n; i++) column[i] = (data[i * p + j] as number) - mean;
  }
  return columns;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function orthonormalise(columns: Float64Array[]): Float64Array[] {
  const q: Float64Array[] = [];
  for (const column of columns) {
    const v = Float64Array.from(column);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        const c = dot(u, v);
        for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) - c * (u[i] as number);
      }
    }
    const norm = Math.sqrt(dot(v, v));
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
    q.push(v);
  }
  return q;
}

/** Singular values (descending) of a dense matrix given as columns. */
export function singularValues(columns: Float64Array[]): number[] {
  const a = columns.map((c) => Float64Array.from(c));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < a.length; i++) {
      for (let j = i + 1; j < a.length; j++) {
        const ai = a[i] as Float64Array;
        const aj = a[j] as Float64Array;
        const alpha = dot(ai, ai);
        const beta = dot(aj, aj);
        const gamma = dot(ai, aj);
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < ai.length; k++) {
          const x = ai[k] as number;
          const y = aj[k] as number;
          ai[k] = c * x - s * y;
          aj[k] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  return a.map((c) => Math.sqrt(dot(c, c))).sort((u, v) => v - u);
}

/** Canonical correlations (descending) of row-major x (n × p) and y (n × q). */
export function referenceCanonicalCorrelations(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  p: number,
  q: number,
): number[] {
  const qx = orthonormalise(centredColumns(x, n, p));
  const qy = orthonormalise(centredColumns(y, n, q));
  // Columns of Qx^T Qy: column j holds <qx_i, qy_j> for every i.
  const w = qy.map((b) => Float64Array.from(qx, (a) => dot(a, b)));
  return singularValues(w).slice(0, Math.min(p, q));
}
