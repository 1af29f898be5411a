/**
 * Linear CKA (Kornblith et al. 2019):
 * CKA(X, Y) = ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F), Xc and Yc the column-centred
 * activations; debiased, each product is replaced by the unbiased HSIC
 * estimator of Song et al. (2012). The native core uses the feature-space form
 * (cost n·(p₁+p₂)²/2) or the Gram form (cost n²·(p₁+p₂)/2, no n × n memory),
 * whichever is cheaper and fits the memory budget.
 */
import { toMatrix, type MatrixInput } from '../../base/matrix.js';
import type { NativeSimilarityOptions } from '../../native/addon.js';
import { callAsync, callSync } from '../../native/call.js';
import { oneOf, readOptions, controlOf } from '../../base/options.js';
import { COMPUTE_CHECKS, KERNEL_CHECKS, computeSpec, type ComputeOptions } from '../similarity-options.js';

/** Options of {@link linearCKA} and {@link linearCKASync}. */
export interface LinearCKAOptions extends ComputeOptions {
  /**
   * `'auto'` (default) uses the feature-space form when it is cheaper
   * (p₁ + p₂ ≤ n, roughly) and fits `maxMemoryBytes`, else the Gram form;
   * `'feature'` or `'gram'` force one. Both give the same value to rounding.
   */
  readonly form?: 'auto' | 'feature' | 'gram';
  /**
   * Use the unbiased HSIC estimator (Song et al. 2012), as Kornblith et al.'s
   * `debiased=True`: less biased for few examples or many features, can be
   * slightly negative. Needs n ≥ 4. Default false.
   */
  readonly debiased?: boolean;
}

function prepare(fn: string, x: MatrixInput, y: MatrixInput, options: unknown) {
  const opts = readOptions<LinearCKAOptions>(fn, options, {
    form: oneOf('auto', 'feature', 'gram'),
    debiased: KERNEL_CHECKS.debiased,
    ...COMPUTE_CHECKS,
  });
  const native: NativeSimilarityOptions = { ...computeSpec(opts), kernel: 'linear' };
  if (opts.form !== undefined) native.form = opts.form;
  return { x: toMatrix(x, 'x'), y: toMatrix(y, 'y'), native };
}

/**
 * Linear CKA between two representations of the same examples, computed off
 * the main thread.
 *
 * @param x - activations of the first layer, rows = examples (n × p₁)
 * @param y - activations of the second layer for the same examples (n × p₂)
 * @param options - see {@link LinearCKAOptions}
 * @returns CKA in [0, 1] (debiased: may dip slightly below 0); 1 means the
 *   representations match up to rotation, isotropic scaling and translation
 * @throws RepsimError (as a rejected Promise) `BAD_INPUT`, `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES` (n < 2, or n < 4 debiased), `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`,
 *   `BAD_OPTION`, `MEMORY_LIMIT` (a forced form over `maxMemoryBytes`)
 *
 * @example
 * ```ts
 * const cka = await linearCKA({ data: actsA, shape: [n, 512] }, { data: actsB, shape: [n, 256] });
 * ```
 */
export async function linearCKA(x: MatrixInput, y: MatrixInput, options?: LinearCKAOptions): Promise<number> {
  const args = prepare('linearCKA', x, y, options);
  return (
    await callAsync((addon, mode) => addon.linearCka(args.x, args.y, args.native, mode), controlOf(options))
  ).value;
}

/**
 * Linear CKA, computed on the calling thread. Same arguments and result as
 * {@link linearCKA}; prefer the Promise form for large inputs in servers.
 * @throws RepsimError as {@link linearCKA}
 */
export function linearCKASync(x: MatrixInput, y: MatrixInput, options?: LinearCKAOptions): number {
  const args = prepare('linearCKASync', x, y, options);
  return callSync((addon) => addon.linearCka(args.x, args.y, args.native, false)).value;
}
