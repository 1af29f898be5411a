/**
 * A worker's check of a job's payload before it acts on it: anyone who can
 * write to the queue can add a job, so a payload is input like any other. A
 * malformed one fails at once (BAD_INPUT), never as a TypeError deep inside
 * a computation, and never reads past what it names.
 */
import { RepsimError } from '../base/errors.js';
import { JOB, PAYLOAD_VERSION } from './payloads.js';

type Check = (value: unknown) => boolean;

const SHA256 = /^[0-9a-f]{64}$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === 'string';
const isRef: Check = (v) =>
  isObject(v) &&
  typeof v.uri === 'string' &&
  typeof v.sha256 === 'string' &&
  SHA256.test(v.sha256) &&
  (v.layer === undefined || typeof v.layer === 'string');
const listOf =
  (item: Check, minimum = 1): Check =>
  (v) =>
    Array.isArray(v) && v.length >= minimum && v.every(item);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const rowRange: Check = (v) =>
  listOf(isIndex, 2)(v) && (v as number[]).length === 2 && (v as number[])[0]! < (v as number[])[1]!;

/** What each job's payload must hold besides `v`. */
const SHAPES: Readonly<Record<string, Readonly<Record<string, Check>>>> = {
  [JOB.block]: {
    metric: isString,
    options: isObject,
    a: listOf(isRef),
    b: optional(listOf(isRef)),
    row: isIndex,
    col: isIndex,
  },
  [JOB.matrix]: {
    metric: isString,
    rows: isIndex,
    cols: isIndex,
    blocks: isIndex,
    mirror: (v) => typeof v === 'boolean',
    labelsA: optional(listOf(isString)),
    labelsB: optional(listOf(isString)),
  },
  [JOB.shard]: {
    shard: isString,
    a: listOf(isRef),
    b: optional(listOf(isRef)),
    rows: optional(rowRange),
    batchSize: (v) => isIndex(v) && (v as number) >= 4,
    labelsA: optional(listOf(isString)),
    labelsB: optional(listOf(isString)),
  },
  [JOB.sharded]: { shards: listOf(isString) },
  [JOB.feature]: {
    model: isString,
    layers: listOf(isRef),
    labels: optional(listOf(isString)),
    workDir: isString,
  },
  [JOB.features]: { models: listOf(isString) },
  [JOB.pair]: {
    metric: isString,
    options: isObject,
    i: isIndex,
    j: isIndex,
    a: listOf(isRef),
    b: optional(listOf(isRef)),
  },
  [JOB.models]: { pairs: isIndex },
};

/**
 * @throws RepsimError `BAD_INPUT` for an unknown job, another payload version,
 *   or a field missing or of the wrong kind (named)
 */
export function checkPayload(name: string, data: unknown): void {
  // Own keys only: '__proto__' and 'constructor' are unknown jobs, not Object's.
  const shape = Object.hasOwn(SHAPES, name) ? SHAPES[name] : undefined;
  if (shape === undefined) {
    throw new RepsimError(
      'BAD_INPUT',
      `unknown job '${name}'; this worker runs ${Object.values(JOB).join(', ')}`,
    );
  }
  if (!isObject(data) || data.v !== PAYLOAD_VERSION) {
    const v = isObject(data) ? String(data.v) : 'none';
    throw new RepsimError(
      'BAD_INPUT',
      `job ${name}: payload version ${v}, this worker reads version ${PAYLOAD_VERSION}; run workers of the submitter's repsim version`,
    );
  }
  for (const [field, check] of Object.entries(shape)) {
    if (!check(data[field]))
      throw new RepsimError('BAD_INPUT', `job ${name}: malformed payload field '${field}'`);
  }
}
