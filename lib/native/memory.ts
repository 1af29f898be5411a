/**
 * The native core keeps the large temporary buffers of a computation (Gram
 * accumulators, fill blocks) for reuse by the next one, because fresh
 * multi-megabyte allocations cost page faults that can rival the arithmetic.
 * These functions show and bound that retained memory.
 */
import { RepsimError } from '../base/errors.js';
import { describe } from '../base/matrix.js';
import { callSync } from './call.js';

/** What {@link scratchMemory} returns. */
export interface ScratchMemory {
  /** Bytes currently kept for reuse (not in use by a running computation). */
  readonly retainedBytes: number;
  /** The most bytes that may be kept; buffers beyond it are freed on release. */
  readonly limitBytes: number;
}

/** The memory the native core currently keeps for reuse, and its limit (default 256 MiB). */
export function scratchMemory(): ScratchMemory {
  return callSync((addon) => addon.scratchMemory());
}

/**
 * Sets how many bytes of temporary buffers the native core may keep between
 * calls. `0` keeps nothing (every call allocates afresh); lowering the limit
 * frees the excess immediately.
 * @throws RepsimError `BAD_OPTION` for a negative or non-finite value
 */
export function setScratchMemoryLimit(bytes: number): ScratchMemory {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) {
    throw new RepsimError(
      'BAD_OPTION',
      `setScratchMemoryLimit: bytes must be a number >= 0, got ${describe(bytes)}`,
    );
  }
  return callSync((addon) => addon.scratchMemory(Math.floor(bytes)));
}
