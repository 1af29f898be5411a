/**
 * Canonical correlation analysis (seeds 001, 003): the canonical correlations
 * ρ₁ ≥ ρ₂ ≥ … are the singular values of Σxx^−½ Σxy Σyy^−½, equivalently of
 * QxᵀQy for orthonormal bases of the centred columns. SVCCA (Raghu et al.
 * 2017) first keeps each layer's leading singular directions.
 *
 * The native core whitens from the p × p covariances (Cholesky of the
 * correlation matrix) when they are well conditioned, and falls back to a
 * column-pivoted QR of the data, which also drops dependent columns, when
 * they are not; see ARCHITECTURE.md.
 */
import {
  CCA_COMMON_CHECKS,
  EPSILON_CHECK,
  KEEP_CHECK,
  ccaSpec,
  pairMatrices,
  type CCACommonOptions,
  type SVCCAKeep,
} from './options.js';
import { toFeatureMap, type ConvLayout } from '../../base/feature-maps.js';
import type { MatrixInput } from '../../base/matrix.js';
import type { NativeAddon, NativeCcaOptions, NativeFeatureMap } from '../../native/addon.js';
import { callAsync, callSync } from '../../native/call.js';
import { oneOf, readOptions, controlOf, type OptionCheck } from '../../base/options.js';

/** Options of {@link cca} and {@link ccaSync}. */
export interface CCAOptions extends Omit<CCACommonOptions, 'conv'> {
  /**
   * As {@link ConvOptions.conv}, plus `'dft'`: SVCCA's DFT speed-up (Raghu et al. 2017,
   * google/svcca dft_ccas.py): a 2-D DFT of every channel makes the
   * covariances block-diagonal by spatial frequency, so CCA runs per
   * frequency on c-dimensional complex data. Maps of different sizes keep
   * their common low frequencies. Exact (equal to `'flatten'`) when the
   * dataset is invariant to circular translation; an approximation otherwise.
   */
  readonly conv?: 'channels' | 'flatten' | 'dft';
  /**
   * google/svcca's regularisation: each covariance divided by its largest
   * entry, plus epsilon on the diagonal. Default 0 (exact CCA).
   */
  readonly epsilon?: number;
  /** The share of Σρ whose leading ρ `thresholdMeanRho` averages (google/svcca's); default 0.98. */
  readonly threshold?: number;
}

/** The result of {@link cca} and {@link svcca}. */
export interface CCAResult {
  /** Canonical correlations, descending, in [0, 1]; min(dimsX, dimsY) of them. */
  readonly rho: Float64Array;
  /** Mean of ρ (SVCCA's similarity). */
  readonly meanRho: number;
  /** R²_CCA = mean of ρ² (Yellapragada 2020). */
  readonly r2: number;
  /**
   * google/svcca's `get_cca_similarity` mean: the mean of the leading ρ that
   * hold `threshold` (default 0.98) of Σρ.
   */
  readonly thresholdMeanRho: number;
  /** Dimensions of x used: its rank (constant and dependent columns dropped), or SVCCA's kept dims. */
  readonly dimsX: number;
  /** Dimensions of y used. */
  readonly dimsY: number;
}

/** The result of {@link cca} with `conv: 'dft'`. */
export interface FourierCCAResult extends CCAResult {
  /** Mean ρ of each spatial frequency block, row-major frequencyHeight × frequencyWidth, in numpy's fft order. */
  readonly frequencyMeanRho: Float64Array;
  /** Frequencies kept along the height: the smaller map's height. */
  readonly frequencyHeight: number;
  /** Frequencies kept along the width: the smaller map's width. */
  readonly frequencyWidth: number;
}

/** Options of {@link svcca} and {@link svccaSync}. */
export interface SVCCAOptions extends CCACommonOptions {
  /**
   * Which singular directions of each (centred) layer to keep before CCA:
   * `{variance: 0.99}` (default) the fewest explaining 99 % of Σ s²;
   * `{energy: 0.99}` of Σ |s| instead (anatome's convention);
   * `{dims: k}` the top k. Directions without variance are never kept.
   */
  readonly keep?: SVCCAKeep;
  /** As {@link CCAOptions.threshold}: the share of Σρ `thresholdMeanRho` averages; default 0.98. */
  readonly threshold?: number;
}

/** Options of {@link pwcca} and {@link pwccaSync}. */
export interface PWCCAOptions extends CCACommonOptions {
  /**
   * `'paper'` (default): α_i ∝ Σ_j |⟨h_i, x_j⟩| with h_i the unit canonical
   * variates of the side with fewer neurons and x_j its centred neurons
   * (Morcos et al. 2018). `'svcca-repo'`: google/svcca pwcca.py's weights
   * (un-whitened directions, orthonormalised), to reproduce published
   * numbers; when y has fewer neurons pwcca.py reads x's activations by
   * mistake, repsim uses y's. repsim centres the layers first; pwcca.py does
   * not, and on uncentred activations adds feature i's mean to canonical
   * direction i, so its value depends on the SVD's arbitrary signs (MNIST
   * logits of the test fixtures: 0.7372 or 0.8087 from pwcca.py, 0.8418
   * centred, which repsim gives). Centre before running pwcca.py to compare.
   */
  readonly weights?: 'paper' | 'svcca-repo';
  /** As {@link CCAOptions.epsilon}. */
  readonly epsilon?: number;
}

/** The result of {@link pwcca}. */
export interface PWCCAResult {
  /** Σ α_i ρ_i. */
  readonly similarity: number;
  /** 1 − similarity (Morcos et al.'s distance). */
  readonly distance: number;
  /** Canonical correlations, descending. */
  readonly rho: Float64Array;
  /** α_i (sum 1), paired with rho. */
  readonly weights: Float64Array;
}

/** Options of {@link procrustes} and {@link procrustesSync}. */
export type ProcrustesOptions = Omit<CCACommonOptions, 'allowUnderdetermined'>;

/** The result of {@link procrustes}. */
export interface ProcrustesResult {
  /** min over orthogonal R of ‖X − YR‖_F with X, Y centred and of unit Frobenius norm, in [0, √2]. */
  readonly distance: number;
  /** ‖XᵀY‖_* (nuclear norm) of the normalised matrices, in [0, 1]; distance² = 2 − 2·similarity. */
  readonly similarity: number;
  /** arccos(similarity) in [0, π/2]: Williams et al.'s angular shape metric (the registry's `'angular-shape'`). */
  readonly angular: number;
}

interface PairCall {
  readonly x: Parameters<NativeAddon['cca']>[0];
  readonly y: Parameters<NativeAddon['cca']>[1];
  readonly native: NativeCcaOptions;
}

function prepare(
  fn: string,
  x: MatrixInput,
  y: MatrixInput,
  options: unknown,
  checks: Record<string, OptionCheck>,
): PairCall {
  const opts = readOptions<Record<string, unknown>>(fn, options, checks);
  const pair = pairMatrices(fn, x, y, opts);
  return { ...pair, native: ccaSpec(opts) };
}

function ccaChecks() {
  return { epsilon: EPSILON_CHECK, conv: oneOf('channels', 'flatten', 'dft'), threshold: UNIT_INTERVAL };
}

const UNIT_INTERVAL: OptionCheck = (value) =>
  typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'a number from 0 to 1';

interface FourierCall {
  readonly x: NativeFeatureMap;
  readonly y: NativeFeatureMap;
  readonly native: NativeCcaOptions;
}

function prepareCca(fn: string, x: MatrixInput, y: MatrixInput, options: unknown): PairCall | FourierCall {
  if (
    typeof options === 'object' &&
    options !== null &&
    (options as Record<string, unknown>).conv === 'dft'
  ) {
    const opts = readOptions<CCAOptions>(fn, options, { ...CCA_COMMON_CHECKS, ...ccaChecks() });
    const layout: ConvLayout = opts.layout ?? 'nhwc';
    const map = (input: MatrixInput, name: string): NativeFeatureMap => {
      const m = toFeatureMap(input, name, layout);
      return {
        data: m.data,
        rows: m.examples,
        cols: m.height * m.width * m.channels,
        height: m.height,
        width: m.width,
        channels: m.channels,
      };
    };
    return { x: map(x, 'x'), y: map(y, 'y'), native: ccaSpec(opts) };
  }
  return prepare(fn, x, y, options, { ...CCA_COMMON_CHECKS, ...ccaChecks() });
}

function isFourier(call: PairCall | FourierCall): call is FourierCall {
  return 'height' in call.x;
}

/**
 * Canonical correlations of two representations of the same examples,
 * computed off the main thread.
 *
 * @param x - activations of the first layer, rows = examples (n × p₁), or a conv map with `conv`
 * @param y - activations of the second layer for the same examples (n × p₂)
 * @param options - see {@link CCAOptions}
 * @returns ρ (descending), mean ρ, R²_CCA and the dimensions used; a
 *   {@link FourierCCAResult} with `conv: 'dft'`
 * @throws RepsimError (as a rejected Promise) `BAD_INPUT`, `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES`, `NON_FINITE`, `ZERO_VARIANCE`, `UNDERDETERMINED`,
 *   `BAD_OPTION`, `MEMORY_LIMIT`
 *
 * @example
 * ```ts
 * const { meanRho, rho } = await cca({ data: a, shape: [n, 64] }, { data: b, shape: [n, 32] });
 * ```
 */
export async function cca(x: MatrixInput, y: MatrixInput, options?: CCAOptions): Promise<CCAResult> {
  const call = prepareCca('cca', x, y, options);
  if (isFourier(call))
    return callAsync(
      (addon, mode) => addon.fourierCca(call.x, call.y, call.native, mode),
      controlOf(options),
    );
  return callAsync((addon, mode) => addon.cca(call.x, call.y, call.native, mode), controlOf(options));
}

/** {@link cca} on the calling thread. @throws RepsimError as {@link cca} */
export function ccaSync(x: MatrixInput, y: MatrixInput, options?: CCAOptions): CCAResult {
  const call = prepareCca('ccaSync', x, y, options);
  if (isFourier(call)) return callSync((addon) => addon.fourierCca(call.x, call.y, call.native, false));
  return callSync((addon) => addon.cca(call.x, call.y, call.native, false));
}

const SVCCA_CHECKS = { ...CCA_COMMON_CHECKS, keep: KEEP_CHECK, threshold: UNIT_INTERVAL };

/**
 * SVCCA (Raghu et al. 2017): keep each layer's leading singular directions
 * (99 % of the variance by default), then CCA; computed off the main thread.
 *
 * @param x - activations of the first layer (n × p₁)
 * @param y - activations of the second layer (n × p₂)
 * @param options - see {@link SVCCAOptions}
 * @returns as {@link cca}; `dimsX`/`dimsY` are the kept dimensions
 * @throws RepsimError as {@link cca}
 */
export async function svcca(x: MatrixInput, y: MatrixInput, options?: SVCCAOptions): Promise<CCAResult> {
  const call = prepare('svcca', x, y, options, SVCCA_CHECKS);
  return callAsync((addon, mode) => addon.svcca(call.x, call.y, call.native, mode), controlOf(options));
}

/** {@link svcca} on the calling thread. @throws RepsimError as {@link svcca} */
export function svccaSync(x: MatrixInput, y: MatrixInput, options?: SVCCAOptions): CCAResult {
  const call = prepare('svccaSync', x, y, options, SVCCA_CHECKS);
  return callSync((addon) => addon.svcca(call.x, call.y, call.native, false));
}

const PWCCA_CHECKS = { ...CCA_COMMON_CHECKS, weights: oneOf('paper', 'svcca-repo'), epsilon: EPSILON_CHECK };

/**
 * Projection-weighted CCA (Morcos et al. 2018), computed off the main
 * thread. Unlike CCA it is not invariant to orthogonal maps of the weighted side.
 *
 * @param x - activations of the first layer (n × p₁)
 * @param y - activations of the second layer (n × p₂)
 * @param options - see {@link PWCCAOptions}
 * @returns similarity Σ α_i ρ_i, distance 1 − similarity, ρ and the weights α
 * @throws RepsimError as {@link cca}
 */
export async function pwcca(x: MatrixInput, y: MatrixInput, options?: PWCCAOptions): Promise<PWCCAResult> {
  const call = prepare('pwcca', x, y, options, PWCCA_CHECKS);
  return callAsync((addon, mode) => addon.pwcca(call.x, call.y, call.native, mode), controlOf(options));
}

/** {@link pwcca} on the calling thread. @throws RepsimError as {@link pwcca} */
export function pwccaSync(x: MatrixInput, y: MatrixInput, options?: PWCCAOptions): PWCCAResult {
  const call = prepare('pwccaSync', x, y, options, PWCCA_CHECKS);
  return callSync((addon) => addon.pwcca(call.x, call.y, call.native, false));
}

// Procrustes has no underdetermined case: every CCA option but that one.
const PROCRUSTES_CHECKS = Object.fromEntries(
  Object.entries(CCA_COMMON_CHECKS).filter(([key]) => key !== 'allowUnderdetermined'),
);

/**
 * Orthogonal Procrustes distance (Ding et al. 2021), computed off the main
 * thread: centre, scale to unit Frobenius norm, distance² = 2 − 2‖XᵀY‖_*.
 * Invariant to orthogonal maps, isotropic scaling and translation.
 *
 * @param x - activations of the first layer (n × p₁)
 * @param y - activations of the second layer (n × p₂)
 * @param options - see {@link ProcrustesOptions}
 * @throws RepsimError as {@link cca}, except `UNDERDETERMINED`
 */
export async function procrustes(
  x: MatrixInput,
  y: MatrixInput,
  options?: ProcrustesOptions,
): Promise<ProcrustesResult> {
  const call = prepare('procrustes', x, y, options, PROCRUSTES_CHECKS);
  return callAsync((addon, mode) => addon.procrustes(call.x, call.y, call.native, mode), controlOf(options));
}

/** {@link procrustes} on the calling thread. @throws RepsimError as {@link procrustes} */
export function procrustesSync(
  x: MatrixInput,
  y: MatrixInput,
  options?: ProcrustesOptions,
): ProcrustesResult {
  const call = prepare('procrustesSync', x, y, options, PROCRUSTES_CHECKS);
  return callSync((addon) => addon.procrustes(call.x, call.y, call.native, false));
}
