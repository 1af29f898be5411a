/**
 * One pairwise metric's layer × layer matrix for `compare`, robust to bad
 * layers: every pair in one call first (the fast path, sharing each layer's
 * work); when that fails on the data — one constant layer, one layer too wide
 * for CCA, conv maps of different sizes — the cells one by one, so a bad layer
 * costs only its own cells. A failed cell holds NaN in the matrix and its
 * error in the returned list: every NaN is accounted for, no value is made up.
 */
import { isRepsimError, type RepsimError } from '../base/errors.js';
import { LayerMatrix } from '../base/layer-matrix.js';
import type { Matrix } from '../base/matrix.js';

/** Layers by name, in order. */
export type NamedLayers = ReadonlyMap<string, Matrix>;

/** A cell that could not be computed. */
export interface CellFailure {
  /** The layer of A (row) and of B (column). */
  readonly layerA: string;
  readonly layerB: string;
  readonly error: RepsimError;
}

/** What {@link cellwiseMatrix} returns. */
export interface CellwiseMatrix {
  readonly matrix: LayerMatrix;
  /** The failed cells, row by row; empty when the one call for all pairs succeeded. */
  readonly failures: readonly CellFailure[];
}

/**
 * The matrix of `all` over `a` × `b` (`b` undefined: `a` with itself),
 * falling back to cells when `all` fails with an error that `isDataFailure`
 * accepts. Throws the first cell's error when no cell could be computed, and
 * any other error as it comes.
 */
export async function cellwiseMatrix(
  all: (a: NamedLayers, b: NamedLayers | undefined) => Promise<LayerMatrix>,
  a: NamedLayers,
  b: NamedLayers | undefined,
  isDataFailure: (error: unknown) => boolean,
): Promise<CellwiseMatrix> {
  try {
    return { matrix: await all(a, b), failures: [] };
  } catch (error) {
    if (!isDataFailure(error)) throw error;
  }
  const rows = [...a];
  const cols = [...(b ?? a)];
  const values = new Float64Array(rows.length * cols.length).fill(Number.NaN);
  const failures: CellFailure[] = [];
  let metric = '';
  for (const [i, [nameA, layerA]] of rows.entries()) {
    for (const [j, [nameB, layerB]] of cols.entries()) {
      try {
        // A cross pair even within one model: asymmetric metrics (PWCCA)
        // need both orders, and a 1 × 1 cross matrix is the pair's value.
        const cell = await all(new Map([[nameA, layerA]]), new Map([[nameB, layerB]]));
        values[i * cols.length + j] = cell.values[0] ?? Number.NaN;
        metric = cell.metric;
      } catch (error) {
        if (!isDataFailure(error) || !isRepsimError(error)) throw error;
        failures.push({ layerA: nameA, layerB: nameB, error });
      }
    }
  }
  const first = failures[0];
  if (first !== undefined && failures.length === values.length) throw first.error;
  const matrix = new LayerMatrix({
    metric,
    rows: rows.length,
    cols: cols.length,
    values,
    labelsA: rows.map(([name]) => name),
    labelsB: cols.map(([name]) => name),
  });
  return { matrix, failures };
}
