/**
 * The payloads repsim's jobs carry (version 1) and their deterministic ids.
 * A payload holds references and small numbers, never arrays. A job's id is
 * a hash of its parent's id and its own payload, so submitting the same run
 * twice names the same jobs and BullMQ adds none of them again; a child's id
 * includes its parent's, so two runs that share a block never share its job
 * (a job has one parent in a BullMQ flow).
 */
import { createHash } from 'node:crypto';

import type { MetricOptions } from '../metrics/metric-spec.js';
import type { StreamingCKAState } from '../metrics/cka/streaming-cka.js';
import type { LayerRef } from './references.js';

/**
 * Metrics with m(A, B) = m(B, A), for which only half of a within-model or
 * model × model matrix is computed and the rest mirrored. PWCCA (weights from
 * one side) and the regression-style measures are not symmetric.
 */
export const SYMMETRIC_METRICS: ReadonlySet<string> = new Set([
  'linear-cka',
  'debiased-cka',
  'kernel-cka',
  'cca',
  'svcca',
  'procrustes',
]);

/** Every payload's version; a worker refuses others. */
export const PAYLOAD_VERSION = 1;

/** The JSON-serialisable metric options a job carries (no signal, callback or thread count). */
export type JobMetricOptions = Omit<MetricOptions, 'signal' | 'onProgress' | 'threads' | 'maxMemoryBytes'>;

/**
 * A block of a layer matrix: layers `a` (rows from `row`) against layers `b`
 * (columns from `col`); `b` absent for a diagonal block of a within-model
 * matrix (a against itself, one native call).
 */
export interface BlockPayload {
  readonly v: 1;
  readonly metric: string;
  readonly options: JobMetricOptions;
  readonly a: readonly LayerRef[];
  readonly b?: readonly LayerRef[];
  readonly row: number;
  readonly col: number;
}

/** What a block job returns. */
export interface BlockResult {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
  readonly values: number[];
}

/** The parent of a layer matrix's blocks: assembles them. */
export interface MatrixPayload {
  readonly v: 1;
  readonly metric: string;
  readonly rows: number;
  readonly cols: number;
  readonly blocks: number;
  /** Only blocks on and above the diagonal were computed: fill the rest from their mirror. */
  readonly mirror: boolean;
  readonly labelsA?: readonly string[];
  readonly labelsB?: readonly string[];
}

/** One shard of examples for sharded CKA: rows `[start, end)` of each layer (all rows when absent). */
export interface ShardPayload {
  readonly v: 1;
  readonly shard: string;
  readonly a: readonly LayerRef[];
  readonly b?: readonly LayerRef[];
  readonly rows?: readonly [number, number];
  readonly batchSize: number;
  readonly labelsA?: readonly string[];
  readonly labelsB?: readonly string[];
}

/** What a shard job returns: its id and its accumulator's state. */
export interface ShardResult {
  readonly shard: string;
  readonly state: StreamingCKAState;
}

/** The parent of a sharded CKA's shards: merges them by id. */
export interface ShardedPayload {
  readonly v: 1;
  readonly shards: readonly string[];
}

/**
 * One model's features for a model matrix: its layers read once, checked
 * (float, finite, one example count), flattened and written as `.npy`
 * files in `workDir` for the pair jobs to read.
 */
export interface FeaturePayload {
  readonly v: 1;
  readonly model: string;
  readonly layers: readonly LayerRef[];
  readonly labels?: readonly string[];
  /** A `file://` URI of a folder every worker can write and read. */
  readonly workDir: string;
}

/** What a feature job returns: references to the written features. */
export interface FeatureResult {
  readonly model: string;
  readonly layers: readonly LayerRef[];
  readonly examples: number;
}

/** The parent of a model matrix's feature jobs: returns them by model. */
export interface FeaturesPayload {
  readonly v: 1;
  readonly models: readonly string[];
}

/** One ordered pair of models: model i's feature layers (rows) against model j's (columns). */
export interface ModelPairPayload {
  readonly v: 1;
  readonly metric: string;
  readonly options: JobMetricOptions;
  readonly i: number;
  readonly j: number;
  readonly a: readonly LayerRef[];
  /** Absent for a model against itself (i = j). */
  readonly b?: readonly LayerRef[];
}

/** What a model pair job returns. */
export interface ModelPairResult {
  readonly i: number;
  readonly j: number;
  readonly values: number[];
  readonly rows: number;
  readonly cols: number;
}

/** The parent of a model matrix's pair jobs: collects them. */
export interface ModelMatrixPayload {
  readonly v: 1;
  readonly pairs: number;
}

/** Job names, one per kind of work. */
export const JOB = {
  block: 'repsim.block',
  matrix: 'repsim.layer-matrix',
  shard: 'repsim.shard',
  sharded: 'repsim.sharded-cka',
  feature: 'repsim.model-feature',
  features: 'repsim.model-features',
  pair: 'repsim.model-pair',
  models: 'repsim.model-matrix',
} as const;

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A job's id: its name and a hash of its parent's id (if any) and payload.
 * BullMQ ids must not be integers or contain ':'; these are neither.
 */
export function jobId(name: string, payload: unknown, parentId?: string): string {
  const hash = createHash('sha256')
    .update(`${parentId ?? ''}\n${name}\n${canonicalJson(payload)}`)
    .digest('hex');
  return `${name.replace('repsim.', '')}-${hash.slice(0, 40)}`;
}
