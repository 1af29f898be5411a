// An independent, deliberately plain implementation of linear CKA in
// TypeScript (double loops, float64, Kahan-free): the yardstick for tests.
export function referenceLinearCKA(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  p: number,
  q: number,
): number {
  const centred = (a: ArrayLike<number>, cols: number): Float64Array => {
    const out = Float64Array.from(a);
    for (let j = 0; j < cols; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += out[i * cols + j] ?? 0;
      mean /= n;
      for (let i = 0; i < n; i++) out[i * cols + j] = (out[i * cols + j] ?? 0) - mean;
    }
    return out;
  };
  const xc = centred(x, p);
  const yc = centred(y, q);
  // ‖AᵀB‖²_F for centred A (n × a), B (n × b)
  const frobeniusSquaredOfProduct = (a: Float64Array, ac: number, b: Float64Array, bc: number): number => {
    let total = 0;
    for (let i = 0; i < ac; i++) {
      for (let j = 0; j < bc; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += (a[k * ac + i] ?? 0) * (b[k * bc + j] ?? 0);
        total += dot * dot;
      }
    }
    return total;
  };
  const cross = frobeniusSquaredOfProduct(xc, p, yc, q);
  return cross / Math.sqrt(frobeniusSquaredOfProduct(xc, p, xc, p) * frobeniusSquaredOfProduct(yc, q, yc, q));
}
