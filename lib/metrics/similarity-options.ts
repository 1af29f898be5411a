/**
 * The options the similarity functions share -- kernels, debiasing, threads,
 * the memory budget -- with their validation, so every function accepts and
 * rejects them the same way and hands the native core one shape of object.
 */
import { RepsimError } from '../base/errors.js';
import type { NativeSimilarityOptions } from '../native/addon.js';
import { abortSignal, boolean, callback, finite, integerIn, oneOf, positive } from '../base/options.js';

/** Options every similarity function accepts. */
export interface ComputeOptions {
  /** Threads for the native computation (default: every core). */
  readonly threads?: number;
  /**
   * The most memory (bytes) one computation may allocate for n × n or
   * (features)² buffers; default 2 GiB. Strategies that would exceed it switch
   * to a tiled alternative, or fail with `MEMORY_LIMIT` when there is none.
   */
  readonly maxMemoryBytes?: number;
  /**
   * Stops the Promise form: it rejects with the signal's reason (an
   * `AbortError` by default) within about a tenth of a second, the native
   * work stopping at its next check. The Sync forms only check it on entry.
   */
  readonly signal?: AbortSignal;
  /**
   * Called about every 100 ms while the Promise form runs, and once at the
   * end: units of work done, units known so far. Units are the core's own
   * (tiles, blocks, layer pairs, resamples); the total grows when a
   * computation reaches a later phase, and `done` never goes back.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The RBF kernel k(x, y) = exp(−‖x − y‖² / (2σ²)). */
export interface RbfKernelOptions {
  readonly kernel?: 'rbf';
  /**
   * σ² = threshold² × the median of all n² squared pairwise distances
   * (Kornblith et al. 2019's convention); default 1. Not with `sigma`.
   */
  readonly threshold?: number;
  /** A fixed bandwidth σ instead of the median rule. Not with `threshold`. */
  readonly sigma?: number;
}

/** The polynomial kernel k(x, y) = (γ⟨x, y⟩ + coef0)^degree on the raw activations. */
export interface PolynomialKernelOptions {
  readonly kernel: 'polynomial';
  /** Default 3. */
  readonly degree?: number;
  /** Default 1 / number of features (scikit-learn's convention). */
  readonly gamma?: number;
  /** Default 1. */
  readonly coef0?: number;
}

/** A kernel choice: RBF (the default) or polynomial. */
export type KernelOptions = RbfKernelOptions | PolynomialKernelOptions;

/** Checks of {@link ComputeOptions}. @internal */
export const COMPUTE_CHECKS = {
  threads: integerIn(1, 1024),
  maxMemoryBytes: positive,
  signal: abortSignal,
  onProgress: callback,
} as const;

/** Checks of {@link KernelOptions} and `debiased`. @internal */
export const KERNEL_CHECKS = {
  kernel: oneOf('rbf', 'polynomial'),
  threshold: positive,
  sigma: positive,
  degree: integerIn(1, 64),
  gamma: positive,
  coef0: finite,
  debiased: boolean,
} as const;

type KernelKeys = Partial<Record<'kernel' | 'threshold' | 'sigma' | 'degree' | 'gamma' | 'coef0', unknown>>;

/**
 * The options that apply to the chosen kernel, checked for combinations that
 * make no sense (threshold with sigma, RBF options on a polynomial kernel...).
 * @internal
 */
export function kernelSpec(fn: string, options: KernelKeys): NativeSimilarityOptions {
  const kernel = (options.kernel as 'rbf' | 'polynomial' | undefined) ?? 'rbf';
  const given = (keys: readonly string[]) => keys.filter((k) => options[k as keyof KernelKeys] !== undefined);
  const misplaced = kernel === 'rbf' ? given(['degree', 'gamma', 'coef0']) : given(['threshold', 'sigma']);
  if (misplaced.length > 0) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: option '${misplaced[0]}' does not apply to the ${kernel} kernel` +
        (kernel === 'rbf' ? " (pass kernel: 'polynomial')" : ''),
    );
  }
  if (options.threshold !== undefined && options.sigma !== undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: give either threshold (bandwidth from the median distance) or sigma (a fixed bandwidth), not both`,
    );
  }
  const spec: NativeSimilarityOptions = { kernel };
  for (const key of ['threshold', 'sigma', 'degree', 'gamma', 'coef0'] as const) {
    const value = options[key];
    if (value !== undefined) spec[key] = value as number;
  }
  return spec;
}

/** The native form of {@link ComputeOptions} and `debiased`. @internal */
export function computeSpec(
  options: ComputeOptions & { readonly debiased?: boolean },
): NativeSimilarityOptions {
  const spec: NativeSimilarityOptions = {};
  if (options.threads !== undefined) spec.threads = options.threads;
  if (options.maxMemoryBytes !== undefined) spec.maxMemoryBytes = options.maxMemoryBytes;
  if (options.debiased !== undefined) spec.debiased = options.debiased;
  return spec;
}
