/**
 * Broker-free sharding for Kubernetes Indexed Jobs and Slurm arrays: each
 * task writes `shard-<index>.json` (its StreamingCKA state and what it
 * read), and one merge folds the files by index in sorted order, refusing a
 * missing, duplicated or mismatched shard. No Redis, no BullMQ.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { RepsimError } from '../base/errors.js';
import { writeAtomically } from '../io/files.js';
import type { NdArray } from '../io/npy.js';
import { StreamingCKA, type StreamingCKAState } from '../metrics/cka/streaming-cka.js';
import { accumulateShard, shardId, shardRows } from './shard-cka.js';

/** The JSON a shard task writes. */
export interface ShardFile {
  readonly format: 'repsim.shard';
  readonly version: 1;
  readonly index: number;
  readonly of: number;
  /** `'rows'`: rows `rows` of inputs every task shares; `'whole'`: this task's own inputs, all rows. */
  readonly split: 'rows' | 'whole';
  readonly rows: readonly [number, number];
  /** Examples in the inputs (all shards of a `'rows'` split must agree). */
  readonly examples: number;
  readonly state: StreamingCKAState;
}

/** A model's layers as loaded from disk, by name. */
export type NamedLayers = ReadonlyMap<string, NdArray>;

/** What {@link writeShard} takes. */
export interface WriteShardOptions {
  readonly index: number;
  readonly of: number;
  readonly out: string;
  readonly a: NamedLayers;
  readonly b?: NamedLayers | undefined;
  /** The inputs are this task's own examples: use all their rows. Default: rows `index` of `of`. */
  readonly whole?: boolean;
  readonly batchSize?: number;
  readonly threads?: number | undefined;
}

/** The most shards a run may have (as `repsim shard --of` allows). */
export const MAX_SHARDS = 1_000_000;

/** The file name of shard `index`: `shard-<index>.json`. */
export function shardFileName(index: number): string {
  return `shard-${index}.json`;
}

/**
 * Computes one shard's state and writes it to `out/shard-<index>.json`
 * (atomically: a SIGTERM mid-write leaves no partial file).
 * @throws RepsimError `BAD_OPTION` for a bad index; `TOO_FEW_SAMPLES` when the
 *   shard would have fewer than 4 rows; as {@link StreamingCKA.update}
 */
export async function writeShard(options: WriteShardOptions): Promise<{ file: string; shard: ShardFile }> {
  const { index, of, a, b } = options;
  if (!Number.isSafeInteger(of) || of < 1 || of > MAX_SHARDS) {
    throw new RepsimError('BAD_OPTION', `--of must be an integer from 1 to ${MAX_SHARDS}, got ${of}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= of) {
    throw new RepsimError('BAD_OPTION', `--index must be an integer from 0 to ${of - 1}, got ${index}`);
  }
  const examples = [...a.values()][0]?.shape[0] ?? 0;
  const rows: [number, number] = options.whole ? [0, examples] : shardRows(index, of, examples);
  if (rows[1] - rows[0] < 4) {
    throw new RepsimError(
      'TOO_FEW_SAMPLES',
      `shard ${index} of ${of} gets ${rows[1] - rows[0]} of ${examples} examples; each shard needs at least 4`,
    );
  }
  const side = (layers: NamedLayers) => ({ arrays: [...layers.values()], labels: [...layers.keys()] });
  const accumulator = await accumulateShard({
    what: `shard ${index}`,
    a: side(a),
    b: b === undefined ? undefined : side(b),
    rows,
    batchSize: options.batchSize ?? 512,
    threads: options.threads,
  });
  const shard: ShardFile = {
    format: 'repsim.shard',
    version: 1,
    index,
    of,
    split: options.whole ? 'whole' : 'rows',
    rows,
    examples,
    state: accumulator.toJSON(),
  };
  await fs.mkdir(options.out, { recursive: true });
  const file = path.join(options.out, shardFileName(index));
  await writeAtomically(file, `${JSON.stringify(shard)}\n`);
  return { file, shard };
}

function readShardFile(text: string, file: string): ShardFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RepsimError('BAD_INPUT', `${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const s = value as Partial<ShardFile> | null;
  const isIndex = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (
    s?.format !== 'repsim.shard' ||
    s.version !== 1 ||
    !isIndex(s.index) ||
    !(isIndex(s.of) && (s.of as number) >= 1 && (s.of as number) <= MAX_SHARDS) ||
    (s.split !== 'rows' && s.split !== 'whole') ||
    !isIndex(s.examples) ||
    typeof s.state !== 'object'
  ) {
    throw new RepsimError('BAD_INPUT', `${file}: not a repsim shard file (format 'repsim.shard', version 1)`);
  }
  return s as ShardFile;
}

/**
 * Merges every `shard-*.json` in `dir` by index, in sorted order.
 * @throws RepsimError `BAD_INPUT` naming the files for a missing, duplicated,
 *   out-of-range or malformed shard, or shards of different runs (`of`,
 *   split or example count disagree)
 */
export async function mergeShardDir(dir: string): Promise<{ merged: StreamingCKA; shards: number }> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((f) => /^shard-.*\.json$/.test(f)).sort();
  } catch (error) {
    throw new RepsimError('BAD_INPUT', `cannot read '${dir}': ${(error as Error).message}`, { cause: error });
  }
  if (names.length === 0) throw new RepsimError('BAD_INPUT', `${dir}: no shard-*.json files`);
  const shards = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      return { file, shard: readShardFile(await fs.readFile(file, 'utf8'), file) };
    }),
  );
  const first = shards[0] as { file: string; shard: ShardFile };
  const of = first.shard.of;
  const byIndex = new Map<number, string>();
  for (const { file, shard } of shards) {
    const other = byIndex.get(shard.index);
    if (other !== undefined) {
      throw new RepsimError('BAD_INPUT', `shard ${shard.index} is given twice: ${other} and ${file}`);
    }
    byIndex.set(shard.index, file);
    const mismatch =
      shard.of !== of
        ? `--of ${shard.of}, but ${first.file} has --of ${of}`
        : shard.index >= of
          ? `index ${shard.index} is not below --of ${of}`
          : shard.split !== first.shard.split
            ? `split '${shard.split}', but ${first.file} has '${first.shard.split}'`
            : shard.split === 'rows' && shard.examples !== first.shard.examples
              ? `${shard.examples} examples, but ${first.file} has ${first.shard.examples}: the shards read different inputs`
              : undefined;
    if (mismatch !== undefined) throw new RepsimError('BAD_INPUT', `${file}: ${mismatch}`);
  }
  // Every index is below `of` and none repeats, so `of - files` are missing; name the first 20.
  if (byIndex.size < of) {
    const missing: number[] = [];
    for (let i = 0; i < of && missing.length < 20; i++) if (!byIndex.has(i)) missing.push(i);
    const more = of - byIndex.size - missing.length;
    throw new RepsimError(
      'BAD_INPUT',
      `${dir}: ${of - byIndex.size} of ${of} shards missing: ${missing.map(shardFileName).join(', ')}${more > 0 ? `, … (${more} more)` : ''}`,
    );
  }
  // The queue's shard ids: the fold runs in index order, as the queue's does.
  const id = (index: number) => shardId(index, of);
  const expected = Array.from({ length: of }, (_, i) => id(i));
  const merged = StreamingCKA.mergeKeyed(
    shards.map(({ shard }) => [id(shard.index), shard.state] as const),
    { expected },
  );
  return { merged, shards: shards.length };
}
