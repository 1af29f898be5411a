/**
 * The layer × layer similarity matrix of two models (or of one model with
 * itself) in one native call. Per-layer work -- centring, Gram tiles, RBF
 * bandwidths -- is done once for all pairs: linear CKA takes either one
 * rank-k product of every layer side by side (feature space) or one product
 * of every layer's stacked, centred Gram tiles (Gram space), whichever is
 * cheaper for the sizes. The CCA family shares one covariance pass of every
 * layer side by side and builds each layer's whitening (or principal) basis
 * once; each pair then costs one p_a × p_b product and SVD.
 */
import { LayerMatrix } from '../layer-matrix.js';
import { toLayers, type LayerInput } from '../layers.js';
import {
  callAsync,
  callSync,
  type NativeAddon,
  type NativeCcaOptions,
  type NativeMatrixResult,
  type NativeSimilarityOptions,
} from '../native.js';
import { CCA_COMMON_CHECKS, EPSILON_CHECK, KEEP_CHECK, ccaSpec, type SVCCAKeep } from '../cca-options.js';
import { oneOf, readOptions } from '../options.js';
import { RepsimError } from '../errors.js';
import {
  COMPUTE_CHECKS,
  KERNEL_CHECKS,
  computeSpec,
  kernelSpec,
  type ComputeOptions,
} from '../similarity-options.js';

/** The metrics {@link layerSimilarity} computes. */
export type LayerMetric = 'linear-cka' | 'debiased-cka' | 'kernel-cka' | CCALayerMetric;

/**
 * The CCA-family metrics of {@link layerSimilarity}: `'cca'` (mean ρ),
 * `'svcca'` (mean ρ after {@link SVCCAOptions.keep}), `'pwcca'` (PWCCA
 * similarity; on equal widths the row layer's weights, so not symmetric) and
 * `'procrustes'` (orthogonal Procrustes *distance*: 0 on the diagonal).
 */
export type CCALayerMetric = 'cca' | 'svcca' | 'pwcca' | 'procrustes';

const CCA_METRICS: readonly string[] = ['cca', 'svcca', 'pwcca', 'procrustes'];

/**
 * Options of {@link layerSimilarity}. The kernel options (`kernel`,
 * `threshold`, `sigma`, `degree`, `gamma`, `coef0`, `debiased`) apply to
 * `metric: 'kernel-cka'` only, with the meanings of {@link KernelCKAOptions};
 * `form` applies to the linear metrics only.
 */
export interface LayerSimilarityOptions extends ComputeOptions {
  /**
   * `'linear-cka'` (default), `'debiased-cka'` (linear CKA with the unbiased
   * HSIC estimator) or `'kernel-cka'`.
   */
  readonly metric?: LayerMetric;
  /** Linear metrics: `'auto'` (default), `'feature'` or `'gram'`, as in {@link LinearCKAOptions}. */
  readonly form?: 'auto' | 'feature' | 'gram';
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
}

interface Prepared {
  readonly native: NativeSimilarityOptions | (NativeCcaOptions & { metric: string });
  readonly metric: LayerMetric;
  readonly layers: ReturnType<typeof toLayers>['matrices'];
  readonly labelsA: string[] | undefined;
  readonly labelsB: string[] | undefined;
  readonly countA: number;
  readonly within: boolean;
}

function prepare(
  fn: string,
  layersA: LayerInput,
  layersB: LayerInput | undefined,
  options: unknown,
): Prepared {
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    metric: oneOf('linear-cka', 'debiased-cka', 'kernel-cka', ...CCA_METRICS),
    form: oneOf('auto', 'feature', 'gram'),
    ...KERNEL_CHECKS,
    ...COMPUTE_CHECKS,
    keep: KEEP_CHECK,
    weights: oneOf('paper', 'svcca-repo'),
    epsilon: EPSILON_CHECK,
    allowUnderdetermined: CCA_COMMON_CHECKS.allowUnderdetermined,
  });
  const metric = (opts.metric as LayerMetric | undefined) ?? 'linear-cka';
  const applicable: Record<string, readonly string[]> = {
    'linear-cka': ['form'],
    'debiased-cka': ['form'],
    'kernel-cka': ['kernel', 'threshold', 'sigma', 'degree', 'gamma', 'coef0', 'debiased'],
    cca: ['epsilon', 'allowUnderdetermined'],
    svcca: ['keep', 'allowUnderdetermined'],
    pwcca: ['weights', 'epsilon', 'allowUnderdetermined'],
    procrustes: [],
  };
  const shared = ['metric', 'threads', 'maxMemoryBytes'];
  const stray = Object.keys(opts).filter(
    (k) => opts[k] !== undefined && !shared.includes(k) && !(applicable[metric] ?? []).includes(k),
  );
  if (stray.length > 0) {
    const owners = Object.keys(applicable).filter((m) => applicable[m]?.includes(stray[0] ?? ''));
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: option '${stray[0]}' does not apply to metric '${metric}'` +
        (owners.length > 0 ? ` (it applies to ${owners.map((m) => `'${m}'`).join(', ')})` : ''),
    );
  }
  let native: Prepared['native'];
  if (CCA_METRICS.includes(metric)) {
    native = { ...ccaSpec(opts), metric };
  } else if (metric === 'kernel-cka') {
    native = { ...kernelSpec(fn, opts), ...computeSpec(opts) };
  } else {
    native = { ...computeSpec(opts), kernel: 'linear', debiased: metric === 'debiased-cka' };
    if (opts.form !== undefined) native.form = opts.form as 'auto' | 'feature' | 'gram';
  }

  const a = toLayers(layersA, 'layersA');
  const b = layersB === undefined ? undefined : toLayers(layersB, 'layersB');
  return {
    native,
    metric,
    layers: b ? [...a.matrices, ...b.matrices] : a.matrices,
    labelsA: a.labels,
    labelsB: b ? b.labels : a.labels,
    countA: a.matrices.length,
    within: b === undefined,
  };
}

function run(addon: NativeAddon, p: Prepared, async: false): NativeMatrixResult;
function run(addon: NativeAddon, p: Prepared, async: true): Promise<NativeMatrixResult>;
function run(
  addon: NativeAddon,
  p: Prepared,
  async: boolean,
): NativeMatrixResult | Promise<NativeMatrixResult> {
  if ('metric' in p.native) {
    return async ? addon.layerCca(p.layers, p.native, true) : addon.layerCca(p.layers, p.native, false);
  }
  return async
    ? addon.layerSimilarity(p.layers, p.native, true)
    : addon.layerSimilarity(p.layers, p.native, false);
}

function assemble(p: Prepared, result: NativeMatrixResult): LayerMatrix {
  const cols = p.within ? p.countA : result.cols - p.countA;
  const values = new Float64Array(p.countA * cols);
  for (let i = 0; i < p.countA; i++) {
    const offset = i * result.cols + (p.within ? 0 : p.countA);
    values.set(result.values.subarray(offset, offset + cols), i * cols);
  }
  return new LayerMatrix({
    metric: p.metric,
    rows: p.countA,
    cols,
    values,
    labelsA: p.labelsA,
    labelsB: p.labelsB,
  });
}

/**
 * CKA between every layer of model A and every layer of model B (or, with
 * `layersB` omitted, between every pair of layers of A: a symmetric matrix
 * with a unit diagonal), computed off the main thread.
 *
 * @param layersA - A's layers: an array, or named (`{name: matrix}` or a Map); rows = the same examples throughout
 * @param layersB - B's layers on the same examples; omit for a within-model matrix
 * @param options - see {@link LayerSimilarityOptions}
 * @returns a {@link LayerMatrix}: rows are A's layers, columns B's
 * @throws RepsimError as {@link linearCKA} / {@link kernelCKA} / {@link cca}, naming the layer
 *
 * @example
 * ```ts
 * const m = await layerSimilarity({ conv1, conv2, fc }, { conv1: b1, conv2: b2, fc: b3 });
 * m.get('fc', 'fc');
 * ```
 */
export async function layerSimilarity(
  layersA: LayerInput,
  layersB?: LayerInput,
  options?: LayerSimilarityOptions,
): Promise<LayerMatrix> {
  const p = prepare('layerSimilarity', layersA, layersB, options);
  return assemble(p, await callAsync((addon) => run(addon, p, true)));
}

/** {@link layerSimilarity} on the calling thread. @throws RepsimError as {@link layerSimilarity} */
export function layerSimilaritySync(
  layersA: LayerInput,
  layersB?: LayerInput,
  options?: LayerSimilarityOptions,
): LayerMatrix {
  const p = prepare('layerSimilaritySync', layersA, layersB, options);
  return assemble(
    p,
    callSync((addon) => run(addon, p, false)),
  );
}
