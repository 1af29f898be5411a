/**
 * The main job behind `repsim compare`: every requested metric's layer ×
 * layer matrix for two models (or one model with itself), optional
 * permutation p-values per cell, each layer's entropy, the functional
 * metrics when outputs are given, and the time each step took — one
 * JSON-ready object that the report writers turn into files.
 */
import { buildInfo } from '../native/build-info.js';
import { featureMapMatrix, toFeatureMap, type ConvLayout, type ConvReshape } from '../base/feature-maps.js';
import { cellwiseMatrix, type NamedLayers } from './cellwise.js';
import { entropySimilarity } from '../metrics/entropy/entropy-similarity.js';
import { RepsimError, isRepsimError } from '../base/errors.js';
import { jsd, predictionAgreement, softmax } from '../metrics/functional.js';
import { LayerMatrix } from '../base/layer-matrix.js';
import { describe, toMatrix, toTensor, type Matrix, type MatrixInput } from '../base/matrix.js';
import { abortSignal, callback, oneOf } from '../base/options.js';
import { layerSimilarity } from '../metrics/layer-similarity.js';
import type { LayerMetric } from '../metrics/metric-spec.js';
import { metricEntry, metricNames, type MetricEntry, type MetricName } from '../metrics/registry.js';
import { permutationTestLayers } from '../stats/layer-permutation.js';
import { permutationTest } from '../stats/resampling.js';

/**
 * A metric `compare` computes: any name of the metric registry
 * (`'kernel-cka'` is kernel CKA with an RBF kernel, threshold 1). The former
 * names `'rbf-cka'` and `'entropy-si'` are still accepted (deprecated);
 * results always carry the registry's name.
 */
export type CompareMetric = MetricName | 'rbf-cka' | 'entropy-si';

/** Every metric `compare` can compute, in report order (the registry's names). */
export const COMPARE_METRICS: readonly MetricName[] = metricNames();

/** Options of {@link compareModels}. */
export interface CompareOptions {
  /** Default: the registry's `compareDefault` metrics (linear CKA, SVCCA, PWCCA, Procrustes, entropy Si). */
  readonly metrics?: readonly CompareMetric[];
  /** Class labels, one per example: entropies (and entropy Si) per class; accuracies. */
  readonly labels?: ArrayLike<number>;
  /** Logits (or probabilities) of A and of B: JSD and prediction agreement. */
  readonly outputsA?: MatrixInput;
  readonly outputsB?: MatrixInput;
  /** Permutations per cell for p-values (0, the default: none). Not for entropy Si. */
  readonly permutations?: number;
  /** Seed of the permutations; default 0. */
  readonly seed?: number;
  readonly threads?: number;
  /** Passed to the CCA family (CCA, SVCCA, PWCCA): allow n − 1 < p₁ + p₂. */
  readonly allowUnderdetermined?: boolean;
  /**
   * How the pairwise metrics read 4-D conv layers (see `ConvOptions.conv`):
   * `'flatten'` (the default) or `'channels'` (every position a sample; only
   * maps of the same h × w are compared, other cells fail with
   * `SHAPE_MISMATCH`). Entropy Si always reads examples, flattened.
   */
  readonly conv?: ConvReshape;
  /** Memory order of 4-D layers: `'nhwc'` (default) or `'nchw'`. */
  readonly layout?: ConvLayout;
  /** Stops the comparison: it rejects with the signal's reason, native work stopping within ~0.1 s. */
  readonly signal?: AbortSignal;
  /**
   * After each step: steps done, steps in all, what was just done. While a
   * step runs, also about every 100 ms: steps done, steps in all, the step
   * running, and the fraction of it done (in [0, 1]).
   */
  readonly onProgress?: (done: number, total: number, step: string, stepFraction?: number) => void;
}

/** One layer as the report lists it. */
export interface LayerInfo {
  readonly name: string;
  readonly shape: readonly number[];
}

/** One metric's result. */
export interface MetricReport {
  readonly metric: MetricName;
  /** `'similarity'` (larger = more alike, at most 1) or `'distance'` (Procrustes: 0 = identical). */
  readonly kind: 'similarity' | 'distance';
  readonly matrix: LayerMatrix;
  /** Permutation p-value of each cell (with `permutations`). */
  readonly pValues?: LayerMatrix;
  readonly seconds: number;
}

/**
 * A metric that could not be computed on this data, or one cell of it (with
 * `layerA` and `layerB`; the matrix holds NaN there), and what would fix it.
 */
export interface MetricFailure {
  readonly metric: MetricName;
  /** The cell's layer of A and of B, when only that cell failed. */
  readonly layerA?: string;
  readonly layerB?: string;
  /** The RepsimError's code, e.g. `'UNDERDETERMINED'`. */
  readonly code: string;
  readonly message: string;
  /** What to change, when repsim knows. */
  readonly hint?: string;
}

/** What {@link compareModels} returns. */
export interface Comparison {
  readonly within: boolean;
  readonly examples: number;
  readonly layersA: readonly LayerInfo[];
  readonly layersB: readonly LayerInfo[];
  readonly metrics: readonly MetricReport[];
  /** Metrics that failed on this data (the others were still computed). */
  readonly failures?: readonly MetricFailure[];
  /** Each layer's entropy in nats (from entropy Si: per class when labelled, shifted when any is negative). */
  readonly entropies?: {
    readonly a: readonly number[];
    readonly b: readonly number[];
    readonly shift: number;
  };
  readonly functional?: {
    readonly jsd: number;
    readonly agreement: number;
    readonly accuracyA?: number;
    readonly accuracyB?: number;
  };
  readonly options: {
    readonly metrics: readonly MetricName[];
    readonly permutations: number;
    readonly seed: number;
  };
  readonly versions: {
    readonly repsim: string;
    readonly native: string;
    readonly eigen: string;
    readonly node: string;
  };
  readonly seconds: number;
}

interface ModelLayers {
  readonly info: LayerInfo[];
  /** Each layer with one row per example (other dimensions flattened). */
  readonly matrices: Matrix[];
  /** Each layer as the pairwise metrics read it (conv maps reshaped by `conv`). */
  readonly pairwise: Matrix[];
}

function layerInfo(
  layers: ReadonlyMap<string, MatrixInput>,
  conv: ConvReshape | undefined,
  layout: ConvLayout,
): ModelLayers {
  const info: LayerInfo[] = [];
  const matrices: Matrix[] = [];
  const pairwise: Matrix[] = [];
  for (const [name, layer] of layers) {
    const m = toMatrix(layer, name);
    const shape = (layer as { shape?: readonly number[] }).shape ?? [m.rows, m.cols];
    info.push({ name, shape });
    matrices.push(m);
    const convMap = conv === 'channels' && toTensor(layer, name).shape.length === 4;
    pairwise.push(convMap ? featureMapMatrix(toFeatureMap(layer, name, layout), conv) : m);
  }
  return { info, matrices, pairwise };
}

/** Errors that come from the data of one metric, after which compare goes on with the others. */
const DATA_FAILURES: ReadonlySet<string> = new Set([
  'UNDERDETERMINED',
  'ZERO_VARIANCE',
  'TOO_FEW_SAMPLES',
  'OUT_OF_RANGE',
  'MEMORY_LIMIT',
  'NON_FINITE',
]);

/** Cells may also fail on shape: conv maps of different sizes under `conv: 'channels'`. */
const CELL_FAILURES: ReadonlySet<string> = new Set([...DATA_FAILURES, 'SHAPE_MISMATCH']);

function hintFor(code: string, metric: string): { hint?: string } {
  const hints: Record<string, string> = {
    UNDERDETERMINED: `allow it with --allow-underdetermined (allowUnderdetermined: true), or use svcca, which keeps fewer dimensions`,
    ZERO_VARIANCE: 'a layer is constant on these examples; drop it or use more examples',
    TOO_FEW_SAMPLES: `${metric} needs more examples`,
    OUT_OF_RANGE: 'multiply the layer by a constant (the metrics are scale-invariant)',
    MEMORY_LIMIT: 'use fewer examples, or a metric that works in feature space',
    SHAPE_MISMATCH:
      "conv 'channels' compares conv maps of the same height x width only; use --conv flatten (conv: 'flatten') for the others",
  };
  const hint = hints[code];
  return hint === undefined ? {} : { hint };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Compares the layers of two models on the same examples (or, with `layersB`
 * omitted, every pair of layers of one model).
 *
 * @param layersA - A's layers by name, in order (a Map, as `loadLayers` returns)
 * @param layersB - B's layers, or `undefined` for a within-model comparison
 * @throws RepsimError as the metrics; `BAD_OPTION` for an unknown metric; `SHAPE_MISMATCH`
 *   when the models (or labels, outputs) disagree on the number of examples
 */
export async function compareModels(
  layersA: ReadonlyMap<string, MatrixInput>,
  layersB: ReadonlyMap<string, MatrixInput> | undefined,
  options: CompareOptions = {},
): Promise<Comparison> {
  const started = process.hrtime.bigint();
  for (const [layers, name] of [
    [layersA, 'layersA'],
    [layersB ?? new Map(), 'layersB'],
  ] as const) {
    if (!(layers instanceof Map)) {
      throw new RepsimError(
        'BAD_INPUT',
        `compareModels: ${name} must be a Map of layer name → activations (as loadLayers returns), got ${describe(layers)}`,
      );
    }
  }
  const requested: readonly string[] = options.metrics ?? metricNames((m) => m.compareDefault);
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new RepsimError(
      'BAD_OPTION',
      `compareModels: option 'metrics' must be a non-empty array of metric names (${COMPARE_METRICS.join(', ')}), got ${describe(requested)}`,
    );
  }
  const unknown = requested.find((m) => metricEntry(m) === undefined);
  if (unknown !== undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `compare: unknown metric '${String(unknown)}'; choose from ${COMPARE_METRICS.join(', ')}`,
    );
  }
  const entries = [...new Set(requested.map((m) => metricEntry(m) as MetricEntry))];
  const metrics = entries.map((e) => e.name);
  const permutations = options.permutations ?? 0;
  const seed = options.seed ?? 0;
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const conv = options.conv;
  const layout = options.layout ?? 'nhwc';
  for (const [key, check] of [
    ['conv', oneOf('channels', 'flatten')],
    ['layout', oneOf('nhwc', 'nchw')],
    ['signal', abortSignal],
    ['onProgress', callback],
  ] as const) {
    const value = (options as Record<string, unknown>)[key];
    const problem = value === undefined ? undefined : check(value);
    if (problem !== undefined) {
      throw new RepsimError(
        'BAD_OPTION',
        `compareModels: option '${key}' must be ${problem}, got ${describe(value)}`,
      );
    }
  }
  if (conv === 'channels' && permutations > 0) {
    throw new RepsimError(
      'BAD_OPTION',
      "compareModels: permutations with conv 'channels' would shuffle positions, not examples; use conv 'flatten' for p-values",
    );
  }
  const { signal } = options;
  signal?.throwIfAborted();
  const a = layerInfo(layersA, conv, layout);
  const b = layersB === undefined ? a : layerInfo(layersB, conv, layout);
  const examples = a.matrices[0]?.rows ?? 0;
  for (const [list, model] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    list.matrices.forEach((m, i) => {
      if (m.rows !== examples) {
        throw new RepsimError(
          'SHAPE_MISMATCH',
          `layer '${list.info[i]?.name}' of model ${model} has ${m.rows} examples but '${a.info[0]?.name}' of A has ${examples}; every layer needs the same examples in the same order`,
        );
      }
    });
  }
  const labelsA = a.info.map((l) => l.name);
  const labelsB = b.info.map((l) => l.name);
  const named = (matrices: Matrix[], labels: string[]) =>
    new Map(labels.map((l, i) => [l, matrices[i] as Matrix]));

  const cells = a.matrices.length * b.matrices.length;
  const total = entries.length + entries.filter((e) => e.pairwise).length * (permutations > 0 ? 1 : 0);
  let done = 0;
  const step = (what: string) => options.onProgress?.(++done, total, what);
  // The Promise calls' own progress, as a fraction of the step running.
  const within = (what: string) => {
    const report = options.onProgress;
    return {
      ...(signal === undefined ? {} : { signal }),
      ...(report === undefined
        ? {}
        : { onProgress: (d: number, t: number) => report(done, total, what, t > 0 ? d / t : 0) }),
    };
  };

  // Within one model, B's outputs are A's.
  const outputsB = options.outputsB ?? (layersB === undefined ? options.outputsA : undefined);
  const reports: MetricReport[] = [];
  const failures: MetricFailure[] = [];
  let entropies: Comparison['entropies'];
  const underdetermined =
    options.allowUnderdetermined === undefined ? {} : { allowUnderdetermined: options.allowUnderdetermined };
  for (const entry of entries) {
    const metric = entry.name;
    const start = process.hrtime.bigint();
    // Options of this metric's own (the registry says which apply).
    const own = entry.options.includes('allowUnderdetermined') ? underdetermined : {};
    try {
      const native = entry.pairwise ? (metric as LayerMetric) : undefined;
      let matrix: LayerMatrix;
      if (native === undefined) {
        const r = await entropySimilarity(named(a.matrices, labelsA), named(b.matrices, labelsB), {
          ...threads,
          ...within(metric),
          ...(options.labels === undefined ? {} : { labels: options.labels }),
          ...(options.outputsA === undefined ? {} : { outputsA: options.outputsA }),
          ...(outputsB === undefined ? {} : { outputsB }),
        });
        matrix = r.si;
        entropies = { a: Array.from(r.entropiesA), b: Array.from(r.entropiesB), shift: r.shift };
      } else {
        const computed = await cellwiseMatrix(
          async (x: NamedLayers, y: NamedLayers | undefined) =>
            await layerSimilarity(x, y, { metric: native, ...threads, ...own, ...within(metric) }),
          named(a.pairwise, labelsA),
          layersB === undefined ? undefined : named(b.pairwise, labelsB),
          (error) => isRepsimError(error) && CELL_FAILURES.has(error.code),
        );
        matrix = computed.matrix;
        for (const cell of computed.failures) {
          const { code, message } = cell.error;
          failures.push({
            metric,
            layerA: cell.layerA,
            layerB: cell.layerB,
            code,
            message,
            ...hintFor(code, metric),
          });
        }
      }
      step(metric);
      let pValues: LayerMatrix | undefined;
      if (permutations > 0 && native !== undefined) {
        const what = `${metric} p-values`;
        const shared = { permutations, seed, ...threads, ...own };
        if (!matrix.values.some(Number.isNaN)) {
          // Every cell in one native call: each layer's Gram built once.
          const t = await permutationTestLayers(
            native,
            named(a.matrices, labelsA),
            layersB === undefined ? undefined : named(b.matrices, labelsB),
            { ...shared, ...within(what) },
          );
          pValues = t.pValues;
        } else {
          // Some cells failed (recorded above): test the others one by one.
          const values = new Float64Array(cells).fill(Number.NaN);
          for (let cell = 0; cell < cells; cell++) {
            if (Number.isNaN(matrix.values[cell])) continue;
            const i = Math.floor(cell / b.matrices.length);
            const j = cell % b.matrices.length;
            const t = await permutationTest(native, a.matrices[i] as Matrix, b.matrices[j] as Matrix, {
              ...shared,
              ...(signal === undefined ? {} : { signal }),
            });
            values[cell] = t.pValue;
            options.onProgress?.(done, total, what, (cell + 1) / cells);
          }
          pValues = new LayerMatrix({
            metric: `${metric} p-value`,
            rows: a.matrices.length,
            cols: b.matrices.length,
            values,
            labelsA,
            labelsB,
          });
        }
        step(what);
      }
      reports.push({
        metric,
        kind: entry.direction,
        matrix,
        ...(pValues === undefined ? {} : { pValues }),
        seconds: seconds(start),
      });
    } catch (error) {
      // The data's fault (a constant layer, too few examples for CCA, ...):
      // record it and go on with the other metrics. Anything else stops.
      const accepted = entry.pairwise ? CELL_FAILURES : DATA_FAILURES;
      if (!isRepsimError(error) || !accepted.has(error.code)) throw error;
      failures.push({ metric, code: error.code, message: error.message, ...hintFor(error.code, metric) });
      step(`${metric} failed`);
    }
  }

  let functional: Comparison['functional'];
  if (options.outputsA !== undefined && outputsB !== undefined) {
    const outA = options.outputsA;
    const outB = outputsB;
    const labels = options.labels;
    functional = {
      jsd: jsd(softmax(outA), softmax(outB)),
      agreement: predictionAgreement(outA, outB),
      ...(labels === undefined
        ? {}
        : {
            accuracyA: predictionAgreement(outA, Array.from(labels)),
            accuracyB: predictionAgreement(outB, Array.from(labels)),
          }),
    };
  }

  const info = buildInfo();
  return {
    within: layersB === undefined,
    examples,
    layersA: a.info,
    layersB: b.info,
    metrics: reports,
    ...(failures.length === 0 ? {} : { failures }),
    ...(entropies === undefined ? {} : { entropies }),
    ...(functional === undefined ? {} : { functional }),
    options: { metrics, permutations, seed },
    versions: { repsim: info.version, native: info.isa, eigen: info.eigen, node: process.version },
    seconds: seconds(started),
  };
}
