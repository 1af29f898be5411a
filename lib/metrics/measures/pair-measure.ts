/**
 * The measures of the native measure table (ReSi, netrep; see
 * native/core/measures) as functions of two layers: one body for all of
 * them, validated by the metric registry like every named metric (an option
 * that does not apply to the measure is a `BAD_OPTION`), computed off the
 * main thread (Promise) or on it (`…Sync`).
 */
import { toMatrix, type MatrixInput } from '../../base/matrix.js';
import { controlOf, readOptions } from '../../base/options.js';
import type { NativeMeasureOptions } from '../../native/addon.js';
import { callAsync, callSync } from '../../native/call.js';
import { METRIC_OPTION_CHECKS, metricSpec, type MetricOptions } from '../metric-spec.js';
import type { MeasureName } from '../registry.js';
import type { ComputeOptions } from '../similarity-options.js';

/**
 * Options of the measure functions: the computation's, plus the measure's own
 * where it has one (each documented in {@link MetricOptions}; an option of
 * another measure is a `BAD_OPTION`).
 */
export type MeasureOptions = ComputeOptions &
  Pick<MetricOptions, 'alpha' | 'distance' | 'lambda' | 't' | 'inner' | 'outer' | 'norm' | 'k' | 'normalize'>;

function prepare(fn: string, name: MeasureName, x: MatrixInput, y: MatrixInput, options: unknown) {
  const opts = readOptions<Record<string, unknown>>(fn, options, METRIC_OPTION_CHECKS);
  const spec = metricSpec(fn, name, opts);
  return { x: toMatrix(x, 'x'), y: toMatrix(y, 'y'), native: spec.native as NativeMeasureOptions };
}

/** The measure `name` of x against y, off the main thread. @internal */
export async function pairMeasure(
  fn: string,
  name: MeasureName,
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  const p = prepare(fn, name, x, y, options);
  return callAsync((addon, mode) => addon.measure(p.x, p.y, p.native, mode), controlOf(options));
}

/** The measure `name` of x against y, on the calling thread. @internal */
export function pairMeasureSync(
  fn: string,
  name: MeasureName,
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): number {
  const p = prepare(fn, name, x, y, options);
  return callSync((addon) => addon.measure(p.x, p.y, p.native, false));
}
