// Linear CKA in pure JavaScript on ml-matrix: the baseline a Node user would
// otherwise write. Same formula as Kornblith et al.'s feature_space_linear_cka.
import { Matrix } from 'ml-matrix';

/** x, y: Float32Array | Float64Array in row-major order, n rows. */
export function pureJsLinearCKA(x, y, n, p, q) {
  const toMatrix = (data, cols) => {
    const m = new Matrix(n, cols);
    for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) m.set(i, j, data[i * cols + j]);
    return m.center('column');
  };
  const xc = toMatrix(x, p);
  const yc = toMatrix(y, q);
  const xt = xc.transpose();
  const yt = yc.transpose();
  const cross = xt.mmul(yc).norm('frobenius') ** 2;
  return cross / (xt.mmul(xc).norm('frobenius') * yt.mmul(yc).norm('frobenius'));
}
