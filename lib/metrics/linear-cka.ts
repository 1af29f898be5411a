/**
 * Linear CKA (Kornblith et al. 2019):
 * CKA(X, Y) = ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F), Xc and Yc the column-centred
 * activations. The native core computes it in the feature-space form
 * (cost n·(p₁+p₂)²/2) or the Gram form (cost n²·(p₁+p₂)/2), whichever is cheaper.
 */
import { toMatrix, type Matrix, type MatrixInput } from '../matrix.js';
import { callAsync, callSync, type NativeLinearCkaOptions } from '../native.js';
import { integerIn, oneOf, readOptions } from '../options.js';

/** Options of {@link linearCKA} and {@link linearCKASync}. */
export interface LinearCKAOptions {
  /**
   * `'auto'` (default) uses the feature-space form when p₁ + p₂ ≤ n and the
   * Gram form otherwise; `'feature'` or `'gram'` force one. Both give the same
   * value to rounding.
   */
  readonly form?: 'auto' | 'feature' | 'gram';
  /** Threads for the native computation (default: every core). */
  readonly threads?: number;
}

interface Prepared {
  readonly x: Matrix;
  readonly y: Matrix;
  readonly options: NativeLinearCkaOptions;
}

function prepare(fn: string, x: MatrixInput, y: MatrixInput, options: unknown): Prepared {
  const opts = readOptions<LinearCKAOptions>(fn, options, {
    form: oneOf('auto', 'feature', 'gram'),
    threads: integerIn(1, 1024),
  });
  const nativeOptions: NativeLinearCkaOptions = {};
  if (opts.form !== undefined) nativeOptions.form = opts.form;
  if (opts.threads !== undefined) nativeOptions.threads = opts.threads;
  return { x: toMatrix(x, 'x'), y: toMatrix(y, 'y'), options: nativeOptions };
}

/**
 * Linear CKA between two representations of the same examples, computed off
 * the main thread.
 *
 * @param x - activations of the first layer, rows = examples (n × p₁)
 * @param y - activations of the second layer for the same examples (n × p₂)
 * @param options - see {@link LinearCKAOptions}
 * @returns CKA in [0, 1]; 1 means the representations match up to rotation,
 *   isotropic scaling and translation
 * @throws RepsimError (as a rejected Promise) `BAD_INPUT`, `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES` (n < 2), `NON_FINITE`, `ZERO_VARIANCE`, `BAD_OPTION`
 *
 * @example
 * ```ts
 * const cka = await linearCKA({ data: actsA, shape: [n, 512] }, { data: actsB, shape: [n, 256] });
 * ```
 */
export async function linearCKA(x: MatrixInput, y: MatrixInput, options?: LinearCKAOptions): Promise<number> {
  const args = prepare('linearCKA', x, y, options);
  const result = await callAsync((addon) => addon.linearCka(args.x, args.y, args.options, true));
  return result.value;
}

/**
 * Linear CKA, computed on the calling thread. Same arguments and result as
 * {@link linearCKA}; prefer the Promise form for large inputs in servers.
 * @throws RepsimError as {@link linearCKA}
 */
export function linearCKASync(x: MatrixInput, y: MatrixInput, options?: LinearCKAOptions): number {
  const args = prepare('linearCKASync', x, y, options);
  return callSync((addon) => addon.linearCka(args.x, args.y, args.options, false)).value;
}
