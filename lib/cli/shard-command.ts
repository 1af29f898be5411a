/**
 * `repsim shard`: one task of a broker-free sharded CKA (a Kubernetes
 * Indexed Job, a Slurm array task) writes its shard's state to a folder.
 */
import { parseArgs } from 'node:util';

import { MAX_SHARDS, writeShard } from '../distributed/shard-files.js';
import { loadFloatLayers } from './activations.js';
import { integerFlag } from './flags.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim shard --help`. */
export const SHARD_HELP = `Usage: repsim shard --index <i> --of <N> --out <dir> <modelA> [modelB] [options]

Computes shard i of N of a minibatch CKA (layer x layer) and writes
<dir>/shard-<i>.json; "repsim merge <dir>" combines the N files. Each task of
a Kubernetes Indexed Job or a Slurm array runs one; no queue or broker needed.
A model is a directory of .npy files (one per layer), an .npz or a .safetensors.

Options:
  --index <i>         this shard (default: $JOB_COMPLETION_INDEX, then $SLURM_ARRAY_TASK_ID)
  --of <N>            how many shards the run has
  --out <dir>         where shard-<i>.json goes (shared by every task)
  --whole             the models hold this shard's own examples: use all their
                      rows (default: rows i*n/N to (i+1)*n/N of inputs every task shares)
  --batch-size <b>    examples per minibatch (default 512)
  --threads <n>       threads for the computation (default: every core)
  -h, --help          show this help
`;

function indexFromEnvironment(): string | undefined {
  return process.env.JOB_COMPLETION_INDEX ?? process.env.SLURM_ARRAY_TASK_ID;
}

/** Runs `repsim shard` with the arguments after the command name. */
export async function shardCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: 'string' },
      of: { type: 'string' },
      out: { type: 'string' },
      whole: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(SHARD_HELP);
  if (positionals.length < 1 || positionals.length > 2) {
    throw new UsageError(`shard takes one or two models, got ${positionals.length}`);
  }
  const of = integerFlag('of', values.of, { min: 1, max: MAX_SHARDS });
  if (of === undefined) throw new UsageError('shard needs --of <N>, the number of shards');
  const index = integerFlag('index', values.index ?? indexFromEnvironment(), { min: 0, max: of - 1 });
  if (index === undefined) {
    throw new UsageError('shard needs --index <i> (or $JOB_COMPLETION_INDEX / $SLURM_ARRAY_TASK_ID)');
  }
  if (values.out === undefined) throw new UsageError('shard needs --out <dir>');
  const batchSize = integerFlag('batch-size', values['batch-size'], { min: 4, max: 1 << 30 });
  const threads = integerFlag('threads', values.threads, { min: 1, max: 1024 });
  const [specA = '', specB] = positionals;
  const { file, shard } = await writeShard({
    index,
    of,
    out: values.out,
    a: await loadFloatLayers(specA),
    b: specB === undefined ? undefined : await loadFloatLayers(specB),
    whole: values.whole,
    ...(batchSize === undefined ? {} : { batchSize }),
    threads,
  });
  out(`wrote ${file} (rows ${shard.rows[0]}..${shard.rows[1] - 1} of ${shard.examples})\n`);
}
