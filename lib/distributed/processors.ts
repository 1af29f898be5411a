/**
 * What a worker does for each kind of job. Heavy work goes through the
 * addon's asynchronous calls (layerSimilarity, StreamingCKA.updateAsync), so
 * the event loop stays free to renew the job's lock; parents only assemble
 * their children's results. Nothing here knows about Redis: a job is its
 * name, its payload and a way to read its children's results.
 */
import { RepsimError } from '../base/errors.js';
import { LayerMatrix } from '../base/layer-matrix.js';
import type { NdArray } from '../io/npy.js';
import { StreamingCKA } from '../metrics/cka/streaming-cka.js';
import {
  layerSimilarity,
  type LayerMetric,
  type LayerSimilarityOptions,
} from '../metrics/layer-similarity.js';
import type { LayerCache } from './layer-cache.js';
import { checkPayload } from './payload-checks.js';
import { writeModelFeatures } from './model-features.js';
import type { LayerRef } from './references.js';
import { accumulateShard } from './shard-cka.js';
import {
  JOB,
  type BlockPayload,
  type BlockResult,
  type FeaturePayload,
  type FeatureResult,
  type FeaturesPayload,
  type JobMetricOptions,
  type ModelMatrixPayload,
  type ModelPairPayload,
  type ModelPairResult,
  type MatrixPayload,
  type ShardPayload,
  type ShardResult,
  type ShardedPayload,
} from './payloads.js';

/** What a processor needs besides the job. */
export interface ProcessContext {
  readonly cache: LayerCache;
  readonly threads?: number | undefined;
  readonly maxMemoryBytes?: number | undefined;
}

/** A job as processors see it. */
export interface JobView {
  readonly name: string;
  readonly data: unknown;
  /** Results of the job's children, by child key. */
  readonly childrenValues: () => Promise<Record<string, unknown>>;
}

/** A job's metric options plus this worker's compute settings. */
function computeOptions(
  metric: string,
  options: JobMetricOptions,
  ctx: ProcessContext,
): LayerSimilarityOptions {
  return {
    ...options,
    metric: metric as LayerMetric,
    ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
    ...(ctx.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: ctx.maxMemoryBytes }),
  };
}

/** layerSimilarity of referenced layers (B absent: A against itself), as plain numbers. */
async function similarityOf(
  refsA: readonly LayerRef[],
  refsB: readonly LayerRef[] | undefined,
  metric: string,
  options: JobMetricOptions,
  ctx: ProcessContext,
): Promise<{ rows: number; cols: number; values: number[] }> {
  const a = await Promise.all(refsA.map((ref) => ctx.cache.load(ref)));
  const b = refsB === undefined ? undefined : await Promise.all(refsB.map((ref) => ctx.cache.load(ref)));
  const matrix = await layerSimilarity(a, b, computeOptions(metric, options, ctx));
  return { rows: matrix.rows, cols: matrix.cols, values: Array.from(matrix.values) };
}

async function runBlock(p: BlockPayload, ctx: ProcessContext): Promise<BlockResult> {
  return { row: p.row, col: p.col, ...(await similarityOf(p.a, p.b, p.metric, p.options, ctx)) };
}

async function assembleMatrix(p: MatrixPayload, job: JobView): Promise<ReturnType<LayerMatrix['toJSON']>> {
  const blocks = await collect<BlockResult>(job, p.blocks, 'layer matrix');
  const values = new Float64Array(p.rows * p.cols).fill(Number.NaN);
  const fill = (at: number, value: number) => {
    if (!Number.isNaN(values[at] ?? 0))
      throw new RepsimError('INTERNAL', `layer matrix: cell ${at} filled twice`);
    values[at] = value;
  };
  for (const block of blocks) {
    for (let i = 0; i < block.rows; i++) {
      for (let j = 0; j < block.cols; j++)
        fill((block.row + i) * p.cols + block.col + j, block.values[i * block.cols + j] ?? Number.NaN);
    }
  }
  // A symmetric metric within one model: the blocks below the diagonal were not computed.
  if (p.mirror) {
    for (let i = 0; i < p.rows; i++) {
      for (let j = 0; j < i; j++)
        if (Number.isNaN(values[i * p.cols + j] ?? 0))
          fill(i * p.cols + j, values[j * p.cols + i] ?? Number.NaN);
    }
  }
  const missing = values.findIndex((v) => Number.isNaN(v));
  if (missing >= 0) throw new RepsimError('INTERNAL', `layer matrix: cell ${missing} was not computed`);
  return new LayerMatrix({
    metric: p.metric,
    rows: p.rows,
    cols: p.cols,
    values,
    labelsA: p.labelsA,
    labelsB: p.labelsB,
  }).toJSON();
}

async function runShard(p: ShardPayload, ctx: ProcessContext): Promise<ShardResult> {
  const load = async (refs: readonly LayerRef[]): Promise<NdArray[]> =>
    Promise.all(refs.map((ref) => ctx.cache.load(ref)));
  const a = await load(p.a);
  const b = p.b === undefined ? undefined : await load(p.b);
  const accumulator = await accumulateShard({
    what: `shard ${p.shard}`,
    a: { arrays: a, labels: p.labelsA },
    b: b === undefined ? undefined : { arrays: b, labels: p.labelsB },
    rows: p.rows,
    batchSize: p.batchSize,
    threads: ctx.threads,
    maxMemoryBytes: ctx.maxMemoryBytes,
  });
  return { shard: p.shard, state: accumulator.toJSON() };
}

async function runModelPair(p: ModelPairPayload, ctx: ProcessContext): Promise<ModelPairResult> {
  return { i: p.i, j: p.j, ...(await similarityOf(p.a, p.b, p.metric, p.options, ctx)) };
}

async function collect<T>(job: JobView, count: number, what: string): Promise<T[]> {
  const results = Object.values(await job.childrenValues()) as T[];
  if (results.length !== count)
    throw new RepsimError('INTERNAL', `${what}: ${results.length} results for ${count} jobs`);
  return results;
}

function mergeShards(p: ShardedPayload, results: Record<string, unknown>) {
  const pairs = Object.values(results).map(
    (r) => [(r as ShardResult).shard, (r as ShardResult).state] as const,
  );
  return StreamingCKA.mergeKeyed(pairs, { expected: p.shards }).toJSON();
}

/**
 * Runs one job. RepsimErrors (bad input, shapes, options) are final: the
 * worker fails the job at once instead of retrying what will fail again.
 */
export async function processJob(job: JobView, ctx: ProcessContext): Promise<unknown> {
  checkPayload(job.name, job.data);
  switch (job.name) {
    case JOB.block:
      return runBlock(job.data as BlockPayload, ctx);
    case JOB.matrix:
      return assembleMatrix(job.data as MatrixPayload, job);
    case JOB.shard:
      return runShard(job.data as ShardPayload, ctx);
    case JOB.sharded:
      return mergeShards(job.data as ShardedPayload, await job.childrenValues());
    case JOB.feature:
      return writeModelFeatures(job.data as FeaturePayload, ctx.cache);
    case JOB.features:
      return collect<FeatureResult>(job, (job.data as FeaturesPayload).models.length, 'model features');
    case JOB.pair:
      return runModelPair(job.data as ModelPairPayload, ctx);
    case JOB.models:
      return collect<ModelPairResult>(job, (job.data as ModelMatrixPayload).pairs, 'model matrix');
    default:
      // checkPayload refused unknown names already.
      throw new RepsimError('INTERNAL', `no processor for job '${job.name}'`);
  }
}
