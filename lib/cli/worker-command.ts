/**
 * `repsim worker --redis URL`: runs repsim's queued jobs until SIGTERM or
 * Ctrl-C, then lets the running jobs finish and exits.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { RepsimError } from '../base/errors.js';
import { QUEUE_FLAGS, integerFlag, redisFlag } from './flags.js';
import { UsageError } from './usage-error.js';
import type { Resolvers } from '../distributed/references.js';

/** The text of `repsim worker --help`. */
export const WORKER_HELP = `Usage: repsim worker --redis <url> [options]

Runs the jobs "repsim submit" (or submitLayerMatrix, submitShardedCKA) puts on
a BullMQ queue in Redis, until SIGTERM or Ctrl-C; then it finishes the jobs
it holds and exits. Start one per machine (each native call uses every core).
Needs bullmq and ioredis installed beside repsim.

Options:
  --redis <url>         redis://host:6379[/db], rediss://… (TLS) or unix:///path/redis.sock
  --queue <name>        the queue (default repsim)
  --concurrency <n>     jobs at once (default 1)
  --threads <n>         threads per native call (default: every core)
  --resolvers <module>  a module exporting readers for other URI schemes,
                        e.g. module.exports = { 's3:': async (url) => bytes }
  -h, --help            show this help
`;

/** The resolvers a `--resolvers` module exports (as module.exports or its default). */
function loadResolvers(file: string): Resolvers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's CommonJS module, by path
  const loaded = require(path.resolve(file)) as { default?: unknown } | null;
  const resolvers = (loaded?.default ?? loaded) as Record<string, unknown> | null;
  const bad = Object.entries(resolvers ?? {}).find(
    ([scheme, fn]) => !/^[a-z][a-z0-9+.-]*:$/i.test(scheme) || typeof fn !== 'function',
  );
  if (resolvers === null || typeof resolvers !== 'object' || bad !== undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `--resolvers ${file}: must export { 'scheme:': async (url) => bytes, … }`,
    );
  }
  return resolvers as Resolvers;
}

/** Runs `repsim worker`; resolves once the worker has closed after a signal. */
export async function workerCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...QUEUE_FLAGS,
      concurrency: { type: 'string' },
      threads: { type: 'string' },
      resolvers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(WORKER_HELP);
  if (positionals.length > 0) throw new UsageError(`worker takes no files, got '${positionals[0]}'`);
  const redis = redisFlag('worker', values.redis);
  const concurrency = integerFlag('concurrency', values.concurrency, { min: 1, max: 1024 });
  const threads = integerFlag('threads', values.threads, { min: 1, max: 1024 });
  // Loaded here, not at the top: the rest of the CLI must not need bullmq.
  const { createWorker, connectionFromUrl } = await import('../distributed/index.js');
  const { describeConnection } = await import('../distributed/connection.js');
  const connection = connectionFromUrl(redis);
  const worker = await createWorker({
    connection,
    queue: values.queue,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(threads === undefined ? {} : { threads }),
    ...(values.resolvers === undefined ? {} : { resolvers: loadResolvers(values.resolvers) }),
    log: (line) => process.stderr.write(`repsim worker: ${line}\n`),
  });
  out(
    `repsim worker: taking jobs from queue '${worker.queue}' at ${describeConnection(connection)} (SIGTERM or Ctrl-C stops)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
      out('repsim worker: finishing the jobs it holds, then exiting\n');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await worker.close();
}
