#!/usr/bin/env node
/**
 * The `repsim` command. Exit codes: 0 success, 1 a failed computation (the
 * error's code and message on stderr), 2 a bad command line, 130 interrupted
 * by Ctrl-C (the work stopped, nothing written).
 */
import { buildInfo } from '../native/build-info.js';
import { isRepsimError } from '../base/errors.js';
import { CKA_HELP, ckaCommand } from './cka-command.js';
import { COMPARE_HELP, compareCommand } from './compare-command.js';
import { DEMO_HELP, demoCommand } from './demo-command.js';
import { MERGE_HELP, mergeCommand } from './merge-command.js';
import { RECORD_HELP, recordCommand } from './record-command.js';
import { SHARD_HELP, shardCommand } from './shard-command.js';
import { SUBMIT_HELP, submitCommand } from './submit-command.js';
import { UsageError } from './usage-error.js';
import { WORKER_HELP, workerCommand } from './worker-command.js';

const HELP = `Usage: repsim <command> [options]

Commands:
  demo                       the demo: three small MLPs on real MNIST digits,
                             compared layer by layer, with a report
  compare <modelA> [modelB]  layer x layer matrices of several metrics and a report
  cka <x> <y>                linear CKA between two activation files (.npy, or file.npz:name)
  record <model> <x>         a TensorFlow.js (model.json) or ONNX model's layer
                             activations on x, one .npy per layer
  shard --index i --of N     one shard of a minibatch CKA, written to a folder
                             (Kubernetes Indexed Jobs, Slurm arrays; no broker)
  merge <dir>                merges the shards in <dir> into one CKA matrix
  worker --redis <url>       runs queued jobs (repsim/distributed, BullMQ on Redis)
  submit matrix|cka          queues a layer matrix or a sharded CKA for the workers
  info                       the version and native build in use

Options:
  -h, --help     show help (also: repsim <command> --help)
  -v, --version  print the version

Run "repsim <command> --help" for the options of a command.
`;

const COMMAND_HELP: Record<string, string> = {
  cka: CKA_HELP,
  compare: COMPARE_HELP,
  demo: DEMO_HELP,
  record: RECORD_HELP,
  shard: SHARD_HELP,
  merge: MERGE_HELP,
  worker: WORKER_HELP,
  submit: SUBMIT_HELP,
};

type Print = (text: string) => void;

async function run(argv: string[], out: Print): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      return out(COMMAND_HELP[rest[0] ?? ''] ?? HELP);
    case '-v':
    case '--version':
      return out(`${buildInfo().version}\n`);
    case 'info':
      return out(`${JSON.stringify(buildInfo(), null, 2)}\n`);
    case 'cka':
      return ckaCommand(rest, out);
    case 'compare':
      return compareCommand(rest, out);
    case 'demo':
      return demoCommand(rest, out);
    case 'record':
      return recordCommand(rest, out);
    case 'shard':
      return shardCommand(rest, out);
    case 'merge':
      return mergeCommand(rest, out);
    case 'worker':
      return workerCommand(rest, out);
    case 'submit':
      return submitCommand(rest, out);
    default:
      throw new UsageError(`unknown command '${command}'; run "repsim --help" for the list`);
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], out: Print, err: Print): Promise<number> {
  try {
    await run(argv, out);
    return 0;
  } catch (error) {
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const parseError = String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || parseError) {
      // One line: node's parseArgs explains some mistakes over several.
      err(`repsim: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if ((error as { name?: unknown } | null)?.name === 'AbortError') {
      err('repsim: interrupted; nothing was written\n');
      return 130;
    }
    if (isRepsimError(error)) {
      err(`repsim: ${error.code}: ${error.message}\n`);
      // A bad option value reaching the library came from a flag: a usage error.
      return error.code === 'BAD_OPTION' ? 2 : 1;
    }
    // Unexpected: one line, the stack only when asked for.
    const detail = process.env.REPSIM_DEBUG ? ((error as Error).stack ?? String(error)) : firstLine(error);
    err(`repsim: ${detail}${process.env.REPSIM_DEBUG ? '' : ' (REPSIM_DEBUG=1 shows the stack)'}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then((code) => {
    process.exitCode = code;
  });
}
