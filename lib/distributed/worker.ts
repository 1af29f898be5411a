/**
 * `createWorker`: a BullMQ worker that runs repsim's jobs. Delivery is at
 * least once (a job whose worker dies is run again after its lock expires),
 * so every job is a pure function of its payload: running one twice writes
 * the same result into the same slot of its parent, and only parents combine
 * results.
 */
import { isRepsimError } from '../base/errors.js';
import { readOptions } from '../base/options.js';
import { COMPUTE_CHECKS } from '../metrics/similarity-options.js';
import { ensureReachable, type ConnectionOptions } from './connection.js';
import { LayerCache } from './layer-cache.js';
import { processJob } from './processors.js';
import { loadBullMQ } from './queue-modules.js';
import type { Resolvers } from './references.js';
import { SUBMIT_CHECKS, positiveInteger } from './submit-options.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions {
  /** Where Redis is: what ioredis takes (`{host, port}`, `{path}` for a Unix socket, …). */
  readonly connection: ConnectionOptions;
  /** The queue's name; default `'repsim'` (the submitter must use the same). */
  readonly queue?: string;
  /** Jobs run at once by this worker; default 1 (each native call already uses every core). */
  readonly concurrency?: number;
  /** Readers for URI schemes other than `file:` (e.g. `{'s3:': readFromS3}`). */
  readonly resolvers?: Resolvers;
  /** Threads of each native call; default every core. */
  readonly threads?: number;
  /** The most memory (bytes) one native call may allocate; default 2 GiB. */
  readonly maxMemoryBytes?: number;
  /** Bytes of decoded layers kept between jobs; default 1 GiB. */
  readonly cacheBytes?: number;
  /**
   * How long (ms) a job's lock lasts without renewal; default 30 000. When a
   * worker dies, its job runs again elsewhere after this long.
   */
  readonly lockDuration?: number;
  /** How often (ms) this worker looks for jobs whose lock expired; default 30 000. */
  readonly stalledInterval?: number;
  /**
   * Receives one line per event worth an operator's eye: a failed attempt, a
   * job found stalled, a connection error (repeats of the same one skipped).
   * Default: nothing is logged.
   */
  readonly log?: (line: string) => void;
}

/** A running worker; {@link RepsimWorker.close} lets its jobs finish and disconnects. */
export interface RepsimWorker {
  /** The queue it takes jobs from. */
  readonly queue: string;
  /** Waits for the running jobs, then disconnects. `force`: stop without waiting (the jobs run again elsewhere). */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a worker for repsim's jobs and resolves once it is connected.
 * @throws RepsimError `BAD_OPTION` for a bad option; `MISSING_DEPENDENCY` without bullmq/ioredis
 *
 * @example
 * ```ts
 * const worker = await createWorker({ connection: { host: 'localhost', port: 6379 } });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function createWorker(options: WorkerOptions): Promise<RepsimWorker> {
  const opts = readOptions<WorkerOptions>('createWorker', options, {
    connection: SUBMIT_CHECKS.connection,
    queue: SUBMIT_CHECKS.queue,
    concurrency: positiveInteger,
    resolvers: SUBMIT_CHECKS.resolvers,
    threads: COMPUTE_CHECKS.threads,
    maxMemoryBytes: COMPUTE_CHECKS.maxMemoryBytes,
    cacheBytes: (v) => (typeof v === 'number' && v >= 0 ? undefined : 'a number of bytes, 0 or more'),
    lockDuration: positiveInteger,
    stalledInterval: positiveInteger,
    log: (v) => (typeof v === 'function' ? undefined : 'a function'),
  });
  const { Worker, UnrecoverableError } = loadBullMQ();
  await ensureReachable(opts.connection);
  const queue = opts.queue ?? 'repsim';
  const context = {
    cache: new LayerCache(opts.resolvers ?? {}, opts.cacheBytes ?? 2 ** 30),
    threads: opts.threads,
    maxMemoryBytes: opts.maxMemoryBytes,
  };
  const worker = new Worker(
    queue,
    async (job) => {
      try {
        return await processJob(
          { name: job.name, data: job.data, childrenValues: () => job.getChildrenValues() },
          context,
        );
      } catch (error) {
        // Input errors fail the same way every time: no retry. The code leads the
        // message so the submitter can raise the same RepsimError.
        if (isRepsimError(error)) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
      }
    },
    {
      connection: opts.connection,
      concurrency: opts.concurrency ?? 1,
      ...(opts.lockDuration === undefined ? {} : { lockDuration: opts.lockDuration }),
      ...(opts.stalledInterval === undefined ? {} : { stalledInterval: opts.stalledInterval }),
    },
  );
  // A worker's 'error' events (a lost connection, which it retries) must not
  // crash the process as an unhandled 'error' would.
  const log = opts.log ?? (() => undefined);
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) log(`connection: ${error.message}`);
    lastError = error.message;
  });
  worker.on('ready', () => (lastError = ''));
  worker.on('failed', (job, error) => {
    if (job) log(`${job.name} ${job.id ?? ''} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });
  worker.on('stalled', (jobId) =>
    log(`job ${jobId} stalled (its worker stopped renewing the lock); it runs again`),
  );
  await worker.waitUntilReady();
  return {
    queue,
    close: async (force = false) => {
      await worker.close(force);
    },
  };
}
