// The CCA family in pure JavaScript on ml-matrix: the baseline a Node user
// would otherwise write, following the reference code's QR route (centre,
// QR of each side, SVD of Qx^T Qy) and Morcos et al.'s projection weights.
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';

function centred(data, n, cols) {
  const m = new Matrix(n, cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) m.set(i, j, data[i * cols + j]);
  return m.center('column');
}

function thinQ(m) {
  return new QrDecomposition(m).orthogonalMatrix.subMatrix(0, m.rows - 1, 0, m.columns - 1);
}

/** Mean canonical correlation of row-major x (n × p) and y (n × q). */
export function pureJsCca(x, y, n, p, q) {
  const w = thinQ(centred(x, n, p))
    .transpose()
    .mmul(thinQ(centred(y, n, q)));
  const rho = new SingularValueDecomposition(w, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).diagonal;
  return rho.reduce((s, v) => s + v, 0) / rho.length;
}

/** PWCCA (paper weights, x the side with fewer neurons). */
export function pureJsPwcca(x, y, n, p, q) {
  const xc = centred(x, n, p);
  const qx = thinQ(xc);
  const svd = new SingularValueDecomposition(qx.transpose().mmul(thinQ(centred(y, n, q))), {
    computeRightSingularVectors: false,
  });
  const h = qx.mmul(svd.leftSingularVectors);
  const projections = h.transpose().mmul(xc).abs();
  const alpha = projections.sum('row');
  const total = alpha.reduce((s, v) => s + v, 0);
  return alpha.reduce((s, a, i) => s + (a / total) * svd.diagonal[i], 0);
}
