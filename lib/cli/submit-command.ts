/**
 * `repsim submit matrix|cka --redis URL …`: puts a run on the queue, shows
 * progress (done / total jobs) on a terminal, and prints the result.
 */
import { parseArgs } from 'node:util';

import { writeAtomically } from '../io/files.js';
import { QUEUE_FLAGS, integerFlag, redisFlag } from './flags.js';
import { matrixTable } from './matrix-table.js';
import { modelSources } from './model-sources.js';
import { progressBar } from './progress.js';
import { UsageError } from './usage-error.js';
import type { LayerMetric } from '../metrics/metric-spec.js';

/** The text of `repsim submit --help`. */
export const SUBMIT_HELP = `Usage: repsim submit matrix --redis <url> <modelA> [modelB] [options]
       repsim submit cka --redis <url> --shards <N> <modelA> [modelB] [options]

Submits a run to the workers ("repsim worker") and prints its result:
  matrix  the layer x layer matrix of a metric, one job per block of layers
  cka     minibatch linear CKA over N shards of the examples, merged by shard id
A model is a directory of .npy files, an .npz or a .safetensors, at a path the
workers can read too (a shared filesystem): jobs carry the files' paths and
SHA-256, never the arrays. Submitting the same run again adds no jobs.

Options:
  --redis <url>        redis://host:6379[/db], rediss://… or unix:///path/redis.sock
  --queue <name>       the queue (default repsim)
  --metric <name>      matrix: the metric (default linear-cka)
  --block <r>x<c>      matrix: layers per job, rows x columns (default 1 x all)
  --shards <N>         cka: shards of the examples
  --batch-size <b>     cka: examples per minibatch (default 512)
  --attempts <n>       tries per job before the run fails (default 3)
  --out <file>         also write the result as JSON
  --json               print the result as JSON
  -h, --help           show this help
`;

/** Runs `repsim submit`. */
export async function submitCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...QUEUE_FLAGS,
      metric: { type: 'string' },
      block: { type: 'string' },
      shards: { type: 'string' },
      'batch-size': { type: 'string' },
      attempts: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(SUBMIT_HELP);
  const [kind, specA, specB, ...extra] = positionals;
  if (kind !== 'matrix' && kind !== 'cka') {
    throw new UsageError(
      `submit needs what to run first: 'matrix' or 'cka'${kind === undefined ? '' : `, got '${kind}'`}`,
    );
  }
  const what = kind;
  if (specA === undefined || extra.length > 0) throw new UsageError('submit takes one or two models');
  const redis = redisFlag('submit', values.redis);
  const attempts = integerFlag('attempts', values.attempts, { min: 1, max: 100 });
  const { connectionFromUrl, submitLayerMatrix, submitShardedCKA } = await import('../distributed/index.js');
  const a = await modelSources(specA);
  const b = specB === undefined ? undefined : await modelSources(specB);
  const progress = progressBar();
  const common = {
    connection: connectionFromUrl(redis),
    queue: values.queue,
    ...(attempts === undefined ? {} : { attempts }),
    onProgress: (done: number, total: number) => progress.update(done, total, 'jobs'),
  };
  let result;
  try {
    if (what === 'matrix') {
      if (values.shards !== undefined) throw new UsageError('--shards is for submit cka');
      // submitLayerMatrix checks the name (BAD_OPTION, exit code 2, listing the metrics).
      const metric = values.metric as LayerMetric | undefined;
      const block = values.block === undefined ? undefined : /^(\d+)x(\d+|all)$/.exec(values.block);
      if (values.block !== undefined && !block)
        throw new UsageError(`--block must look like 2x3 or 1xall, got '${values.block}'`);
      const matrix = await submitLayerMatrix({
        ...common,
        a,
        ...(b === undefined ? {} : { b }),
        ...(metric === undefined ? {} : { metric }),
        ...(block
          ? { block: { rows: Number(block[1]), ...(block[2] === 'all' ? {} : { cols: Number(block[2]) }) } }
          : {}),
      });
      result = { json: matrix.toJSON(), text: matrixTable(matrix) };
    } else {
      const shards = integerFlag('shards', values.shards, { min: 1, max: 1_000_000 });
      if (shards === undefined) throw new UsageError('submit cka needs --shards <N>');
      const batchSize = integerFlag('batch-size', values['batch-size'], { min: 4, max: 1 << 30 });
      const merged = await submitShardedCKA({
        ...common,
        a,
        ...(b === undefined ? {} : { b }),
        shards,
        ...(batchSize === undefined ? {} : { batchSize }),
      });
      const matrix = merged.value();
      result = {
        json: { ...matrix.toJSON(), examples: merged.examples, state: merged.toJSON() },
        text: `minibatch CKA over ${merged.examples} examples in ${shards} shards (${merged.batches} batches)\n${matrixTable(matrix)}`,
      };
    }
  } finally {
    progress.done();
  }
  if (values.out !== undefined) await writeAtomically(values.out, `${JSON.stringify(result.json)}\n`);
  out(values.json ? `${JSON.stringify(result.json)}\n` : result.text);
}
