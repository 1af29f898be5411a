/**
 * `repsim/distributed`: repsim's computations over a BullMQ queue on Redis,
 * run by worker processes on any number of machines. Needs bullmq and ioredis
 * (optional peer dependencies): importing this subpath without them is a
 * `MISSING_DEPENDENCY` error saying what to install; `require('repsim')`
 * never loads them. Broker-free shards (Kubernetes Indexed Jobs, Slurm
 * arrays) need neither: see `repsim shard` / `repsim merge`.
 */
import { loadBullMQ, loadIoredis } from './queue-modules.js';

// Fail on import, not on first use, when a dependency is missing.
loadBullMQ();
loadIoredis();

export { createWorker, type RepsimWorker, type WorkerOptions } from './worker.js';
export {
  submitLayerMatrix,
  submitShardedCKA,
  type LayerMatrixSpec,
  type ShardSpec,
  type ShardedCKASpec,
} from './submit.js';
export { submitModelMatrix, type ModelMatrix, type ModelMatrixSpec } from './model-matrix.js';
export type { SubmitOptions } from './run-flow.js';
export type { LayerSources } from './submit-options.js';
export { connectionFromUrl, type ConnectionOptions } from './connection.js';
export { layerRef, type LayerRef, type LayerSource, type Resolver, type Resolvers } from './references.js';
export { batchRanges } from './shard-cka.js';
export { PAYLOAD_VERSION } from './payloads.js';
