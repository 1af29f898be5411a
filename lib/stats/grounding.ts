/**
 * Grounding a similarity metric in function (Ding, Denain & Steinhardt 2021,
 * Ding et al. 2021; Kornblith et al. 2019): does the metric's dissimilarity track
 * functional differences across many model pairs (rank correlation), does it
 * find the corresponding layer of another seed (specificity), and does it
 * notice when the directions that matter are deleted (sensitivity)?
 */
import { RepsimError } from '../base/errors.js';
import { spearman } from '../metrics/functional.js';
import { toLayers, type LayerInput } from '../base/layers.js';
import { toMatrix, type Matrix, type MatrixInput } from '../base/matrix.js';
import { layerSimilarity } from '../metrics/layer-similarity.js';
import {
  METRIC_OPTION_CHECKS,
  isDistance,
  metricSpec,
  type LayerMetric,
  type MetricOptions,
} from '../metrics/metric-spec.js';
import { callAsync } from '../native/call.js';
import { native } from '../native/load.js';
import { integerIn, oneOf, openUnitInterval, readOptions, type OptionCheck } from '../base/options.js';
import {
  checked,
  namedMetricValue,
  percentileInterval,
  rejectMetricOptions,
  type StatsMetric,
} from './resampling.js';

/** One model pair of a grounding benchmark. */
export interface GroundingPair {
  /** Representation of model A (rows = examples). */
  readonly a: MatrixInput;
  /** Representation of model B on the same examples. */
  readonly b: MatrixInput;
  /** How differently the two models behave, e.g. the difference in accuracy or their disagreement rate. */
  readonly functionalDifference: number;
}

/** Options of {@link rankCorrelation}. */
export interface RankCorrelationOptions extends MetricOptions {
  /** Bootstrap resamples of the pairs for the interval; default 1000. */
  readonly resamples?: number;
  /** Seed of the resamples; default 0. */
  readonly seed?: number;
  /** Confidence level; default 0.95. */
  readonly level?: number;
  /**
   * Function metrics: whether the function returns a `'similarity'` (default;
   * dissimilarity = 1 − value) or a `'distance'` (used as is). Named metrics
   * know their own (`'procrustes'` is a distance).
   */
  readonly direction?: 'similarity' | 'distance';
}

/** The result of {@link rankCorrelation}. */
export interface RankCorrelationResult {
  /** Spearman correlation between the metric's dissimilarity and the functional difference. */
  readonly rho: number;
  /** Percentile bootstrap interval of rho (pairs resampled with replacement). */
  readonly low: number;
  readonly high: number;
  readonly level: number;
  /** Resamples that entered the interval (those with a constant series have no correlation and are left out). */
  readonly resamples: number;
  /** The metric's dissimilarity for each pair, in order. */
  readonly dissimilarities: Float64Array;
  readonly functionalDifferences: Float64Array;
}

/** Options of {@link specificity}. */
export type SpecificityOptions = MetricOptions;

/** The result of {@link specificity}. */
export interface SpecificityResult {
  /** Share of (layer, ordered seed pair) cases where the most similar layer of the other seed has the same index. */
  readonly accuracy: number;
  /** The same share for each layer index. */
  readonly perLayer: Float64Array;
  readonly seeds: number;
  readonly layers: number;
}

/** Options of {@link sensitivity}. */
export interface SensitivityOptions extends MetricOptions {
  /** How many top principal components to delete, one comparison each; default 0, 1, 2, 4, … below the width. */
  readonly dropComponents?: readonly number[];
}

/** The result of {@link sensitivity}. */
export interface SensitivityResult {
  /** The numbers of components deleted. */
  readonly dropped: readonly number[];
  /** The metric between x and x without its top k components, for each k (Procrustes: the distance). */
  readonly values: Float64Array;
  /** Share of x's variance the deleted components held. */
  readonly removedVariance: Float64Array;
}

const componentList: OptionCheck = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((k) => Number.isInteger(k) && (k as number) >= 0)
    ? undefined
    : 'a non-empty array of non-negative integers';

/** The metric on one pair, as a function of two matrices. */
function pairValue(
  fn: string,
  metric: StatsMetric,
  opts: Readonly<Record<string, unknown>>,
  own: readonly string[],
): (a: Matrix, b: Matrix) => Promise<number> {
  if (typeof metric === 'function') {
    rejectMetricOptions(fn, opts, own);
    return async (a, b) => checked(fn, await metric(a, b), 'a pair');
  }
  metricSpec(fn, metric, opts, own); // validates the name and options now, before any work
  return (a, b) => namedMetricValue(fn, metric, a, b, opts, own);
}

function metricIsDistance(metric: StatsMetric, direction: unknown): boolean {
  return typeof metric === 'string' ? isDistance(metric) : direction === 'distance';
}

/**
 * Ding et al.'s grounding statistic: across model pairs, the Spearman
 * correlation between a metric's dissimilarity (1 − similarity, or the
 * distance) and the pairs' functional differences, with a bootstrap
 * interval over pairs. A metric that tracks function scores near 1.
 *
 * @param pairs - at least 4 model pairs
 * @param metric - a metric name or a function `(a, b) => number`
 * @throws RepsimError `BAD_INPUT` (fewer than 4 pairs, a non-finite difference),
 *   `ZERO_VARIANCE` (every dissimilarity or every difference equal), and as the metric
 */
export async function rankCorrelation(
  pairs: readonly GroundingPair[],
  metric: StatsMetric,
  options?: RankCorrelationOptions,
): Promise<RankCorrelationResult> {
  const fn = 'rankCorrelation';
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    ...METRIC_OPTION_CHECKS,
    resamples: integerIn(1, 1_000_000),
    seed: integerIn(0, Number.MAX_SAFE_INTEGER),
    level: openUnitInterval,
    direction: oneOf('similarity', 'distance'),
  });
  const own = ['resamples', 'seed', 'level', 'direction'];
  if (!Array.isArray(pairs) || pairs.length < 4) {
    throw new RepsimError(
      'BAD_INPUT',
      `${fn}: needs an array of at least 4 pairs {a, b, functionalDifference}`,
    );
  }
  const value = pairValue(fn, metric, opts, own);
  const distance = metricIsDistance(metric, opts.direction);
  const m = pairs.length;
  const dissimilarities = new Float64Array(m);
  const differences = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const pair = pairs[i] as GroundingPair;
    if (typeof pair.functionalDifference !== 'number' || !Number.isFinite(pair.functionalDifference)) {
      throw new RepsimError('BAD_INPUT', `${fn}: pairs[${i}].functionalDifference must be a finite number`);
    }
    differences[i] = pair.functionalDifference;
    const v = await value(toMatrix(pair.a, `pairs[${i}].a`), toMatrix(pair.b, `pairs[${i}].b`));
    dissimilarities[i] = distance ? v : 1 - v;
  }
  const rho = spearman(dissimilarities, differences);

  const resamples = (opts.resamples as number | undefined) ?? 1000;
  const level = (opts.level as number | undefined) ?? 0.95;
  const indices = native().resampleIndices(
    'bootstrap',
    m,
    (opts.seed as number | undefined) ?? 0,
    0,
    resamples,
  );
  const replicates: number[] = [];
  const a = new Float64Array(m);
  const b = new Float64Array(m);
  for (let s = 0; s < resamples; s++) {
    for (let i = 0; i < m; i++) {
      const k = indices[s * m + i] ?? 0;
      a[i] = dissimilarities[k] ?? 0;
      b[i] = differences[k] ?? 0;
    }
    try {
      replicates.push(spearman(a, b));
    } catch {
      // A resample of identical values has no rank correlation: left out and counted.
    }
  }
  return {
    rho,
    ...(replicates.length > 0 ? percentileInterval(replicates, level) : { low: rho, high: rho }),
    level,
    resamples: replicates.length,
    dissimilarities,
    functionalDifferences: differences,
  };
}

/**
 * Kornblith et al.'s specificity test: given the layers of several networks
 * trained from different seeds, for each layer of each network find the
 * most similar layer of every other network; a good metric picks the layer
 * at the same depth. Named metrics compute all layers of all seeds in one
 * {@link layerSimilarity} pass.
 *
 * @param layersBySeed - one entry per seed, each the same number of layers
 * @param metric - a metric name or a function `(a, b) => number` (a similarity: larger is more alike)
 * @throws RepsimError `BAD_INPUT` (fewer than 2 seeds or layers, unequal layer counts), and as the metric
 */
export async function specificity(
  layersBySeed: readonly LayerInput[],
  metric: StatsMetric,
  options?: SpecificityOptions,
): Promise<SpecificityResult> {
  const fn = 'specificity';
  const opts = readOptions<Record<string, unknown>>(fn, options, METRIC_OPTION_CHECKS);
  if (!Array.isArray(layersBySeed) || layersBySeed.length < 2) {
    throw new RepsimError('BAD_INPUT', `${fn}: needs the layers of at least 2 seeds`);
  }
  const seeds = (layersBySeed as readonly LayerInput[]).map(
    (layers, s) => toLayers(layers, `layersBySeed[${s}]`).matrices,
  );
  const layers = seeds[0]?.length ?? 0;
  seeds.forEach((list, s) => {
    if (list.length !== layers) {
      throw new RepsimError(
        'BAD_INPUT',
        `${fn}: seed ${s} has ${list.length} layers but seed 0 has ${layers}; every seed needs the same layers`,
      );
    }
  });
  if (layers < 2) throw new RepsimError('BAD_INPUT', `${fn}: needs at least 2 layers per seed`);

  const all = seeds.flat();
  const size = all.length;
  const table = new Float64Array(size * size);
  if (typeof metric === 'string') {
    const matrix = await layerSimilarity(all, undefined, { ...opts, metric });
    table.set(matrix.values);
  } else {
    const value = pairValue(fn, metric, opts, []);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const si = Math.floor(i / layers);
        const sj = Math.floor(j / layers);
        if (si !== sj) table[i * size + j] = await value(all[i] as Matrix, all[j] as Matrix);
      }
    }
  }
  const better = isDistance(metric as LayerMetric)
    ? (a: number, b: number) => a < b
    : (a: number, b: number) => a > b;
  const hits = new Float64Array(layers);
  const trials = seeds.length * (seeds.length - 1);
  for (let si = 0; si < seeds.length; si++) {
    for (let sj = 0; sj < seeds.length; sj++) {
      if (si === sj) continue;
      for (let l = 0; l < layers; l++) {
        const row = (si * layers + l) * size + sj * layers;
        let best = 0;
        for (let k = 1; k < layers; k++) {
          if (better(table[row + k] ?? 0, table[row + best] ?? 0)) best = k;
        }
        if (best === l) hits[l] = (hits[l] ?? 0) + 1;
      }
    }
  }
  const perLayer = hits.map((h) => h / trials);
  return { accuracy: perLayer.reduce((a, b) => a + b, 0) / layers, perLayer, seeds: seeds.length, layers };
}

/**
 * Ding et al.'s sensitivity test: the metric between a representation and
 * itself with its top k principal components deleted, for several k. A
 * metric that is sensitive to what matters drops as the leading components
 * go (linear CKA and Procrustes do; CCA, being invariant to invertible linear
 * maps, stays at 1 on the remaining directions).
 *
 * @param x - the representation, rows = examples
 * @param metric - a metric name or a function `(a, b) => number`
 * @throws RepsimError `BAD_OPTION` (k at least the number of features), and as the metric
 */
export async function sensitivity(
  x: MatrixInput,
  metric: StatsMetric,
  options?: SensitivityOptions,
): Promise<SensitivityResult> {
  const fn = 'sensitivity';
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    ...METRIC_OPTION_CHECKS,
    dropComponents: componentList,
  });
  const matrix = toMatrix(x, 'x');
  const dropped = (opts.dropComponents as number[] | undefined) ?? defaultDrops(matrix.cols);
  const tooMany = dropped.find((k) => k >= matrix.cols);
  if (tooMany !== undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: cannot delete ${tooMany} components of x, which has ${matrix.cols} features (nothing would be left)`,
    );
  }
  const value = pairValue(fn, metric, opts, ['dropComponents']);
  const values = new Float64Array(dropped.length);
  const removedVariance = new Float64Array(dropped.length);
  const budget: { threads?: number; maxMemoryBytes?: number } = {};
  if (opts.threads !== undefined) budget.threads = opts.threads as number;
  if (opts.maxMemoryBytes !== undefined) budget.maxMemoryBytes = opts.maxMemoryBytes as number;
  for (let i = 0; i < dropped.length; i++) {
    const reduced = await callAsync((addon) =>
      addon.withoutPrincipalComponents(matrix, { ...budget, drop: dropped[i] ?? 0 }, true),
    );
    removedVariance[i] = reduced.removedVariance;
    values[i] = await value(matrix, reduced);
  }
  return { dropped, values, removedVariance };
}

function defaultDrops(width: number): number[] {
  const out = [0];
  for (let k = 1; k < width; k *= 2) out.push(k);
  return out;
}
