/**
 * The layer × layer similarity matrix of two models (or of one model with
 * itself) in one native call. Per-layer work -- centring, Gram tiles, RBF
 * bandwidths -- is done once for all pairs: linear CKA takes either one
 * rank-k product of every layer side by side (feature space) or one product
 * of every layer's stacked, centred Gram tiles (Gram space), whichever is
 * cheaper for the sizes.
 */
import { LayerMatrix } from '../layer-matrix.js';
import { toLayers, type LayerInput } from '../layers.js';
import { callAsync, callSync, type NativeMatrixResult, type NativeSimilarityOptions } from '../native.js';
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
export type LayerMetric = 'linear-cka' | 'debiased-cka' | 'kernel-cka';

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
}

interface Prepared {
  readonly native: NativeSimilarityOptions;
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
    metric: oneOf('linear-cka', 'debiased-cka', 'kernel-cka'),
    form: oneOf('auto', 'feature', 'gram'),
    ...KERNEL_CHECKS,
    ...COMPUTE_CHECKS,
  });
  const metric = (opts.metric as LayerMetric | undefined) ?? 'linear-cka';
  const kernelKeys = ['kernel', 'threshold', 'sigma', 'degree', 'gamma', 'coef0', 'debiased'];
  const stray =
    metric === 'kernel-cka'
      ? opts.form === undefined
        ? []
        : ['form']
      : kernelKeys.filter((k) => opts[k] !== undefined);
  if (stray.length > 0) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: option '${stray[0]}' does not apply to metric '${metric}'` +
        (metric === 'kernel-cka' ? '' : " (kernel options need metric: 'kernel-cka')"),
    );
  }
  const native: NativeSimilarityOptions =
    metric === 'kernel-cka'
      ? { ...kernelSpec(fn, opts), ...computeSpec(opts) }
      : { ...computeSpec(opts), kernel: 'linear', debiased: metric === 'debiased-cka' };
  if (opts.form !== undefined) native.form = opts.form as 'auto' | 'feature' | 'gram';

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
 * @throws RepsimError as {@link linearCKA} / {@link kernelCKA}, naming the layer
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
  return assemble(p, await callAsync((addon) => addon.layerSimilarity(p.layers, p.native, true)));
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
    callSync((addon) => addon.layerSimilarity(p.layers, p.native, false)),
  );
}
