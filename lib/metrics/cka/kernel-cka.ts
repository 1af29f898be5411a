/**
 * Kernel CKA (Kornblith et al. 2019) with an RBF or polynomial kernel, and CKA
 * of Gram matrices the caller made. The native core never holds an n × n
 * matrix unless `maxMemoryBytes` allows caching one per input: it works tile
 * by tile, so n = 20 000 and beyond fit in a few hundred MiB.
 */
import { toMatrix, type MatrixInput } from '../../base/matrix.js';
import { callAsync, callSync } from '../../native/call.js';
import { readOptions, controlOf } from '../../base/options.js';
import {
  COMPUTE_CHECKS,
  KERNEL_CHECKS,
  computeSpec,
  kernelSpec,
  type ComputeOptions,
  type KernelOptions,
} from '../similarity-options.js';

/** Whether to use the unbiased HSIC estimator. */
export interface DebiasOptions {
  /**
   * The unbiased HSIC estimator of Song et al. (2012) (Gram diagonals zeroed,
   * (n−2) and (n−1)(n−2) corrections), as Kornblith et al.'s `debiased=True`.
   * Needs n ≥ 4. Default false.
   */
  readonly debiased?: boolean;
}

/** Options of {@link kernelCKA}: a kernel (RBF by default), debiasing, compute options. */
export type KernelCKAOptions = KernelOptions & DebiasOptions & ComputeOptions;

/** Options of {@link ckaFromGrams}. */
export type GramCKAOptions = DebiasOptions & ComputeOptions;

function prepareKernel(fn: string, x: MatrixInput, y: MatrixInput, options: unknown) {
  const opts = readOptions<Record<keyof typeof KERNEL_CHECKS | keyof typeof COMPUTE_CHECKS, unknown>>(
    fn,
    options,
    { ...KERNEL_CHECKS, ...COMPUTE_CHECKS },
  );
  return {
    x: toMatrix(x, 'x'),
    y: toMatrix(y, 'y'),
    native: { ...kernelSpec(fn, opts), ...computeSpec(opts as ComputeOptions & DebiasOptions) },
  };
}

function prepareGrams(fn: string, kx: MatrixInput, ky: MatrixInput, options: unknown) {
  const opts = readOptions<GramCKAOptions>(fn, options, {
    debiased: KERNEL_CHECKS.debiased,
    ...COMPUTE_CHECKS,
  });
  return { x: toMatrix(kx, 'kx'), y: toMatrix(ky, 'ky'), native: computeSpec(opts) };
}

/**
 * Kernel CKA between two representations of the same examples, off the main thread.
 *
 * With the RBF kernel (default) the bandwidth of each input is
 * σ² = threshold² × median of its n² squared pairwise distances, exactly as
 * Kornblith et al.'s `gram_rbf` computes it (`threshold` defaults to 1), or a
 * fixed `sigma`.
 *
 * @param x - activations, rows = examples (n × p₁)
 * @param y - activations of the same examples (n × p₂)
 * @param options - see {@link KernelCKAOptions}
 * @returns CKA in [0, 1] (debiased: may dip slightly below 0)
 * @throws RepsimError (as a rejected Promise) `BAD_INPUT`, `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES`, `NON_FINITE`, `ZERO_VARIANCE` (constant input, or a median
 *   distance of 0), `BAD_OPTION`, `MEMORY_LIMIT`
 *
 * @example
 * ```ts
 * const cka = await kernelCKA(x, y, { kernel: 'rbf', threshold: 0.5 });
 * ```
 */
export async function kernelCKA(x: MatrixInput, y: MatrixInput, options?: KernelCKAOptions): Promise<number> {
  const args = prepareKernel('kernelCKA', x, y, options);
  return callAsync((addon, mode) => addon.kernelCka(args.x, args.y, args.native, mode), controlOf(options));
}

/** Kernel CKA on the calling thread; as {@link kernelCKA}. @throws RepsimError as {@link kernelCKA} */
export function kernelCKASync(x: MatrixInput, y: MatrixInput, options?: KernelCKAOptions): number {
  const args = prepareKernel('kernelCKASync', x, y, options);
  return callSync((addon) => addon.kernelCka(args.x, args.y, args.native, false));
}

/**
 * CKA of two Gram (kernel) matrices the caller computed, off the main thread:
 * both are centred (biased or, with `debiased`, unbiased) and compared, as
 * Kornblith et al.'s `cka(gram_x, gram_y)`. The matrices are read in place.
 *
 * @param kx - an n × n symmetric matrix (`{data, shape: [n, n]}` or `number[][]`)
 * @param ky - an n × n symmetric matrix for the same examples
 * @throws RepsimError `SHAPE_MISMATCH` (not square, or different n), `BAD_INPUT`
 *   (not symmetric, as numpy.allclose judges), `NON_FINITE`, `ZERO_VARIANCE`,
 *   `TOO_FEW_SAMPLES`, `BAD_OPTION`
 */
export async function ckaFromGrams(
  kx: MatrixInput,
  ky: MatrixInput,
  options?: GramCKAOptions,
): Promise<number> {
  const args = prepareGrams('ckaFromGrams', kx, ky, options);
  return callAsync(
    (addon, mode) => addon.ckaFromGrams(args.x, args.y, args.native, mode),
    controlOf(options),
  );
}

/** {@link ckaFromGrams} on the calling thread. @throws RepsimError as {@link ckaFromGrams} */
export function ckaFromGramsSync(kx: MatrixInput, ky: MatrixInput, options?: GramCKAOptions): number {
  const args = prepareGrams('ckaFromGramsSync', kx, ky, options);
  return callSync((addon) => addon.ckaFromGrams(args.x, args.y, args.native, false));
}
