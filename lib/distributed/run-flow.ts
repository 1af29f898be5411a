/**
 * Submits one BullMQ flow (a parent and its children, all with deterministic
 * ids) and waits for the parent's result. A flow whose ids already exist adds
 * nothing: resubmitting a run waits for (or reads) the same jobs. When a
 * child fails for good, the parent fails and the error names that child.
 */
import { RepsimError, isErrorCode } from '../base/errors.js';
import { ensureReachable, type ConnectionOptions } from './connection.js';
import { loadBullMQ } from './queue-modules.js';

/** Options every submit function takes. */
export interface SubmitOptions {
  /** Where Redis is: what ioredis takes (`{host, port}`, `{path}` for a Unix socket, …). */
  readonly connection: ConnectionOptions;
  /** The queue's name; default `'repsim'` (the workers must use the same). */
  readonly queue?: string;
  /** Tries per child job before the run fails; default 3. */
  readonly attempts?: number;
  /** First retry delay (ms), doubling each retry; default 1000. */
  readonly backoffMs?: number;
  /** Give up waiting after this many ms (the jobs stay queued); default: wait as long as it takes. */
  readonly timeoutMs?: number;
  /** Called as children finish: how many are done of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One job of a flow. */
export interface FlowJob {
  readonly name: string;
  readonly id: string;
  readonly data: object;
  /** What the job is, for error messages: `shard 'shard-03'`. */
  readonly what: string;
}

const PROGRESS_INTERVAL_MS = 250;

/** The RepsimError a failed child stands for: its own code when a worker raised one. */
function childError(child: FlowJob, reason: string, attempts: number): RepsimError {
  const coded = /^([A-Z_]+): ([\s\S]*)$/.exec(reason);
  const code = coded?.[1];
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return isErrorCode(code)
    ? new RepsimError(code, `${child.what} failed (${tries}): ${coded?.[2] ?? reason}`)
    : new RepsimError('JOB_FAILED', `${child.what} failed after ${tries}: ${reason}`);
}

/**
 * Adds `parent` with `children` as one flow (unless their ids exist) and
 * resolves to the parent's return value.
 * @throws RepsimError `UNREACHABLE` when Redis does not answer; the failed
 *   child's code (or `JOB_FAILED`) naming it; `JOB_FAILED` on `timeoutMs`
 */
export async function runFlow<R>(
  options: SubmitOptions,
  parent: FlowJob,
  children: readonly FlowJob[],
): Promise<R> {
  const { FlowProducer, QueueEvents, Queue } = loadBullMQ();
  const { connection } = options;
  const queueName = options.queue ?? 'repsim';
  await ensureReachable(connection);
  const events = new QueueEvents(queueName, { connection });
  const flows = new FlowProducer({ connection });
  const queue = new Queue(queueName, { connection });
  // Connection errors are retried by ioredis; unhandled 'error' events would crash the process.
  events.on('error', () => undefined);
  flows.on('error', () => undefined);
  queue.on('error', () => undefined);
  let progress: NodeJS.Timeout | undefined;
  try {
    await Promise.all([events.waitUntilReady(), flows.waitUntilReady(), queue.waitUntilReady()]);
    const childOpts = {
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      failParentOnFailure: true,
      removeOnComplete: false,
      removeOnFail: false,
    };
    const node = await flows.add({
      name: parent.name,
      queueName,
      data: parent.data,
      opts: { jobId: parent.id, removeOnComplete: false, removeOnFail: false },
      children: children.map((c) => ({
        name: c.name,
        queueName,
        data: c.data,
        opts: { ...childOpts, jobId: c.id },
      })),
    });
    if (options.onProgress) {
      const report = options.onProgress;
      const tick = async () => {
        const counts = await node.job.getDependenciesCount({ processed: true, unprocessed: true });
        report(counts.processed ?? 0, children.length);
      };
      progress = setInterval(() => void tick().catch(() => undefined), PROGRESS_INTERVAL_MS);
    }
    try {
      const result = (await node.job.waitUntilFinished(events, options.timeoutMs)) as R;
      options.onProgress?.(children.length, children.length);
      return result;
    } catch (error) {
      const message = (error as Error).message;
      if (/timed out/i.test(message) && options.timeoutMs !== undefined) {
        throw new RepsimError(
          'JOB_FAILED',
          `no result within ${options.timeoutMs} ms; the jobs stay queued (resubmit to wait again)`,
        );
      }
      // Which child failed: the parent's own reason only names its key.
      for (const child of children) {
        const job = await queue.getJob(child.id);
        if (job?.failedReason && (await job.isFailed()))
          throw childError(child, job.failedReason, job.attemptsMade);
      }
      throw childError(parent, message, 1);
    }
  } finally {
    clearInterval(progress);
    await Promise.allSettled([events.close(), flows.close(), queue.close()]);
  }
}
