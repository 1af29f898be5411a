/**
 * The built-in converter of `docs/entropy-similarity.md` §2: ridge regression
 * target ≈ [source, 1]·W in closed form on a seeded training split, scored on
 * the held-out rows as a scale-free R²: ratio = 1 − ‖Q − Q̂‖²_F / ‖Q − mean(Q)‖²_F
 * (clipped to [0, 1]) — the share of the target's information the source holds.
 */
import { toMatrix, type MatrixInput } from '../../base/matrix.js';
import type { NativeConverterOptions } from '../../native/addon.js';
import { callAsync, callSync } from '../../native/call.js';
import {
  abortSignal,
  integerIn,
  openUnitInterval,
  readOptions,
  controlOf,
  type OptionCheck,
} from '../../base/options.js';
import { COMPUTE_CHECKS } from '../similarity-options.js';

/** Options of {@link converterRatio}. */
export interface ConverterRatioOptions {
  /**
   * `'auto'` (default): λ chosen by generalised cross-validation on the
   * training rows over a grid relative to trace(PcᵀPc)/p; or a fixed λ ≥ 0.
   */
  readonly ridge?: 'auto' | number;
  /** Fraction of rows held out for scoring; default 0.2. */
  readonly holdout?: number;
  /** Seed of the split; default 0. */
  readonly seed?: number;
  /** Threads for the native computation. */
  readonly threads?: number;
  /** The most memory (bytes) the native work may allocate; default 2 GiB (`MEMORY_LIMIT` above). */
  readonly maxMemoryBytes?: number;
  /** Stops the Promise form (see `ComputeOptions.signal`). */
  readonly signal?: AbortSignal;
  /** Progress of the Promise form (see `ComputeOptions.onProgress`). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The result of {@link converterRatio}. */
export interface ConverterRatioResult {
  /** 1 − loss, in [0, 1]. */
  readonly ratio: number;
  /** Held-out ‖Q − Q̂‖²_F / ‖Q − mean(Q)‖²_F, clipped to [0, 1]. */
  readonly loss: number;
  /** The ridge λ used (absolute). */
  readonly lambda: number;
}

const RIDGE_CHECK: OptionCheck = (value) =>
  value === 'auto' || (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ? undefined
    : "'auto' or a number ≥ 0";

/** Checks of {@link ConverterRatioOptions}. @internal */
export const CONVERTER_CHECKS = {
  ridge: RIDGE_CHECK,
  holdout: openUnitInterval,
  seed: integerIn(0, Number.MAX_SAFE_INTEGER),
  threads: COMPUTE_CHECKS.threads,
  maxMemoryBytes: COMPUTE_CHECKS.maxMemoryBytes,
  signal: abortSignal,
  onProgress: COMPUTE_CHECKS.onProgress,
} as const;

/** The native form of validated converter options. @internal */
export function converterSpec(options: ConverterRatioOptions): NativeConverterOptions {
  const spec: NativeConverterOptions = {};
  if (typeof options.ridge === 'number') spec.lambda = options.ridge;
  if (options.holdout !== undefined) spec.holdout = options.holdout;
  if (options.seed !== undefined) spec.seed = options.seed;
  if (options.threads !== undefined) spec.threads = options.threads;
  if (options.maxMemoryBytes !== undefined) spec.maxMemoryBytes = options.maxMemoryBytes;
  return spec;
}

function prepare(fn: string, source: MatrixInput, target: MatrixInput, options: unknown) {
  const opts = readOptions<ConverterRatioOptions>(fn, options, CONVERTER_CHECKS);
  return {
    source: toMatrix(source, 'source'),
    target: toMatrix(target, 'target'),
    native: converterSpec(opts),
  };
}

/**
 * How much of `target`'s information `source` holds: the held-out R² of a
 * ridge converter from source to target, computed off the main thread.
 *
 * @param source - activations of the source layer (n × p)
 * @param target - activations of the target layer for the same examples (n × q)
 * @param options - see {@link ConverterRatioOptions}
 * @throws RepsimError `SHAPE_MISMATCH`, `TOO_FEW_SAMPLES` (fewer than 2 training or 2
 *   held-out rows), `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`
 */
export async function converterRatio(
  source: MatrixInput,
  target: MatrixInput,
  options?: ConverterRatioOptions,
): Promise<ConverterRatioResult> {
  const a = prepare('converterRatio', source, target, options);
  return callAsync(
    (addon, mode) => addon.converterRatio(a.source, a.target, a.native, mode),
    controlOf(options),
  );
}

/** {@link converterRatio} on the calling thread. @throws RepsimError as {@link converterRatio} */
export function converterRatioSync(
  source: MatrixInput,
  target: MatrixInput,
  options?: ConverterRatioOptions,
): ConverterRatioResult {
  const a = prepare('converterRatioSync', source, target, options);
  return callSync((addon) => addon.converterRatio(a.source, a.target, a.native, false));
}
