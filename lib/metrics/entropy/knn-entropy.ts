/**
 * Kozachenko–Leonenko differential entropy (nats) from k-th nearest-neighbour
 * distances, as `docs/entropy-similarity.md` §1 fixes it (Kozachenko & Leonenko 1987):
 * H_k = ψ(S) − ψ(k) + log V_d + (d/S) Σ_i log ε_{i,k}, averaged over `k`.
 * The native core finds the neighbours block by block (‖a‖² + ‖b‖² − 2a·b, one
 * GEMM per tile, exact re-ranking of each row's candidates), so no S × S
 * matrix is ever held.
 */
import { rowsByLabel, selectRows } from '../../base/rows.js';
import { toMatrix, type MatrixInput } from '../../base/matrix.js';
import type { NativeEntropyOptions, NativeEntropyResult } from '../../native/addon.js';
import { dual, onAddon, runAsync, runSync, type Program } from '../../native/call.js';
import { integerIn, oneOf, readOptions, controlOf, type OptionCheck } from '../../base/options.js';
import { COMPUTE_CHECKS } from '../similarity-options.js';

/** Options of {@link knnEntropy}. */
export interface KnnEntropyOptions {
  /** Neighbour orders to average; default `[1, 2, 3]` (the method's choice, after tests on high-dimensional Gaussians). */
  readonly k?: readonly number[];
  /**
   * `'max-norm'` (default, for hidden layers): centre the rows, then scale them
   * all by one factor so the largest row norm is √d. `'none'`: raw
   * activations (e.g. a final linear layer).
   */
  readonly normalize?: 'max-norm' | 'none';
  /**
   * Johnson–Lindenstrauss projection to `dims` dimensions first, with a
   * Gaussian matrix (scaled 1/√dims) drawn from `seed` (default 0); the same
   * seed gives the same projection on every platform.
   */
  readonly project?: { readonly dims: number; readonly seed?: number };
  /** Threads for the native computation (default: every core). */
  readonly threads?: number;
  /** The most memory (bytes) the native work may allocate; default 2 GiB (`MEMORY_LIMIT` above). */
  readonly maxMemoryBytes?: number;
  /** Stops the Promise form (see {@link ComputeOptions.signal}). */
  readonly signal?: AbortSignal;
  /** Progress of the Promise form (see {@link ComputeOptions.onProgress}). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The result of {@link knnEntropy}. */
export interface KnnEntropyResult {
  /** Mean of `perK`, in nats. */
  readonly entropy: number;
  /** H_k for each k of the options, in their order. */
  readonly perK: Float64Array;
  /** The k values used. */
  readonly k: readonly number[];
  /**
   * Rows with a zero neighbour distance (duplicates), floored at 1e-12 × the
   * largest row norm instead of giving −∞.
   */
  readonly flooredRows: number;
}

/** Checks of `k` and `project`, shared with entropySimilarity. @internal */
export const K_CHECK: OptionCheck = (value) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((k) => typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= 1000)
    ? undefined
    : 'a non-empty array of integers from 1 to 1000';

/** @internal */
export const PROJECT_CHECK: OptionCheck = (value) => {
  const expected = '{dims: a positive integer, seed?: a non-negative integer}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const { dims, seed, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return expected;
  if (integerIn(1, 1 << 20)(dims) !== undefined) return expected;
  if (seed !== undefined && integerIn(0, Number.MAX_SAFE_INTEGER)(seed) !== undefined) return expected;
  return undefined;
};

function withK(r: NativeEntropyResult, k: readonly number[]): KnnEntropyResult {
  return { entropy: r.entropy, perK: r.perK, k, flooredRows: r.flooredRows };
}

function prepare(fn: string, options: unknown): { native: NativeEntropyOptions; k: number[] } {
  const opts = readOptions<KnnEntropyOptions>(fn, options, {
    k: K_CHECK,
    normalize: oneOf('max-norm', 'none'),
    project: PROJECT_CHECK,
    threads: COMPUTE_CHECKS.threads,
    maxMemoryBytes: COMPUTE_CHECKS.maxMemoryBytes,
    signal: COMPUTE_CHECKS.signal,
    onProgress: COMPUTE_CHECKS.onProgress,
  });
  const k = [...(opts.k ?? [1, 2, 3])];
  const native: NativeEntropyOptions = { k, normalize: opts.normalize ?? 'max-norm' };
  if (opts.project) {
    native.projectDims = opts.project.dims;
    native.seed = opts.project.seed ?? 0;
  }
  if (opts.threads !== undefined) native.threads = opts.threads;
  if (opts.maxMemoryBytes !== undefined) native.maxMemoryBytes = opts.maxMemoryBytes;
  return { native, k };
}

/**
 * The differential entropy of one layer's activations, computed off the main thread.
 *
 * @param x - activations, rows = samples (S × d); S must exceed the largest k
 * @param options - see {@link KnnEntropyOptions}
 * @returns the entropy in nats (mean over k), each H_k, and the floored rows
 * @throws RepsimError (as a rejected Promise) `BAD_INPUT`, `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES`, `NON_FINITE`, `ZERO_VARIANCE` (every column constant), `OUT_OF_RANGE`, `BAD_OPTION`
 *
 * @example
 * ```ts
 * const { entropy } = await knnEntropy({ data: acts, shape: [2000, 256] });
 * ```
 */
export async function knnEntropy(x: MatrixInput, options?: KnnEntropyOptions): Promise<KnnEntropyResult> {
  return runAsync(entropyOfRows('knnEntropy', x, undefined, options), Infinity, controlOf(options)).then(
    (r) => r.results[0] as KnnEntropyResult,
  );
}

/** {@link knnEntropy} on the calling thread. @throws RepsimError as {@link knnEntropy} */
export function knnEntropySync(x: MatrixInput, options?: KnnEntropyOptions): KnnEntropyResult {
  return runSync(entropyOfRows('knnEntropySync', x, undefined, options)).results[0] as KnnEntropyResult;
}

/**
 * The entropy of all rows (no labels) or of each class's rows: one native
 * call per class, run together by the Promise forms.
 */
function* entropyOfRows(
  fn: string,
  x: MatrixInput,
  labels: ArrayLike<number> | undefined,
  options: unknown,
): Program<LabelEntropies> {
  const { native, k } = prepare(fn, options);
  const matrix = toMatrix(x, 'x');
  const groups = labels === undefined ? undefined : rowsByLabel(fn, labels, matrix.rows);
  const subsets =
    groups === undefined ? [matrix] : [...groups.values()].map((rows) => selectRows(matrix, rows));
  const results = (yield subsets.map((m) =>
    onAddon((addon, async) => dual(addon.knnEntropy, async, m, native)),
  )) as NativeEntropyResult[];
  return {
    classes: groups === undefined ? [] : [...groups.keys()],
    results: results.map((r) => withK(r, k)),
  };
}

/** The result of {@link knnEntropyByLabel}: one entropy per class. */
export interface LabelEntropies {
  /** The distinct labels, ascending. */
  readonly classes: readonly number[];
  /** The entropy of each class's rows (normalised on their own), in the order of `classes`. */
  readonly results: readonly KnnEntropyResult[];
}

/**
 * The entropy of each class's rows separately (docs/entropy-similarity.md §1, "per label"): layers
 * separate classes progressively, so a pooled entropy hides the change.
 * Each class is normalised on its own rows.
 *
 * @param x - activations (S × d)
 * @param labels - one integer label per row
 * @param options - as {@link knnEntropy}
 * @throws RepsimError `SHAPE_MISMATCH` (labels vs rows), `BAD_INPUT` (non-integer label),
 *   and as {@link knnEntropy} for each class (e.g. `TOO_FEW_SAMPLES` for a tiny class)
 */
export function knnEntropyByLabelSync(
  x: MatrixInput,
  labels: ArrayLike<number>,
  options?: KnnEntropyOptions,
): LabelEntropies {
  return runSync(entropyOfRows('knnEntropyByLabelSync', x, labels, options));
}

/** {@link knnEntropyByLabelSync} off the main thread. @throws RepsimError as {@link knnEntropyByLabelSync} */
export async function knnEntropyByLabel(
  x: MatrixInput,
  labels: ArrayLike<number>,
  options?: KnnEntropyOptions,
): Promise<LabelEntropies> {
  return runAsync(entropyOfRows('knnEntropyByLabel', x, labels, options), Infinity, controlOf(options));
}
