/** `repsim merge <dir>`: folds the shard files of a broker-free run into one CKA matrix. */
import { parseArgs } from 'node:util';

import { writeAtomically } from '../io/files.js';
import { mergeShardDir } from '../distributed/shard-files.js';
import { matrixTable } from './matrix-table.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim merge --help`. */
export const MERGE_HELP = `Usage: repsim merge <dir> [options]

Merges the shard-<i>.json files "repsim shard" wrote into <dir>, in index
order (the result does not depend on which task finished first), and prints
the layer x layer minibatch CKA. Refuses a missing or duplicated shard, and
shards of different runs.

Options:
  --out <file>   also write the merged state (StreamingCKA JSON, resumable)
  --json         print the matrix as JSON ({metric, rows, cols, values, labels})
  -h, --help     show this help
`;

/** Runs `repsim merge` with the arguments after the command name. */
export async function mergeCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(MERGE_HELP);
  if (positionals.length !== 1) throw new UsageError(`merge takes one folder, got ${positionals.length}`);
  const { merged, shards } = await mergeShardDir(positionals[0] ?? '');
  const matrix = merged.value();
  if (values.out !== undefined) await writeAtomically(values.out, `${JSON.stringify(merged.toJSON())}\n`);
  out(
    values.json
      ? `${JSON.stringify({ ...matrix.toJSON(), shards, examples: merged.examples })}\n`
      : `minibatch CKA over ${merged.examples} examples in ${shards} shards (${merged.batches} batches)\n${matrixTable(matrix)}`,
  );
}
