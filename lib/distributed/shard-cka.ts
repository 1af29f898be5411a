/**
 * One shard's minibatch CKA: rows of each layer fed to a StreamingCKA in
 * batches. The same code runs for a queue's shard job and for a broker-free
 * `repsim shard`, so both give the same state for the same rows.
 */
import { RepsimError } from '../base/errors.js';
import type { NdArray } from '../io/npy.js';
import { StreamingCKA } from '../metrics/cka/streaming-cka.js';

/**
 * Rows `[start, end)` of shard `index` of `count` equal shards of `examples`
 * rows: the split both the queue (`submitShardedCKA({shards: N})`) and
 * `repsim shard` use, so both give the same shards.
 */
export function shardRows(index: number, count: number, examples: number): [number, number] {
  return [Math.floor((index * examples) / count), Math.floor(((index + 1) * examples) / count)];
}

/**
 * The id of shard `index` of `count`: `shard-` and the index zero-padded to
 * the width of the largest, so ids sort (and merge) in index order.
 */
export function shardId(index: number, count: number): string {
  return `shard-${String(index).padStart(String(count - 1).length, '0')}`;
}

/** The least rows of one minibatch (HSIC₁ needs 4). */
const MIN_BATCH = 4;

/**
 * Row ranges `[start, end)` of `rows` examples in batches of `batchSize`; a
 * remainder under 4 rows joins the last batch. A single process gets the
 * same minibatch CKA as the shards by feeding these batches shard by shard.
 */
export function batchRanges(rows: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < rows; start += batchSize)
    ranges.push([start, Math.min(rows, start + batchSize)]);
  const last = ranges[ranges.length - 1];
  if (ranges.length > 1 && last !== undefined && last[1] - last[0] < MIN_BATCH) {
    ranges.pop();
    const previous = ranges[ranges.length - 1];
    if (previous) previous[1] = rows;
  }
  return ranges;
}

/** Rows `[start, end)` of an array whose first axis is the examples (a view, no copy). */
export function sliceRows(array: NdArray, start: number, end: number, what: string): NdArray {
  const rows = array.shape[0] ?? 0;
  if (array.shape.length < 1 || end > rows) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `${what}: rows ${start}..${end} asked for, but it has ${rows} examples`,
    );
  }
  const width = array.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = array.data.subarray(start * width, end * width);
  return { ...array, data, shape: [end - start, ...array.shape.slice(1)] };
}

/** One model's layers in a shard: arrays whose first axis is the examples, and their names if named. */
export interface ShardLayers {
  readonly arrays: readonly NdArray[];
  readonly labels?: readonly string[] | undefined;
}

/** What {@link accumulateShard} takes. */
export interface ShardInput {
  /** For messages, e.g. `shard shard-03`. */
  readonly what: string;
  readonly a: ShardLayers;
  readonly b?: ShardLayers | undefined;
  /** Rows `[start, end)` of every layer; default all. */
  readonly rows?: readonly [number, number] | undefined;
  readonly batchSize: number;
  readonly threads?: number | undefined;
  readonly maxMemoryBytes?: number | undefined;
}

/**
 * A StreamingCKA over the shard's rows, fed in {@link batchRanges} batches
 * through the addon's asynchronous call.
 * @throws RepsimError `SHAPE_MISMATCH` when a layer has fewer rows than asked
 *   for, and as {@link StreamingCKA.update}
 */
export async function accumulateShard(input: ShardInput): Promise<StreamingCKA> {
  const { a, b, what } = input;
  const rows = input.rows ?? [0, a.arrays[0]?.shape[0] ?? 0];
  const accumulator = new StreamingCKA({
    ...(input.threads === undefined ? {} : { threads: input.threads }),
    ...(input.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: input.maxMemoryBytes }),
  });
  const batch = (side: ShardLayers, start: number, end: number) => {
    const sliced = side.arrays.map((array, i) =>
      sliceRows(array, start, end, `${what}, layer ${side.labels?.[i] ?? i}`),
    );
    const labels = side.labels;
    return labels === undefined
      ? sliced
      : Object.fromEntries(sliced.map((s, i) => [labels[i] ?? String(i), s]));
  };
  for (const [start, end] of batchRanges(rows[1] - rows[0], input.batchSize)) {
    const from = rows[0] + start;
    const to = rows[0] + end;
    await accumulator.updateAsync(batch(a, from, to), b === undefined ? undefined : batch(b, from, to));
  }
  return accumulator;
}
