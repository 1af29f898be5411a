/** `repsim cka <x> <y>`: prints the linear CKA of two activation files. */
import { parseArgs } from 'node:util';

import { linearCKA } from '../metrics/cka/linear-cka.js';
import { loadActivations, requireFloat } from './activations.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim cka --help`. */
export const CKA_HELP = `Usage: repsim cka <x> <y> [options]

Prints the linear CKA between two layers' activations (rows = the same examples).
<x> and <y> are .npy files, or one array of an .npz as file.npz:name.

Options:
  --form <auto|feature|gram>  which formula to use (default: auto, the cheaper one)
  --threads <n>               threads for the computation (default: every core)
  --json                      print {"x", "y", "linearCKA", "shapeX", "shapeY"} as JSON
  -h, --help                  show this help
`;

/** Runs `repsim cka` with the arguments after the command name, printing through `out`. */
export async function ckaCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      form: { type: 'string', default: 'auto' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(CKA_HELP);
  if (positionals.length !== 2) {
    throw new UsageError(`cka needs exactly two activation files, got ${positionals.length}`);
  }
  const [xSpec = '', ySpec = ''] = positionals;
  const form = values.form;
  if (form !== 'auto' && form !== 'feature' && form !== 'gram') {
    throw new UsageError(`--form must be auto, feature or gram, got '${form}'`);
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new UsageError(`--threads must be a positive integer, got '${values.threads}'`);
  }

  const [x, y] = await Promise.all([loadActivations(xSpec), loadActivations(ySpec)]);
  const value = await linearCKA(requireFloat(x, xSpec), requireFloat(y, ySpec), {
    form,
    ...(threads === undefined ? {} : { threads }),
  });
  out(
    values.json
      ? `${JSON.stringify({ x: xSpec, y: ySpec, linearCKA: value, shapeX: x.shape, shapeY: y.shape })}\n`
      : `${value}\n`,
  );
}
