#!/usr/bin/env node
/**
 * The `repsim` command. Exit codes: 0 success, 1 a failed computation (the
 * error's code and message on stderr), 2 a bad command line.
 */
import { buildInfo } from '../build-info.js';
import { isRepsimError } from '../errors.js';
import { CKA_HELP, ckaCommand } from './cka-command.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: repsim <command> [options]

Commands:
  cka <x> <y>   linear CKA between two activation files (.npy, or file.npz:name)
  info          the version and native build in use

Options:
  -h, --help     show help (also: repsim <command> --help)
  -v, --version  print the version

Run "repsim cka --help" for the options of a command.
`;

type Print = (text: string) => void;

async function run(argv: string[], out: Print): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      return out(rest[0] === 'cka' ? CKA_HELP : HELP);
    case '-v':
    case '--version':
      return out(`${buildInfo().version}\n`);
    case 'info':
      return out(`${JSON.stringify(buildInfo(), null, 2)}\n`);
    case 'cka':
      return ckaCommand(rest, out);
    default:
      throw new UsageError(`unknown command '${command}'; run "repsim --help" for the list`);
  }
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
      err(`repsim: ${(error as Error).message}\n`);
      return 2;
    }
    if (isRepsimError(error)) {
      err(`repsim: ${error.code}: ${error.message}\n`);
      return 1;
    }
    err(`repsim: ${(error as Error).stack ?? String(error)}\n`);
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
