/**
 * Significance and uncertainty for any similarity metric (Ding et al. 2021):
 * permutation tests (is this similarity more than chance?) and bootstrap
 * confidence intervals (how sure is it?).
 *
 * A named metric (`'linear-cka'`, `'svcca'`, ...) is resampled entirely in
 * the native core, reusing each layer's work across resamples (centred Gram
 * matrices for CKA, whitened columns for CCA/SVCCA permutations) with the
 * resamples split over threads. A function metric `(x, y) => number` is
 * called once per resample from JavaScript. Either way the index sets come
 * from the core's seeded streams, so a seed names the same resamples for
 * every metric, thread count and platform.
 */
import { availableParallelism } from 'node:os';

import { RepsimError } from '../base/errors.js';
import { selectRows } from '../base/rows.js';
import { toMatrix, type Matrix, type MatrixInput } from '../base/matrix.js';
import {
  METRIC_OPTION_CHECKS,
  isDistance,
  metricSpec,
  type LayerMetric,
  type MetricOptions,
} from '../metrics/metric-spec.js';
import type { NativeResampleOptions } from '../native/addon.js';
import { callAsync, dual, onAddon, runAsync, runSync, type Program, type Step } from '../native/call.js';
import { native } from '../native/load.js';
import { callback, integerIn, oneOf, openUnitInterval, readOptions, controlOf } from '../base/options.js';

/**
 * A metric computed in JavaScript: given two row-major matrices
 * `{data, rows, cols}` (rows = the same examples, resampled; every repsim
 * function accepts them as input), return a finite number. May return a Promise (for
 * example another repsim function), in which case up to
 * {@link ResamplingOptions.concurrency} resamples run at once.
 */
export type PairMetricFunction = (x: Matrix, y: Matrix) => number | Promise<number>;

/** A metric for {@link permutationTest} and {@link bootstrap}: a name, or a function. */
export type StatsMetric = LayerMetric | PairMetricFunction;

/** Options shared by {@link permutationTest} and {@link bootstrap}. */
export interface ResamplingOptions extends MetricOptions {
  /** Seed of the resamples; default 0. */
  readonly seed?: number;
  /** Function metrics returning Promises: how many run at once; default the number of cores. */
  readonly concurrency?: number;
  /**
   * Called as the resamples complete (Promise form): resamples done, resamples
   * in all (the total is the resample count from the start). About every
   * 100 ms for named metrics, after each batch for functions.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Options of {@link permutationTest}. */
export interface PermutationTestOptions extends ResamplingOptions {
  /** Number of permutations of y's rows; default 1000. */
  readonly permutations?: number;
  /**
   * Which side counts as extreme: `'greater'` (default; a similarity larger
   * than chance) or `'less'` (default for `'procrustes'`, a distance).
   */
  readonly alternative?: 'greater' | 'less';
}

/** Options of {@link bootstrap}. */
export interface BootstrapOptions extends ResamplingOptions {
  /** Number of bootstrap resamples (rows drawn with replacement); default 1000. */
  readonly resamples?: number;
  /** Confidence level of the percentile interval; default 0.95. */
  readonly level?: number;
}

/** How the resampled values were computed. */
export type ResamplingRoute = 'feature' | 'gram' | 'whitened' | 'recompute' | 'function';

/** The result of {@link permutationTest}. */
export interface PermutationTestResult {
  /** The metric on x and y as given. */
  readonly value: number;
  /**
   * (1 + #{null values at least as extreme as value}) / (1 + permutations):
   * never 0, and exact (valid) under the null of exchangeable rows.
   */
  readonly pValue: number;
  readonly nullMean: number;
  /** Sample standard deviation (n − 1) of the null values. */
  readonly nullStd: number;
  readonly permutations: number;
  readonly alternative: 'greater' | 'less';
  /** The metric on each permutation, in order. */
  readonly nullValues: Float64Array;
  readonly route: ResamplingRoute;
}

/** The result of {@link bootstrap}. */
export interface BootstrapResult {
  /** The metric on x and y as given. */
  readonly value: number;
  /** The percentile interval's ends: quantiles (1 − level)/2 and (1 + level)/2 of the replicates. */
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly resamples: number;
  /** Sample standard deviation (n − 1) of the replicates. */
  readonly standardError: number;
  /** The metric on each resample, in order. */
  readonly replicates: Float64Array;
  readonly route: ResamplingRoute;
}

/** Checks of a permutation test's own options, for `permutationTest` and `permutationTestLayers`. @internal */
export const PERMUTATION_CHECKS = {
  seed: integerIn(0, Number.MAX_SAFE_INTEGER),
  permutations: integerIn(1, 10_000_000),
  alternative: oneOf('greater', 'less'),
  onProgress: callback,
} as const;

/** The alternative asked for, else the metric's: `'less'` for a distance, `'greater'` otherwise. @internal */
export function alternativeOf(metric: unknown, asked: unknown): 'greater' | 'less' {
  if (asked === 'greater' || asked === 'less') return asked;
  return typeof metric === 'string' && isDistance(metric) ? 'less' : 'greater';
}

const RESAMPLING_CHECKS = {
  ...METRIC_OPTION_CHECKS,
  seed: PERMUTATION_CHECKS.seed,
  concurrency: integerIn(1, 1024),
  onProgress: PERMUTATION_CHECKS.onProgress,
} as const;

const OWN_KEYS = [
  'seed',
  'concurrency',
  'permutations',
  'alternative',
  'resamples',
  'level',
  'signal',
  'onProgress',
];

type Kind = 'permutation' | 'bootstrap';

/** Resampled values from either route. */
interface Resampled {
  readonly value: number;
  readonly values: Float64Array;
  readonly route: ResamplingRoute;
}

interface Plan {
  readonly kind: Kind;
  readonly count: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly x: Matrix;
  readonly y: Matrix;
  readonly metric: StatsMetric;
  readonly native?: NativeResampleOptions;
}

function plan(
  fn: string,
  kind: Kind,
  metric: unknown,
  x: MatrixInput,
  y: MatrixInput,
  opts: Record<string, unknown>,
  count: number,
): Plan {
  const base = {
    kind,
    count,
    seed: (opts.seed as number | undefined) ?? 0,
    concurrency: (opts.concurrency as number | undefined) ?? availableParallelism(),
    x: toMatrix(x, 'x'),
    y: toMatrix(y, 'y'),
  };
  if (typeof metric === 'function') {
    rejectMetricOptions(fn, opts, OWN_KEYS);
    if (base.x.rows !== base.y.rows) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `${fn}: x has ${base.x.rows} examples but y has ${base.y.rows}; rows must be the same examples in the same order`,
      );
    }
    if (base.x.rows < 2) throw new RepsimError('TOO_FEW_SAMPLES', `${fn}: needs at least 2 examples (rows)`);
    return { ...base, metric: metric as PairMetricFunction };
  }
  const spec = metricSpec(fn, metric, opts, OWN_KEYS);
  return {
    ...base,
    metric: spec.metric,
    native: { ...spec.native, family: spec.family, kind, count, seed: base.seed },
  };
}

/**
 * A function metric takes no metric options: `BAD_OPTION` for any key
 * outside `own`. @internal
 */
export function rejectMetricOptions(
  fn: string,
  opts: Readonly<Record<string, unknown>>,
  own: readonly string[],
): void {
  const stray = Object.keys(opts).find((k) => opts[k] !== undefined && !own.includes(k));
  if (stray !== undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `${fn}: option '${stray}' applies to named metrics only, not to a function`,
    );
  }
}

/** A function metric's result, which must be a finite number (`BAD_INPUT` naming `what` otherwise). @internal */
export function checked(fn: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RepsimError(
      'BAD_INPUT',
      `${fn}: the metric function returned ${String(value)} for ${what}; it must return a finite number`,
    );
  }
  return value;
}

/** Index sets per batch: bounded memory for long runs on many rows. */
function batchSize(rows: number): number {
  return Math.max(1, Math.min(256, Math.floor(4_000_000 / Math.max(1, rows))));
}

function resampledPair(p: Plan, indices: Uint32Array, set: number): [Matrix, Matrix] {
  const n = p.x.rows;
  const rows = indices.subarray(set * n, (set + 1) * n);
  return [p.kind === 'permutation' ? p.x : selectRows(p.x, rows), selectRows(p.y, rows)];
}

/**
 * The metric on the data as given and on every resample, for both forms: a
 * named metric entirely in the core (one native call), a function metric
 * once per resample, in batches of index sets.
 */
function* resampled(
  fn: string,
  p: Plan,
  onProgress?: (done: number, total: number) => void,
): Program<Resampled> {
  const spec = p.native;
  if (spec) {
    const [r] = yield [onAddon((addon, async) => dual(addon.resample, async, p.x, p.y, spec))];
    return r as Resampled;
  }
  const metric = p.metric as PairMetricFunction;
  const call =
    (x: Matrix, y: Matrix, what: string): Step =>
    (async) => {
      const result = metric(x, y);
      if (async) return Promise.resolve(result).then((r) => checked(fn, r, what));
      if (result instanceof Promise) {
        throw new RepsimError(
          'BAD_INPUT',
          `${fn}: the metric function returned a Promise; use the async form`,
        );
      }
      return checked(fn, result, what);
    };
  const [value] = (yield [call(p.x, p.y, 'the data as given')]) as [number];
  const values = new Float64Array(p.count);
  const batch = batchSize(p.x.rows);
  for (let first = 0; first < p.count; first += batch) {
    const count = Math.min(batch, p.count - first);
    const indices = native().resampleIndices(p.kind, p.x.rows, p.seed, first, count);
    const steps = Array.from({ length: count }, (_, s) =>
      call(...resampledPair(p, indices, s), `${p.kind} ${first + s}`),
    );
    values.set((yield steps) as number[], first);
    onProgress?.(first + count, p.count);
  }
  return { value, values, route: 'function' };
}

/** @internal */
export function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** @internal */
export function sampleStd(values: Float64Array): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return Math.sqrt(sum / (values.length - 1));
}

/** numpy's default ('linear') quantile of sorted values. */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] ?? 0) + (h - lo) * ((sorted[hi] ?? 0) - (sorted[lo] ?? 0));
}

/**
 * The percentile interval of `values` at `level`: their quantiles
 * (1 − level)/2 and (1 + level)/2 (numpy's linear rule). `values` non-empty.
 * @internal
 */
export function percentileInterval(values: ArrayLike<number>, level: number): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  return { low: quantileOfSorted(sorted, (1 - level) / 2), high: quantileOfSorted(sorted, (1 + level) / 2) };
}

/**
 * The permutation p-value (1 + extreme) / (1 + permutations). Ties within
 * rounding count as "at least as extreme" (as scipy's permutation_test does):
 * the value and the null can come from different routes that round
 * differently. @internal
 */
export function permutationPValue(
  value: number,
  nulls: ArrayLike<number>,
  alternative: 'greater' | 'less',
): number {
  const slack = 1e-12 * Math.max(1, Math.abs(value));
  let extreme = 0;
  for (let k = 0; k < nulls.length; k++) {
    const v = nulls[k] ?? Number.NaN;
    if (alternative === 'greater' ? v >= value - slack : v <= value + slack) extreme++;
  }
  return (1 + extreme) / (1 + nulls.length);
}

function permutationResult(p: Plan, r: Resampled, alternative: 'greater' | 'less'): PermutationTestResult {
  return {
    value: r.value,
    pValue: permutationPValue(r.value, r.values, alternative),
    nullMean: mean(r.values),
    nullStd: sampleStd(r.values),
    permutations: p.count,
    alternative,
    nullValues: r.values,
    route: r.route,
  };
}

function bootstrapResult(p: Plan, r: Resampled, level: number): BootstrapResult {
  return {
    value: r.value,
    ...percentileInterval(r.values, level),
    level,
    resamples: p.count,
    standardError: sampleStd(r.values),
    replicates: r.values,
    route: r.route,
  };
}

function permutationPlan(fn: string, metric: StatsMetric, x: MatrixInput, y: MatrixInput, options: unknown) {
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    ...RESAMPLING_CHECKS,
    permutations: PERMUTATION_CHECKS.permutations,
    alternative: PERMUTATION_CHECKS.alternative,
  });
  const p = plan(fn, 'permutation', metric, x, y, opts, (opts.permutations as number | undefined) ?? 1000);
  return { p, alternative: alternativeOf(metric, opts.alternative) };
}

function bootstrapPlan(fn: string, metric: StatsMetric, x: MatrixInput, y: MatrixInput, options: unknown) {
  const opts = readOptions<Record<string, unknown>>(fn, options, {
    ...RESAMPLING_CHECKS,
    resamples: integerIn(2, 10_000_000),
    level: openUnitInterval,
  });
  const p = plan(fn, 'bootstrap', metric, x, y, opts, (opts.resamples as number | undefined) ?? 1000);
  return { p, level: (opts.level as number | undefined) ?? 0.95 };
}

/**
 * A permutation test of the similarity of x and y: the metric is recomputed
 * with y's rows shuffled (x's kept), which breaks the pairing of examples
 * and keeps everything else; the p-value is the share of shuffles at least as
 * extreme as the real value. Runs off the main thread for named metrics.
 *
 * @param metric - a metric name ({@link LayerMetric}) or a function `(x, y) => number`
 * @param x - activations, rows = examples
 * @param y - activations of the same examples
 * @param options - see {@link PermutationTestOptions}; a named metric's own options too
 * @throws RepsimError as the metric, plus `BAD_OPTION`, and `BAD_INPUT` when a
 *   function metric returns something other than a finite number
 * @example
 * ```ts
 * const t = await permutationTest('linear-cka', x, y, { permutations: 1000, seed: 1 });
 * t.pValue; // ≥ 1/1001
 * ```
 */
export async function permutationTest(
  metric: StatsMetric,
  x: MatrixInput,
  y: MatrixInput,
  options?: PermutationTestOptions,
): Promise<PermutationTestResult> {
  const { p, alternative } = permutationPlan('permutationTest', metric, x, y, options);
  const control = controlOf(options);
  const r = await runAsync(resampled('permutationTest', p, control.onProgress), p.concurrency, control);
  return permutationResult(p, r, alternative);
}

/** {@link permutationTest} on the calling thread. @throws RepsimError as {@link permutationTest} */
export function permutationTestSync(
  metric: StatsMetric,
  x: MatrixInput,
  y: MatrixInput,
  options?: PermutationTestOptions,
): PermutationTestResult {
  const { p, alternative } = permutationPlan('permutationTestSync', metric, x, y, options);
  return permutationResult(p, runSync(resampled('permutationTestSync', p)), alternative);
}

/**
 * A bootstrap confidence interval for the similarity of x and y: rows
 * (examples) are drawn with replacement, the same draws for x and y, and the
 * metric recomputed; the interval is the percentile interval of the
 * replicates. Kernel bandwidths (the RBF median) stay those of the data as
 * given. Runs off the main thread for named metrics.
 *
 * @param metric - a metric name ({@link LayerMetric}) or a function `(x, y) => number`
 * @param options - see {@link BootstrapOptions}; a named metric's own options too
 * @throws RepsimError as {@link permutationTest}; `ZERO_VARIANCE` when a
 *   resample is degenerate (for example too few distinct rows)
 * @example
 * ```ts
 * const { value, low, high } = await bootstrap('linear-cka', x, y, { resamples: 1000 });
 * ```
 */
export async function bootstrap(
  metric: StatsMetric,
  x: MatrixInput,
  y: MatrixInput,
  options?: BootstrapOptions,
): Promise<BootstrapResult> {
  const { p, level } = bootstrapPlan('bootstrap', metric, x, y, options);
  const control = controlOf(options);
  const r = await runAsync(resampled('bootstrap', p, control.onProgress), p.concurrency, control);
  return bootstrapResult(p, r, level);
}

/** {@link bootstrap} on the calling thread. @throws RepsimError as {@link bootstrap} */
export function bootstrapSync(
  metric: StatsMetric,
  x: MatrixInput,
  y: MatrixInput,
  options?: BootstrapOptions,
): BootstrapResult {
  const { p, level } = bootstrapPlan('bootstrapSync', metric, x, y, options);
  return bootstrapResult(p, runSync(resampled('bootstrapSync', p)), level);
}

/**
 * The value of a named metric for one pair (Procrustes: the distance), as the
 * single-pair functions compute it. @internal
 */
export async function namedMetricValue(
  fn: string,
  metric: LayerMetric,
  x: Matrix,
  y: Matrix,
  options: Readonly<Record<string, unknown>>,
  ignore: readonly string[],
): Promise<number> {
  const spec = metricSpec(fn, metric, options, ignore);
  const r = await callAsync((addon) =>
    addon.resample(
      x,
      y,
      { ...spec.native, family: spec.family, kind: 'permutation', count: 0, seed: 0 },
      true,
    ),
  );
  return r.value;
}
