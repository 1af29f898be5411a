/**
 * `submitModelMatrix`: N models × N models (many seeds, many checkpoints,
 * platonic-rep's model alignment) in two flows. First one feature job per
 * model reads, checks and flattens its layers once into the shared work
 * folder; then one job per pair of models compares the feature files.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { RepsimError } from '../base/errors.js';
import { LayerMatrix } from '../base/layer-matrix.js';
import { readOptions, type OptionCheck } from '../base/options.js';
import { METRIC_NAME_CHECK, type LayerMetric } from '../metrics/metric-spec.js';
import {
  JOB,
  PAYLOAD_VERSION,
  jobId,
  type FeaturePayload,
  type FeatureResult,
  type FeaturesPayload,
  type JobMetricOptions,
  type ModelMatrixPayload,
  type ModelPairPayload,
  type ModelPairResult,
  SYMMETRIC_METRICS,
} from './payloads.js';
import type { Resolvers } from './references.js';
import { runFlow, type FlowJob, type SubmitOptions } from './run-flow.js';
import {
  JOB_METRIC_CHECKS,
  SUBMIT_CHECKS,
  jobMetric,
  refsOf,
  submitOptions,
  type LayerSources,
} from './submit-options.js';

/** What {@link submitModelMatrix} takes. */
export interface ModelMatrixSpec extends SubmitOptions, JobMetricOptions {
  /** The models by name, each its layers (an array, or by layer name). */
  readonly models: Readonly<Record<string, LayerSources>>;
  /** The metric, as {@link layerSimilarity} takes it; default `'linear-cka'`. */
  readonly metric?: LayerMetric;
  /** A folder every worker can write and read (path or `file://` URI): the feature files go there. */
  readonly workDir: string;
  /** Readers for URI schemes other than `file:`. */
  readonly resolvers?: Resolvers;
}

/** The result of {@link submitModelMatrix}. */
export interface ModelMatrix {
  readonly metric: string;
  /** Model names, in the order given. */
  readonly models: readonly string[];
  /** `pairs[i][j]`: model i's layers (rows) against model j's layers (columns). */
  readonly pairs: readonly (readonly LayerMatrix[])[];
}

function transpose(m: LayerMatrix): LayerMatrix {
  const values = new Float64Array(m.values.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) values[j * m.rows + i] = m.values[i * m.cols + j] ?? NaN;
  return new LayerMatrix({
    metric: m.metric,
    rows: m.cols,
    cols: m.rows,
    values,
    labelsA: m.labelsB,
    labelsB: m.labelsA,
  });
}

/**
 * Every model against every model, layer by layer, computed by workers:
 * `pairs[i][j]` equals {@link layerSimilarity}(model i, model j) in one
 * process (model i against itself for i = j), to rounding. Each model's
 * layers are read and checked once (a bad model fails once, naming it),
 * written flattened as `.npy` (float32 or float64, as given) to `workDir`, and the pair jobs read those.
 * Resubmitting adds no jobs.
 * @throws RepsimError `BAD_OPTION`/`BAD_INPUT` before anything is queued;
 *   `UNREACHABLE`; a worker's error code or `JOB_FAILED`, naming the model or pair
 */
export async function submitModelMatrix(spec: ModelMatrixSpec): Promise<ModelMatrix> {
  const fn = 'submitModelMatrix';
  const opts = readOptions<ModelMatrixSpec>(fn, spec, {
    ...SUBMIT_CHECKS,
    models: (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object of models by name',
    metric: METRIC_NAME_CHECK,
    workDir: (v) =>
      typeof v === 'string' && v !== '' ? undefined : 'a folder (path or file:// URI) every worker can write',
    ...JOB_METRIC_CHECKS,
  } as { readonly [K in keyof ModelMatrixSpec]-?: OptionCheck });
  const { metric, options } = jobMetric(fn, opts);
  const names = Object.keys(opts.models);
  if (names.length === 0) throw new RepsimError('BAD_INPUT', `${fn}: no models given`);
  const common = submitOptions(opts);
  const workDir = opts.workDir.startsWith('file:')
    ? opts.workDir
    : pathToFileURL(path.resolve(opts.workDir)).href;

  const featureJobs: FeaturePayload[] = [];
  for (const name of names) {
    const { refs, labels } = await refsOf(
      opts.models[name] as LayerSources,
      `models.${name}`,
      opts.resolvers,
    );
    featureJobs.push({
      v: PAYLOAD_VERSION,
      model: name,
      layers: refs,
      ...(labels ? { labels } : {}),
      workDir,
    });
  }
  const featuresData: FeaturesPayload = { v: PAYLOAD_VERSION, models: names };
  const featuresId = jobId(JOB.features, { featuresData, featureJobs });
  const features = await runFlow<FeatureResult[]>(
    common,
    { name: JOB.features, id: featuresId, data: featuresData, what: 'model features' },
    featureJobs.map((data) => ({
      name: JOB.feature,
      id: jobId(JOB.feature, data, featuresId),
      data,
      what: `model '${data.model}'`,
    })),
  );
  const byModel = new Map(features.map((f) => [f.model, f]));
  const layersOf = (i: number) => byModel.get(names[i] ?? '')?.layers ?? [];

  const symmetric = SYMMETRIC_METRICS.has(metric);
  const pairJobs: ModelPairPayload[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = symmetric ? i : 0; j < names.length; j++) {
      pairJobs.push({
        v: PAYLOAD_VERSION,
        metric,
        options,
        i,
        j,
        a: layersOf(i),
        ...(i === j ? {} : { b: layersOf(j) }),
      });
    }
  }
  const matrixData: ModelMatrixPayload = { v: PAYLOAD_VERSION, pairs: pairJobs.length };
  const matrixId = jobId(JOB.models, { matrixData, pairJobs });
  const children: FlowJob[] = pairJobs.map((data) => ({
    name: JOB.pair,
    id: jobId(JOB.pair, data, matrixId),
    data,
    what: `models '${names[data.i] ?? ''}' x '${names[data.j] ?? ''}'`,
  }));
  const results = await runFlow<ModelPairResult[]>(
    common,
    { name: JOB.models, id: matrixId, data: matrixData, what: 'model matrix' },
    children,
  );

  const labels = featureJobs.map((f) => f.labels);
  const pairs: LayerMatrix[][] = names.map(() => []);
  for (const r of results) {
    (pairs[r.i] as LayerMatrix[])[r.j] = new LayerMatrix({
      metric,
      rows: r.rows,
      cols: r.cols,
      values: Float64Array.from(r.values),
      labelsA: labels[r.i],
      labelsB: labels[r.j],
    });
  }
  for (let i = 0; i < names.length; i++) {
    for (let j = 0; j < i; j++) {
      const row = pairs[i] as LayerMatrix[];
      row[j] ??= transpose((pairs[j] as LayerMatrix[])[i] as LayerMatrix);
    }
  }
  return { metric, models: names, pairs };
}
