/**
 * The payloads repsim's jobs carry (version 1) and their deterministic ids.
 * A payload holds references and small numbers, never arrays. A job's id is
 * a hash of its parent's id and its own payload, so submitting the same run
 * twice names the same jobs and BullMQ adds none of them again; a child's id
 * includes its parent's, so two runs that share a block never share its job
 * (a job has one parent in a BullMQ flow).
 */
import { createHash } from 'node:crypto';

import type { LayerMatrixJSON } from '../base/layer-matrix.js';
import type { MetricOptions } from '../metrics/metric-spec.js';
import type { StreamingCKAState } from '../metrics/cka/streaming-cka.js';
import type { LayerRef } from './references.js';

/** Every payload's version; a worker refuses others. */
export const PAYLOAD_VERSION = 1;

/** The JSON-serialisable metric options a job carries (no signal, callback or thread count). */
export type JobMetricOptions = Omit<MetricOptions, 'signal' | 'onProgress' | 'threads' | 'maxMemoryBytes'>;

/** A block of a layer matrix: layers `a` (rows from `row`) against layers `b` (columns from `col`). */
export interface BlockPayload {
  readonly v: 1;
  readonly metric: string;
  readonly options: JobMetricOptions;
  readonly a: readonly LayerRef[];
  readonly b: readonly LayerRef[];
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

/** Job names, one per kind of work. */
export const JOB = {
  block: 'repsim.block',
  matrix: 'repsim.layer-matrix',
  shard: 'repsim.shard',
  sharded: 'repsim.sharded-cka',
} as const;

/** What each kind of job returns. */
export interface JobResults {
  [JOB.block]: BlockResult;
  [JOB.matrix]: LayerMatrixJSON;
  [JOB.shard]: ShardResult;
  [JOB.sharded]: StreamingCKAState;
}

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
