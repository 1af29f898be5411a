/**
 * Metrics named by a string -- `'linear-cka'`, `'svcca'`, ... (the names,
 * families and applicable options of `registry.ts`) -- validated once and
 * turned into the native options: {@link layerSimilarity} and the statistics
 * in `stats/` name metrics the same way.
 */
import { CCA_COMMON_CHECKS, EPSILON_CHECK, KEEP_CHECK, ccaSpec, type SVCCAKeep } from './cca/options.js';
import { RepsimError } from '../base/errors.js';
import type { NativeCcaOptions, NativeMeasureOptions, NativeSimilarityOptions } from '../native/addon.js';
import {
  boolean,
  finite,
  integerIn,
  nonNegative,
  oneOf,
  positive,
  type OptionCheck,
} from '../base/options.js';
import { metricEntry, metricNames, type MeasureName, type MetricName } from './registry.js';
import {
  COMPUTE_CHECKS,
  KERNEL_CHECKS,
  computeSpec,
  kernelSpec,
  type ComputeOptions,
} from './similarity-options.js';

/**
 * The CCA-family metrics: `'cca'` (mean ρ), `'svcca'` (mean ρ after
 * {@link MetricOptions.keep}), `'pwcca'` (PWCCA similarity; on equal widths
 * the first layer's weights, so not symmetric) and `'procrustes'` (orthogonal
 * Procrustes *distance*: 0 for identical layers).
 */
export type CCALayerMetric = 'cca' | 'svcca' | 'pwcca' | 'procrustes';

/**
 * A metric named by a string: `'linear-cka'`, `'debiased-cka'` (linear CKA
 * with the unbiased HSIC estimator), `'kernel-cka'` (see {@link MetricOptions.kernel})
 * or one of the CCA family ({@link CCALayerMetric}).
 */
export type LayerMetric = Exclude<MetricName, 'entropy-similarity'>;

/**
 * The options of a named metric. The kernel options (`kernel`, `threshold`,
 * `sigma`, `degree`, `gamma`, `coef0`, `debiased`) apply to `'kernel-cka'`
 * only, with the meanings of {@link KernelCKAOptions}; `form` applies to the
 * linear metrics only; an option given for a metric it does not apply to is
 * a `BAD_OPTION`.
 */
export interface MetricOptions extends ComputeOptions {
  /** Linear metrics: `'auto'` (default), `'feature'` or `'gram'`, as in {@link LinearCKAOptions}. */
  readonly form?: 'auto' | 'feature' | 'gram';
  /** `'kernel-cka'`: `'rbf'` (default) or `'polynomial'`. */
  readonly kernel?: 'rbf' | 'polynomial';
  readonly threshold?: number;
  readonly sigma?: number;
  readonly degree?: number;
  readonly gamma?: number;
  readonly coef0?: number;
  readonly debiased?: boolean;
  /** `'svcca'` only: as {@link SVCCAOptions.keep}. */
  readonly keep?: SVCCAKeep;
  /** `'pwcca'` only: as {@link PWCCAOptions.weights}. */
  readonly weights?: 'paper' | 'svcca-repo';
  /** `'cca'`, `'pwcca'`: as {@link CCAOptions.epsilon}. */
  readonly epsilon?: number;
  /** CCA metrics: as {@link CCACommonOptions.allowUnderdetermined}. */
  readonly allowUnderdetermined?: boolean;
  /**
   * `'shape-metric'`: partial whitening in [0, 1]; 1 (default) allows
   * rotations only (Procrustes), 0 any invertible linear map (CCA-like).
   */
  readonly alpha?: number;
  /** `'shape-metric'`: `'angular'` (default, arc length in [0, π/2]) or `'euclidean'`. */
  readonly distance?: 'angular' | 'euclidean';
  /** `'gulp'`: ridge λ ≥ 0 (default 0: rank x + rank y − 2 Σρ²). */
  readonly lambda?: number;
  /** `'uniformity-difference'`: temperature t > 0 (default 2). */
  readonly t?: number;
  /** `'rsa'`: how two examples are compared within a layer: `'correlation'` (default), `'cosine'` or `'euclidean'`. */
  readonly inner?: 'correlation' | 'cosine' | 'euclidean';
  /** `'rsa'`: how the two RSMs are compared: `'spearman'` (default), `'kendall'` (τ-b) or `'pearson'`. */
  readonly outer?: 'spearman' | 'kendall' | 'pearson';
  /** `'rsm-norm-difference'`: `'spectral'` (default, as ReSi) or `'frobenius'`. */
  readonly norm?: 'spectral' | 'frobenius';
  /** Neighbourhood measures: neighbours per example, from 1 (2 for `'cknna'`) to n − 1; default 10. */
  readonly k?: number;
  /** `'mutual-knn'`, `'cknna'`: L2-normalise the rows first (platonic-rep's pipeline); default true. */
  readonly normalize?: boolean;
}

/** Every metric name `metricSpec` takes (the registry's pairwise metrics). @internal */
export const METRIC_NAMES = metricNames((m) => m.pairwise) as readonly LayerMetric[];

/** Checks a metric name (a former name too) for the functions that take one. @internal */
export const METRIC_NAME_CHECK: OptionCheck = (value) =>
  metricEntry(value)?.pairwise ? undefined : `one of ${METRIC_NAMES.map((m) => `'${m}'`).join(', ')}`;

/** Checks of {@link MetricOptions}. @internal */
export const METRIC_OPTION_CHECKS: { readonly [K in keyof MetricOptions]-?: OptionCheck } = {
  form: oneOf('auto', 'feature', 'gram'),
  ...KERNEL_CHECKS,
  ...COMPUTE_CHECKS,
  keep: KEEP_CHECK,
  weights: oneOf('paper', 'svcca-repo'),
  epsilon: EPSILON_CHECK,
  allowUnderdetermined: CCA_COMMON_CHECKS.allowUnderdetermined,
  alpha: (value) =>
    finite(value) === undefined && (value as number) >= 0 && (value as number) <= 1
      ? undefined
      : 'a number from 0 to 1',
  distance: oneOf('angular', 'euclidean'),
  lambda: nonNegative,
  t: positive,
  inner: oneOf('correlation', 'cosine', 'euclidean'),
  outer: oneOf('spearman', 'kendall', 'pearson'),
  norm: oneOf('spectral', 'frobenius'),
  k: integerIn(1, 1 << 20),
  normalize: boolean,
};

/** A named metric ready for the native core. @internal */
export type MetricSpec =
  | { readonly metric: LayerMetric; readonly family: 'cka'; readonly native: NativeSimilarityOptions }
  | {
      readonly metric: CCALayerMetric;
      readonly family: 'cca';
      readonly native: NativeCcaOptions & { metric: string };
    }
  | { readonly metric: MeasureName; readonly family: 'measure'; readonly native: NativeMeasureOptions };

/** Whether a metric reports a distance (smaller = more similar). @internal */
export function isDistance(metric: string): boolean {
  return metricEntry(metric)?.direction === 'distance';
}

/**
 * The native spec of `metric` with its validated options (`options` holds
 * {@link MetricOptions} keys; `ignore` lists other keys the caller has
 * checked itself).
 * @throws RepsimError `BAD_OPTION` for an unknown metric or an option that does not apply to it
 * @internal
 */
export function metricSpec(
  fn: string,
  metric: unknown,
  options: Readonly<Record<string, unknown>>,
  ignore: readonly string[] = [],
): MetricSpec {
  const entry = metricEntry(metric);
  if (!entry?.pairwise) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: metric must be one of ${METRIC_NAMES.map((m) => `'${m}'`).join(', ')}` +
        `, got ${typeof metric === 'string' ? `'${metric}'` : typeof metric}`,
    );
  }
  const name = entry.name as LayerMetric;
  const shared = ['metric', 'threads', 'maxMemoryBytes', 'signal', 'onProgress', ...ignore];
  const stray = Object.keys(options).filter(
    (k) => options[k] !== undefined && !shared.includes(k) && !entry.options.includes(k),
  );
  if (stray.length > 0) {
    const owners = METRIC_NAMES.filter((m) => metricEntry(m)?.options.includes(stray[0] ?? ''));
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: option '${stray[0]}' does not apply to metric '${name}'` +
        (owners.length > 0 ? ` (it applies to ${owners.map((m) => `'${m}'`).join(', ')})` : ''),
    );
  }
  if (entry.family === 'cca') {
    return { metric: name as CCALayerMetric, family: 'cca', native: { ...ccaSpec(options), metric: name } };
  }
  if (entry.family === 'measure') {
    return {
      metric: name as MeasureName,
      family: 'measure',
      native: measureSpec(name as MeasureName, options),
    };
  }
  if (name === 'kernel-cka') {
    return { metric: name, family: 'cka', native: { ...kernelSpec(fn, options), ...computeSpec(options) } };
  }
  const native: NativeSimilarityOptions = {
    ...computeSpec(options),
    kernel: 'linear',
    debiased: name === 'debiased-cka',
  };
  if (options.form !== undefined) native.form = options.form as 'auto' | 'feature' | 'gram';
  return { metric: name, family: 'cka', native };
}

/** The native options of a measure-table metric (options already checked). @internal */
export function measureSpec(
  name: MeasureName,
  options: Readonly<Record<string, unknown>>,
): NativeMeasureOptions {
  const spec: NativeMeasureOptions = { measure: name };
  for (const key of [
    'threads',
    'maxMemoryBytes',
    'alpha',
    'distance',
    'lambda',
    't',
    'inner',
    'outer',
    'norm',
    'k',
    'normalize',
  ] as const) {
    if (options[key] !== undefined) (spec as unknown as Record<string, unknown>)[key] = options[key];
  }
  return spec;
}
