/**
 * The submit functions: a run described by references, split into child
 * jobs, assembled by one parent job, returned as the same object one process
 * would give (`LayerMatrix`, `StreamingCKA`).
 */
import { RepsimError } from '../base/errors.js';
import { LayerMatrix, type LayerMatrixJSON } from '../base/layer-matrix.js';
import { readOptions, type OptionCheck } from '../base/options.js';
import { StreamingCKA, type StreamingCKAState } from '../metrics/cka/streaming-cka.js';
import { METRIC_NAME_CHECK, type LayerMetric } from '../metrics/metric-spec.js';
import {
  JOB,
  PAYLOAD_VERSION,
  SYMMETRIC_METRICS,
  jobId,
  type BlockPayload,
  type JobMetricOptions,
  type MatrixPayload,
  type ShardPayload,
  type ShardedPayload,
} from './payloads.js';
import { loadLayerRef, type LayerRef, type Resolvers } from './references.js';

/** Default tiles per side of a layer matrix: up to 16 jobs (10 within a model, mirrored). */
const TILES_PER_SIDE = 4;
import { runFlow, type FlowJob, type SubmitOptions } from './run-flow.js';
import { shardId, shardRows } from './shard-cka.js';
import {
  JOB_METRIC_CHECKS,
  SUBMIT_CHECKS,
  jobMetric,
  layersCheck,
  objectCheck,
  positiveInteger,
  refsOf,
  submitOptions,
  type LayerSources,
} from './submit-options.js';

/** What {@link submitLayerMatrix} takes. */
export interface LayerMatrixSpec extends SubmitOptions, JobMetricOptions {
  /** Model A's layers (rows). */
  readonly a: LayerSources;
  /** Model B's layers (columns); absent: A against itself. */
  readonly b?: LayerSources;
  /** The metric, as {@link layerSimilarity} takes it; default `'linear-cka'`. */
  readonly metric?: LayerMetric;
  /**
   * Layers per child job: `rows` of A against `cols` of B. Default: square
   * tiles, a quarter of each side (up to 16 jobs; within one model and a
   * symmetric metric only the tiles on and above the diagonal run).
   * `{rows: 1, cols: 1}` makes one job per pair.
   */
  readonly block?: { readonly rows?: number; readonly cols?: number };
  /** Readers for URI schemes other than `file:`, to hash files given without `sha256`. */
  readonly resolvers?: Resolvers;
}

/** One shard of examples: its own files, or rows of the run's files. */
export interface ShardSpec {
  /** The shard's id (default `shard-<index>`); ids must be unique. */
  readonly id?: string;
  /** Model A's layers for this shard (default: the run's `a`). */
  readonly a?: LayerSources;
  /** Model B's layers for this shard (default: the run's `b`). */
  readonly b?: LayerSources;
  /** Rows `[start, end)` of the layers (default: all). */
  readonly rows?: readonly [number, number];
}

/** What {@link submitShardedCKA} takes. */
export interface ShardedCKASpec extends SubmitOptions {
  /** Model A's layers (whole files that `shards` splits by rows, or the default of each shard). */
  readonly a?: LayerSources;
  /** Model B's layers; absent: A's layers against each other. */
  readonly b?: LayerSources;
  /** A number of equal row ranges of `a`/`b`, or the shards one by one. */
  readonly shards: number | readonly ShardSpec[];
  /** Examples per minibatch inside a shard; default 512 (a remainder under 4 joins the last batch). */
  readonly batchSize?: number;
  /** Readers for URI schemes other than `file:`. */
  readonly resolvers?: Resolvers;
}

/**
 * A layer × layer similarity matrix computed by workers: the same
 * `LayerMatrix` as {@link layerSimilarity} of the same layers gives in one
 * process (to rounding: each block is its own native call). Jobs carry
 * references; each child computes a block, the parent assembles them.
 * Resubmitting the same spec (same files, same checksums) adds no jobs and
 * resolves to the stored result.
 * @throws RepsimError `BAD_OPTION`/`BAD_INPUT` before anything is queued;
 *   `UNREACHABLE`; a worker's error code or `JOB_FAILED`, naming the block
 *
 * @example
 * ```ts
 * const m = await submitLayerMatrix({ connection: { host: 'localhost', port: 6379 }, a: ['run1/fc1.npy', 'run1/fc2.npy'], metric: 'pwcca' });
 * ```
 */
export async function submitLayerMatrix(spec: LayerMatrixSpec): Promise<LayerMatrix> {
  const fn = 'submitLayerMatrix';
  const opts = readOptions<LayerMatrixSpec>(fn, spec, {
    ...SUBMIT_CHECKS,
    a: layersCheck,
    b: layersCheck,
    metric: METRIC_NAME_CHECK,
    block: objectCheck,
    ...JOB_METRIC_CHECKS,
  } as { readonly [K in keyof LayerMatrixSpec]-?: OptionCheck });
  const { resolvers, a, b, block } = opts;
  // What the job carries: the metric's own options, nothing of the submitter's.
  const { metric, options: metricOptions } = jobMetric(fn, opts);
  for (const side of ['rows', 'cols'] as const) {
    if (block?.[side] !== undefined && positiveInteger(block[side]) !== undefined) {
      throw new RepsimError('BAD_OPTION', `${fn}: block.${side} must be a positive integer`);
    }
  }
  const common = submitOptions(opts);
  const A = await refsOf(a, 'a', resolvers);
  const B = b === undefined ? A : await refsOf(b, 'b', resolvers);
  const rows = A.refs.length;
  const cols = B.refs.length;
  // Square tiles by default: each layer's per-layer work (centring, Grams,
  // whitening) is repeated once per tile it appears in, about T times for T
  // tiles a side (3.7x one all-pairs call for the benchmark's 12 x 12), where
  // one row of A per job would repeat it once per row.
  const blockRows = block?.rows ?? Math.ceil(rows / TILES_PER_SIDE);
  const blockCols = block?.cols ?? (b === undefined ? blockRows : Math.ceil(cols / TILES_PER_SIDE));
  // Within one model, a symmetric metric needs only the tiles on and above the diagonal.
  const mirror = b === undefined && blockRows === blockCols && SYMMETRIC_METRICS.has(metric);
  const blocks: BlockPayload[] = [];
  for (let row = 0; row < rows; row += blockRows) {
    for (let col = mirror ? row : 0; col < cols; col += blockCols) {
      const rowRefs = A.refs.slice(row, row + blockRows);
      const colRefs = B.refs.slice(col, col + blockCols);
      // A tile on the diagonal of a within-model matrix: one within call.
      const diagonal = b === undefined && row === col && rowRefs.length === colRefs.length;
      blocks.push({
        v: PAYLOAD_VERSION,
        metric,
        options: metricOptions,
        a: rowRefs,
        ...(diagonal ? {} : { b: colRefs }),
        row,
        col,
      });
    }
  }
  const parentData: MatrixPayload = {
    v: PAYLOAD_VERSION,
    metric,
    rows,
    cols,
    blocks: blocks.length,
    mirror,
    ...(A.labels ? { labelsA: A.labels } : {}),
    ...(B.labels ? { labelsB: B.labels } : {}),
  };
  // The parent's id covers every block's payload, so it names this exact run.
  const parentId = jobId(JOB.matrix, { parentData, blocks });
  const children: FlowJob[] = blocks.map((data) => ({
    name: JOB.block,
    id: jobId(JOB.block, data, parentId),
    data,
    what: `block rows ${data.row}..${data.row + data.a.length - 1} x columns ${data.col}..${data.col + (data.b ?? data.a).length - 1} (${data.a[0]?.uri ?? ''} …)`,
  }));
  const json = await runFlow<LayerMatrixJSON>(
    common,
    { name: JOB.matrix, id: parentId, data: parentData, what: 'layer matrix' },
    children,
  );
  return new LayerMatrix({ ...json, values: Float64Array.from(json.values) });
}

/**
 * Minibatch linear CKA over shards of examples computed by workers: each
 * child returns its shard's {@link StreamingCKA} state; only the parent
 * merges them, by shard id in sorted order ({@link StreamingCKA.mergeKeyed}),
 * so the result is bit-identical whatever order shards finish in, and a shard
 * that ran twice is still counted once. Equals one process feeding the same
 * batches (see {@link batchRanges}) to rounding.
 * @throws RepsimError `BAD_OPTION`/`BAD_INPUT` before anything is queued;
 *   `UNREACHABLE`; a worker's error code or `JOB_FAILED`, naming the shard
 */
export async function submitShardedCKA(spec: ShardedCKASpec): Promise<StreamingCKA> {
  const fn = 'submitShardedCKA';
  const opts = readOptions<ShardedCKASpec>(fn, spec, {
    ...SUBMIT_CHECKS,
    a: layersCheck,
    b: layersCheck,
    shards: (v) =>
      positiveInteger(v) === undefined || Array.isArray(v)
        ? undefined
        : 'a number of shards or an array of shards',
    batchSize: (v) => (Number.isSafeInteger(v) && (v as number) >= 4 ? undefined : 'an integer of 4 or more'),
  });
  const common = submitOptions(opts);
  const { resolvers } = opts;
  const batchSize = opts.batchSize ?? 512;
  const base = {
    a: opts.a === undefined ? undefined : await refsOf(opts.a, 'a', resolvers),
    b: opts.b === undefined ? undefined : await refsOf(opts.b, 'b', resolvers),
  };
  let specs: ShardSpec[];
  if (typeof opts.shards === 'number') {
    if (base.a === undefined)
      throw new RepsimError('BAD_OPTION', `${fn}: shards as a number splits the rows of a; give a`);
    const first = base.a.refs[0] as LayerRef;
    const examples = (await loadLayerRef(first, resolvers)).shape[0] ?? 0;
    const count = opts.shards;
    if (examples < 4 * count) {
      throw new RepsimError(
        'TOO_FEW_SAMPLES',
        `${fn}: ${examples} examples cannot make ${count} shards of at least 4`,
      );
    }
    specs = Array.from({ length: count }, (_, i) => ({ rows: shardRows(i, count, examples) }));
  } else {
    specs = [...opts.shards];
    if (specs.length === 0) throw new RepsimError('BAD_OPTION', `${fn}: shards is empty`);
  }
  const shards: ShardPayload[] = [];
  for (const [i, s] of specs.entries()) {
    const id = s.id ?? shardId(i, specs.length);
    const A = s.a === undefined ? base.a : await refsOf(s.a, `shards[${i}].a`, resolvers);
    const B = s.b === undefined ? base.b : await refsOf(s.b, `shards[${i}].b`, resolvers);
    if (A === undefined)
      throw new RepsimError('BAD_OPTION', `${fn}: shard '${id}' has no layers; give a, or a per shard`);
    if (
      s.rows !== undefined &&
      !(
        Number.isSafeInteger(s.rows[0]) &&
        Number.isSafeInteger(s.rows[1]) &&
        s.rows[0] >= 0 &&
        s.rows[1] - s.rows[0] >= 4
      )
    ) {
      throw new RepsimError(
        'BAD_OPTION',
        `${fn}: shard '${id}': rows must be [start, end) with at least 4 rows`,
      );
    }
    shards.push({
      v: PAYLOAD_VERSION,
      shard: id,
      a: A.refs,
      ...(B ? { b: B.refs } : {}),
      ...(s.rows ? { rows: [s.rows[0], s.rows[1]] as const } : {}),
      batchSize,
      ...(A.labels ? { labelsA: A.labels } : {}),
      ...(B?.labels ? { labelsB: B.labels } : {}),
    });
  }
  const ids = shards.map((s) => s.shard);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined)
    throw new RepsimError('BAD_INPUT', `${fn}: shard '${duplicate}' is given twice`);
  const parentData: ShardedPayload = { v: PAYLOAD_VERSION, shards: ids };
  const parentId = jobId(JOB.sharded, { parentData, shards });
  const children: FlowJob[] = shards.map((data) => ({
    name: JOB.shard,
    id: jobId(JOB.shard, data, parentId),
    data,
    what: `shard '${data.shard}'`,
  }));
  const state = await runFlow<StreamingCKAState>(
    common,
    { name: JOB.sharded, id: parentId, data: parentData, what: 'sharded CKA' },
    children,
  );
  return StreamingCKA.fromJSON(state);
}
