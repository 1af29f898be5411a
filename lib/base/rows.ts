/**
 * Rows grouped by class label, and row subsets of a matrix: what per-label
 * entropies (knnEntropyByLabel, entropySimilarity with labels) share.
 */
import { RepsimError } from './errors.js';
import type { Matrix } from './matrix.js';

/**
 * The row indices of each label, labels ascending.
 * @throws RepsimError `SHAPE_MISMATCH` (not one label per row), `BAD_INPUT` (a non-integer label)
 * @internal
 */
export function rowsByLabel(fn: string, labels: ArrayLike<number>, rows: number): Map<number, number[]> {
  if (labels.length !== rows) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `${fn}: labels has ${labels.length} entries for ${rows} examples (rows); give one label per row`,
    );
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label)) {
      throw new RepsimError('BAD_INPUT', `${fn}: labels[${i}] is ${label}, expected an integer class label`);
    }
    const members = groups.get(label);
    if (members) members.push(i);
    else groups.set(label, [i]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * The given rows of a matrix as a new matrix of the same float type (other
 * fields, such as a name, kept); the matrix itself when every row is taken.
 * @internal
 */
export function selectRows<M extends Matrix>(matrix: M, rows: ArrayLike<number>): M {
  let identity = rows.length === matrix.rows;
  for (let i = 0; identity && i < rows.length; i++) identity = rows[i] === i;
  if (identity) return matrix;
  const { data, cols } = matrix;
  const out =
    data instanceof Float32Array
      ? new Float32Array(rows.length * cols)
      : new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    out.set(data.subarray(row * cols, (row + 1) * cols), i * cols);
  }
  return { ...matrix, data: out, rows: rows.length };
}
