/**
 * Permutation tests of every cell of a layer × layer matrix in one native
 * call: each cell is tested exactly as {@link permutationTest} tests a pair
 * (same seeded shuffles, same routes), but each layer's centred Gram matrix
 * is built once and shared by all its cells (A + B Grams instead of 2·A·B),
 * which is most of the cost of kernel CKA's tests.
 */
import { LayerMatrix } from '../base/layer-matrix.js';
import { toLayers, type LayerInput } from '../base/layers.js';
import { controlOf, readOptions } from '../base/options.js';
import type { NativeAddon, NativeLayerResampleResult } from '../native/addon.js';
import { callAsync, callSync, dual, type CallMode } from '../native/call.js';
import {
  METRIC_OPTION_CHECKS,
  metricSpec,
  type LayerMetric,
  type MetricOptions,
} from '../metrics/metric-spec.js';
import {
  PERMUTATION_CHECKS,
  alternativeOf,
  mean,
  permutationPValue,
  type ResamplingRoute,
} from './resampling.js';

/** Options of {@link permutationTestLayers}: the metric's own options too. */
export interface LayerPermutationTestOptions extends MetricOptions {
  /** Permutations of B's rows per cell; default 1000. */
  readonly permutations?: number;
  /** Seed of the permutations (the same for every cell); default 0. */
  readonly seed?: number;
  /** `'greater'` (default for similarities) or `'less'` (default for `'procrustes'`). */
  readonly alternative?: 'greater' | 'less';
}

/** What {@link permutationTestLayers} returns. */
export interface LayerPermutationTestResult {
  /**
   * The metric of every pair of layers. A cell tested from shared Grams has
   * its value computed from them too (equal to the pair function to ~1e-12).
   */
  readonly values: LayerMatrix;
  /** The permutation p-value of every cell, (1 + extreme) / (1 + permutations). */
  readonly pValues: LayerMatrix;
  /** The mean of every cell's null distribution. */
  readonly nullMeans: LayerMatrix;
  readonly permutations: number;
  readonly alternative: 'greater' | 'less';
  /** Each cell's route, row by row (see {@link ResamplingRoute}). */
  readonly routes: readonly ResamplingRoute[];
  /** Centred Gram matrices built: at most one per layer when they fit `maxMemoryBytes` together. */
  readonly gramsBuilt: number;
}

const OWN_KEYS = ['permutations', 'seed', 'alternative', 'onProgress'];

function prepare(
  fn: string,
  metric: LayerMetric,
  layersA: LayerInput,
  layersB: LayerInput | undefined,
  options: unknown,
) {
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    ...METRIC_OPTION_CHECKS,
    ...PERMUTATION_CHECKS,
  });
  const spec = metricSpec(fn, metric, opts, OWN_KEYS);
  const a = toLayers(layersA, 'layersA');
  const b = layersB === undefined ? undefined : toLayers(layersB, 'layersB');
  const permutations = (opts.permutations as number | undefined) ?? 1000;
  return {
    layers: b ? [...a.matrices, ...b.matrices] : a.matrices,
    labelsA: a.labels,
    labelsB: b ? b.labels : a.labels,
    rowsA: a.matrices.length,
    within: b === undefined,
    metric: spec.metric,
    native: {
      ...spec.native,
      family: spec.family,
      kind: 'permutation' as const,
      count: permutations,
      seed: (opts.seed as number | undefined) ?? 0,
      rowsA: a.matrices.length,
      within: b === undefined,
    },
    permutations,
    alternative: alternativeOf(spec.metric, opts.alternative),
  };
}

type Plan = ReturnType<typeof prepare>;

function run(addon: NativeAddon, p: Plan, mode: CallMode) {
  return dual(addon.resampleLayers, mode, p.layers, p.native);
}

function assemble(p: Plan, r: NativeLayerResampleResult): LayerPermutationTestResult {
  const cells = r.rows * r.cols;
  const pValues = new Float64Array(cells);
  const nullMeans = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const nulls = r.values.subarray(cell * p.permutations, (cell + 1) * p.permutations);
    pValues[cell] = permutationPValue(r.value[cell] ?? Number.NaN, nulls, p.alternative);
    nullMeans[cell] = mean(nulls);
  }
  const matrix = (metric: string, values: Float64Array) =>
    new LayerMatrix({ metric, rows: r.rows, cols: r.cols, values, labelsA: p.labelsA, labelsB: p.labelsB });
  return {
    values: matrix(p.metric, r.value),
    pValues: matrix(`${p.metric} p-value`, pValues),
    nullMeans: matrix(`${p.metric} null mean`, nullMeans),
    permutations: p.permutations,
    alternative: p.alternative,
    routes: r.routes,
    gramsBuilt: r.gramsBuilt,
  };
}

/**
 * A permutation test of every pair of layers of A and B (or, with `layersB`
 * omitted, of A with itself), with each layer's expensive work done once: the
 * same p-values as {@link permutationTest} cell by cell, for a fraction of the
 * cost when the metric takes the Gram route (kernel CKA, wide layers).
 *
 * @param metric - a metric name ({@link LayerMetric})
 * @param layersA - A's layers: an array, or an object / Map of named layers
 * @param layersB - B's layers, on the same examples
 * @param options - see {@link LayerPermutationTestOptions}
 * @throws RepsimError as the metric and {@link permutationTest}
 * @example
 * ```ts
 * const t = await permutationTestLayers('kernel-cka', layersA, layersB, { permutations: 500 });
 * t.pValues.get('conv1', 'conv1');
 * ```
 */
export async function permutationTestLayers(
  metric: LayerMetric,
  layersA: LayerInput,
  layersB?: LayerInput,
  options?: LayerPermutationTestOptions,
): Promise<LayerPermutationTestResult> {
  const p = prepare('permutationTestLayers', metric, layersA, layersB, options);
  const r = await callAsync(async (addon, mode) => await run(addon, p, mode), controlOf(options));
  return assemble(p, r);
}

/** {@link permutationTestLayers} on the calling thread. @throws RepsimError as {@link permutationTestLayers} */
export function permutationTestLayersSync(
  metric: LayerMetric,
  layersA: LayerInput,
  layersB?: LayerInput,
  options?: LayerPermutationTestOptions,
): LayerPermutationTestResult {
  const p = prepare('permutationTestLayersSync', metric, layersA, layersB, options);
  return assemble(p, callSync((addon) => run(addon, p, false)) as NativeLayerResampleResult);
}
