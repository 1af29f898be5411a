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
import { LayerMatrix } from '../base/layer-matrix.js';
import { toLayers, type LayerInput } from '../base/layers.js';
import type { NativeAddon, NativeMatrixResult } from '../native/addon.js';
import { callAsync, callSync, dual, type CallMode } from '../native/call.js';
import { readOptions, controlOf } from '../base/options.js';
import {
  METRIC_NAME_CHECK,
  METRIC_OPTION_CHECKS,
  metricSpec,
  type LayerMetric,
  type MetricOptions,
  type MetricSpec,
} from './metric-spec.js';

export type { CCALayerMetric, LayerMetric } from './metric-spec.js';

/**
 * Options of {@link layerSimilarity}: the metric and the options that apply
 * to it ({@link MetricOptions}).
 */
export interface LayerSimilarityOptions extends MetricOptions {
  /**
   * `'linear-cka'` (default), `'debiased-cka'`, `'kernel-cka'`, `'cca'`,
   * `'svcca'`, `'pwcca'` or `'procrustes'` (see {@link LayerMetric}).
   */
  readonly metric?: LayerMetric;
}

interface Prepared {
  readonly spec: MetricSpec;
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
    metric: METRIC_NAME_CHECK,
    ...METRIC_OPTION_CHECKS,
  });
  const spec = metricSpec(fn, opts.metric ?? 'linear-cka', opts);
  const a = toLayers(layersA, 'layersA');
  const b = layersB === undefined ? undefined : toLayers(layersB, 'layersB');
  return {
    spec,
    layers: b ? [...a.matrices, ...b.matrices] : a.matrices,
    labelsA: a.labels,
    labelsB: b ? b.labels : a.labels,
    countA: a.matrices.length,
    within: b === undefined,
  };
}

function run(
  addon: NativeAddon,
  p: Prepared,
  mode: CallMode,
): NativeMatrixResult | Promise<NativeMatrixResult> {
  const { spec } = p;
  if (spec.family === 'cca') return dual(addon.layerCca, mode, p.layers, spec.native);
  if (spec.family === 'measure') {
    const options = { ...spec.native, rowsA: p.countA, within: p.within };
    return dual(addon.layerMeasure, mode, p.layers, options);
  }
  return dual(addon.layerSimilarity, mode, p.layers, spec.native);
}

function assemble(p: Prepared, result: NativeMatrixResult): LayerMatrix {
  // The measure table returns the A x B cells; the others every layer against every layer.
  const direct = p.spec.family === 'measure';
  const cols = p.within || direct ? result.cols : result.cols - p.countA;
  const values = direct ? result.values : new Float64Array(p.countA * cols);
  for (let i = 0; i < p.countA && !direct; i++) {
    const offset = i * result.cols + (p.within ? 0 : p.countA);
    values.set(result.values.subarray(offset, offset + cols), i * cols);
  }
  return new LayerMatrix({
    metric: p.spec.metric,
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
  return assemble(p, await callAsync(async (addon, mode) => await run(addon, p, mode), controlOf(options)));
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
    callSync((addon) => run(addon, p, false) as NativeMatrixResult),
  );
}
