/** A layer × layer matrix of similarities, the result of every all-pairs computation. */
import { RepsimError } from './errors.js';

/** The JSON form of a {@link LayerMatrix}. */
export interface LayerMatrixJSON {
  readonly metric: string;
  readonly rows: number;
  readonly cols: number;
  /** Row-major: `values[i * cols + j]` compares layer i of A with layer j of B. */
  readonly values: number[];
  readonly labelsA?: readonly string[];
  readonly labelsB?: readonly string[];
}

/** Similarities of every layer of model A (rows) with every layer of model B (columns). */
export class LayerMatrix {
  /** The metric that produced the values, e.g. `'linear-cka'`. */
  readonly metric: string;
  /** Number of layers of A. */
  readonly rows: number;
  /** Number of layers of B (of A again for a within-model matrix). */
  readonly cols: number;
  /** Row-major values: `values[i * cols + j]`. */
  readonly values: Float64Array;
  /** Layer names of A, when the layers were given by name. */
  readonly labelsA?: readonly string[];
  /** Layer names of B, when the layers were given by name. */
  readonly labelsB?: readonly string[];

  /** @param init - the fields; `values` must hold rows × cols numbers */
  constructor(init: {
    metric: string;
    rows: number;
    cols: number;
    values: Float64Array;
    labelsA?: readonly string[] | undefined;
    labelsB?: readonly string[] | undefined;
  }) {
    if (init.values.length !== init.rows * init.cols) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `LayerMatrix: ${init.rows} x ${init.cols} needs ${init.rows * init.cols} values, got ${init.values.length}`,
      );
    }
    this.metric = init.metric;
    this.rows = init.rows;
    this.cols = init.cols;
    this.values = init.values;
    if (init.labelsA) this.labelsA = init.labelsA;
    if (init.labelsB) this.labelsB = init.labelsB;
  }

  /**
   * The similarity of layer `i` of A and layer `j` of B (indices or names).
   * @throws RepsimError `BAD_INPUT` for an index out of range or an unknown name
   */
  get(i: number | string, j: number | string): number {
    const row = this.index(i, this.rows, this.labelsA, 'row');
    const col = this.index(j, this.cols, this.labelsB, 'column');
    return this.values[row * this.cols + col] ?? Number.NaN;
  }

  /** The values as nested arrays, one per layer of A. */
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) =>
      Array.from(this.values.subarray(i * this.cols, (i + 1) * this.cols)),
    );
  }

  /** A plain, JSON-serialisable object. */
  toJSON(): LayerMatrixJSON {
    return {
      metric: this.metric,
      rows: this.rows,
      cols: this.cols,
      values: Array.from(this.values),
      ...(this.labelsA ? { labelsA: this.labelsA } : {}),
      ...(this.labelsB ? { labelsB: this.labelsB } : {}),
    };
  }

  private index(
    key: number | string,
    size: number,
    labels: readonly string[] | undefined,
    what: string,
  ): number {
    const index = typeof key === 'string' ? (labels?.indexOf(key) ?? -1) : key;
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RepsimError(
        'BAD_INPUT',
        typeof key === 'string'
          ? `LayerMatrix.get: no ${what} layer named '${key}'${labels ? ` (names: ${labels.join(', ')})` : ''}`
          : `LayerMatrix.get: ${what} ${key} is outside 0..${size - 1}`,
      );
    }
    return index;
  }
}
