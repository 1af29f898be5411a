/**
 * The one error type repsim throws. Every failure carries a stable
 * {@link RepsimErrorCode} to branch on and a message that names the argument
 * and what was expected.
 */

/**
 * Stable error codes.
 * - `BAD_INPUT`: an argument is not a matrix repsim understands (wrong type).
 * - `SHAPE_MISMATCH`: shapes disagree (data length vs shape, rows of x vs y).
 * - `NON_FINITE`: a NaN or ±Infinity in the data.
 * - `TOO_FEW_SAMPLES`: fewer examples (rows) than the method needs.
 * - `ZERO_VARIANCE`: an input is constant, so the metric is undefined.
 * - `OUT_OF_RANGE`: an input's values spread so far (or so little) that products
 *   of them overflow (or underflow); multiply it by a constant.
 * - `BAD_OPTION`: an unknown option, or an option with a bad value.
 * - `MEMORY_LIMIT`: the computation would not fit in memory.
 * - `UNDERDETERMINED`: CCA with fewer examples than dimensions (n − 1 < p₁ + p₂),
 *   where some canonical correlations are 1 whatever the data.
 * - `NATIVE_UNAVAILABLE`: the native addon could not be loaded.
 * - `MISSING_DEPENDENCY`: an optional peer dependency the feature needs (e.g.
 *   `@tensorflow/tfjs` for `repsim/tfjs`) is not installed; the message says what to install.
 * - `UNREACHABLE`: a service repsim was pointed at (Redis, for `repsim/distributed`)
 *   cannot be reached; the message names the address.
 * - `JOB_FAILED`: a distributed job failed after its retries; the message names
 *   the job (the shard or block) and its last error.
 * - `INTERNAL`: a bug in repsim; please report it.
 */
export type RepsimErrorCode =
  | 'BAD_INPUT'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE'
  | 'TOO_FEW_SAMPLES'
  | 'ZERO_VARIANCE'
  | 'OUT_OF_RANGE'
  | 'BAD_OPTION'
  | 'MEMORY_LIMIT'
  | 'UNDERDETERMINED'
  | 'NATIVE_UNAVAILABLE'
  | 'MISSING_DEPENDENCY'
  | 'UNREACHABLE'
  | 'JOB_FAILED'
  | 'INTERNAL';

const KNOWN_CODES: ReadonlySet<string> = new Set<RepsimErrorCode>([
  'BAD_INPUT',
  'SHAPE_MISMATCH',
  'NON_FINITE',
  'TOO_FEW_SAMPLES',
  'ZERO_VARIANCE',
  'OUT_OF_RANGE',
  'BAD_OPTION',
  'MEMORY_LIMIT',
  'UNDERDETERMINED',
  'NATIVE_UNAVAILABLE',
  'MISSING_DEPENDENCY',
  'UNREACHABLE',
  'JOB_FAILED',
  'INTERNAL',
]);

/** An error raised by repsim; `code` is stable across versions. */
export class RepsimError extends Error {
  /** The stable code to branch on. */
  readonly code: RepsimErrorCode;

  /**
   * @param code - the stable code
   * @param message - what went wrong, naming the argument and what was expected
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: RepsimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RepsimError';
    this.code = code;
  }
}

/** True when `code` is one of the stable {@link RepsimErrorCode}s. @internal */
export function isErrorCode(code: unknown): code is RepsimErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** True when `error` is a {@link RepsimError}, optionally with the given code. */
export function isRepsimError(error: unknown, code?: RepsimErrorCode): error is RepsimError {
  return error instanceof RepsimError && (code === undefined || error.code === code);
}

/**
 * Turns whatever the native addon threw into a RepsimError. The addon sets
 * `code` to one of the stable codes; anything else is a bug in repsim.
 * @internal
 */
export function fromNativeError(error: unknown): RepsimError {
  if (error instanceof RepsimError) return error;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      return new RepsimError(code as RepsimErrorCode, error.message);
    }
    return new RepsimError('INTERNAL', `internal error in repsim: ${error.message}`, {
      cause: error,
    });
  }
  return new RepsimError('INTERNAL', `internal error in repsim: ${String(error)}`);
}
