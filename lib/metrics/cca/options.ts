/**
 * Options of the CCA family and Procrustes, with their validation, so every
 * function accepts and rejects them the same way and hands the native core
 * one shape of object.
 */
import { RepsimError } from '../../base/errors.js';
import { featureMapPair, type ConvLayout, type ConvReshape } from '../../base/feature-maps.js';
import { toMatrix, type Matrix, type MatrixInput } from '../../base/matrix.js';
import type { NativeCcaOptions } from '../../native/addon.js';
import { boolean, nonNegative, oneOf, type OptionCheck } from '../../base/options.js';
import { COMPUTE_CHECKS, type ComputeOptions } from '../similarity-options.js';

/** How 4-D conv feature maps are compared (see {@link ConvOptions}). */
export interface ConvOptions {
  /**
   * Treat `x` and `y` as conv feature maps `[n, h, w, c]` (or `[n, c, h, w]`
   * with `layout: 'nchw'`): `'channels'` makes every (example, position) a
   * sample with c features (same h × w needed), `'flatten'` makes every
   * example a sample with h·w·c features (Raghu et al. 2017's two conventions).
   * Without `conv`, extra dimensions are flattened, as `'flatten'`.
   */
  readonly conv?: ConvReshape;
  /** Memory order of conv inputs: `'nhwc'` (default, tfjs) or `'nchw'` (PyTorch, ONNX). */
  readonly layout?: ConvLayout;
}

/** Options every CCA-family function accepts. */
export interface CCACommonOptions extends ComputeOptions, ConvOptions {
  /**
   * CCA needs n − 1 ≥ p₁ + p₂ (dimensions actually used: ranks, or SVCCA's
   * kept dims): with fewer examples the column spaces must intersect and some
   * ρ are 1 whatever the data, so repsim refuses with `UNDERDETERMINED`.
   * `true` computes anyway. Default false.
   */
  readonly allowUnderdetermined?: boolean;
}

/** Checks of {@link CCACommonOptions}. @internal */
export const CCA_COMMON_CHECKS = {
  allowUnderdetermined: boolean,
  conv: oneOf('channels', 'flatten'),
  layout: oneOf('nhwc', 'nchw'),
  ...COMPUTE_CHECKS,
} as const;

/** Check of `epsilon`. @internal */
export const EPSILON_CHECK = nonNegative;

/** Which singular directions SVCCA keeps. */
export type SVCCAKeep =
  { readonly variance: number } | { readonly energy: number } | { readonly dims: number };

/** Check of SVCCA's `keep`. @internal */
export const KEEP_CHECK: OptionCheck = (value) => {
  const expected =
    '{variance: f} or {energy: f} with 0 < f ≤ 1, or {dims: k} with k an integer from 1 to 1048576';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const entries = Object.entries(value);
  if (entries.length !== 1) return expected;
  const [key, amount] = entries[0] ?? [];
  if (typeof amount !== 'number') return expected;
  if ((key === 'variance' || key === 'energy') && amount > 0 && amount <= 1) return undefined;
  if (key === 'dims' && Number.isInteger(amount) && amount >= 1 && amount <= 2 ** 20) return undefined;
  return expected;
};

/** The native options for validated CCA options. @internal */
export function ccaSpec(options: {
  readonly allowUnderdetermined?: boolean;
  readonly epsilon?: number;
  readonly threads?: number;
  readonly maxMemoryBytes?: number;
  readonly keep?: SVCCAKeep;
  readonly weights?: 'paper' | 'svcca-repo';
  readonly threshold?: number;
}): NativeCcaOptions {
  const spec: NativeCcaOptions = {};
  if (options.allowUnderdetermined !== undefined) spec.allowUnderdetermined = options.allowUnderdetermined;
  if (options.epsilon !== undefined) spec.epsilon = options.epsilon;
  if (options.threshold !== undefined) spec.threshold = options.threshold;
  if (options.threads !== undefined) spec.threads = options.threads;
  if (options.maxMemoryBytes !== undefined) spec.maxMemoryBytes = options.maxMemoryBytes;
  if (options.weights !== undefined) spec.weights = options.weights;
  if (options.keep !== undefined) {
    const [rule, value] = Object.entries(options.keep)[0] as ['variance' | 'energy' | 'dims', number];
    spec.keep = rule;
    spec.keepValue = value;
  }
  return spec;
}

/**
 * x and y as matrices: conv feature maps reshaped when `conv` is given.
 * @throws RepsimError `BAD_OPTION` for `layout` without `conv`, and as toMatrix / featureMapPair
 * @internal
 */
export function pairMatrices(
  fn: string,
  x: MatrixInput,
  y: MatrixInput,
  options: ConvOptions,
): { x: Matrix; y: Matrix } {
  if (options.conv === undefined) {
    if (options.layout !== undefined) {
      throw new RepsimError(
        'BAD_OPTION',
        `${fn}: option 'layout' applies to conv feature maps; also pass conv`,
      );
    }
    return { x: toMatrix(x, 'x'), y: toMatrix(y, 'y') };
  }
  return featureMapPair(fn, x, y, options.conv, options.layout ?? 'nhwc');
}
