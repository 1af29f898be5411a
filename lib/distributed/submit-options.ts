/**
 * What every submit function shares: option checks, layer references from
 * the caller's paths, and the metric options a job carries.
 */
import { RepsimError } from '../base/errors.js';
import type { OptionCheck } from '../base/options.js';
import { METRIC_OPTION_CHECKS, metricSpec } from '../metrics/metric-spec.js';
import type { JobMetricOptions } from './payloads.js';
import { loadBullMQ, loadIoredis } from './queue-modules.js';
import { layerRef, type LayerRef, type LayerSource, type Resolvers } from './references.js';
import type { SubmitOptions } from './run-flow.js';

/** A model's layers by reference: an array, or by name (`{fc1: 'run/fc1.npy', …}`). */
export type LayerSources = readonly LayerSource[] | Readonly<Record<string, LayerSource>>;

/** A positive safe integer. */
export const positiveInteger: OptionCheck = (v) =>
  Number.isSafeInteger(v) && (v as number) > 0 ? undefined : 'a positive integer';
/** Any non-null object. */
export const objectCheck: OptionCheck = (v) =>
  typeof v === 'object' && v !== null ? undefined : 'an object';
/** Checks of {@link SubmitOptions} and `resolvers` (a worker checks `connection`, `queue` and `resolvers` the same way). */
export const SUBMIT_CHECKS: Record<keyof SubmitOptions | 'resolvers', OptionCheck> = {
  connection: objectCheck,
  queue: (v) => (typeof v === 'string' && /^[^:]+$/.test(v) ? undefined : "a queue name without ':'"),
  attempts: positiveInteger,
  backoffMs: (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'a number of ms, 0 or more'),
  timeoutMs: positiveInteger,
  onProgress: (v) => (typeof v === 'function' ? undefined : 'a function'),
  resolvers: (v) =>
    typeof v === 'object' && v !== null && Object.values(v).every((fn) => typeof fn === 'function')
      ? undefined
      : "an object of functions by scheme ({'s3:': async (url) => bytes})",
};
/** A model's layers: an array, or an object by layer name (each layer checked when referenced). */
export const layersCheck: OptionCheck = (v) =>
  typeof v === 'object' && v !== null
    ? undefined
    : 'layers: an array or an object of paths, URIs or {uri, layer?, sha256?}';

/** Options that belong to a worker, not to a job. */
const WORKER_ONLY = ['threads', 'maxMemoryBytes', 'signal', 'onProgress'];

/** Checks of the metric options a job may carry. */
export const JOB_METRIC_CHECKS: Readonly<Record<string, OptionCheck>> = Object.fromEntries(
  Object.entries(METRIC_OPTION_CHECKS).filter(([key]) => !WORKER_ONLY.includes(key)),
);

/** The metric options among a spec's keys (what the jobs carry), and the checked metric name. */
export function jobMetric(fn: string, spec: object): { metric: string; options: JobMetricOptions } {
  const entries = Object.entries(spec) as [string, unknown][];
  const options = Object.fromEntries(
    entries.filter(([key]) => Object.hasOwn(JOB_METRIC_CHECKS, key)),
  ) as JobMetricOptions;
  const name = (spec as { metric?: unknown }).metric;
  const metric = metricSpec(fn, name ?? 'linear-cka', { ...options, metric: name }).metric;
  return { metric, options };
}

/** References (and names, for named layers) of a model's layers; reads files to hash them when needed. */
export async function refsOf(
  layers: LayerSources,
  argument: string,
  resolvers: Resolvers | undefined,
): Promise<{ refs: LayerRef[]; labels?: string[] }> {
  const named = !Array.isArray(layers);
  const entries: [string | undefined, LayerSource][] = named
    ? Object.entries(layers as Record<string, LayerSource>)
    : (layers as readonly LayerSource[]).map((l) => [undefined, l]);
  if (entries.length === 0) throw new RepsimError('BAD_INPUT', `${argument}: no layers given`);
  const refs = await Promise.all(
    entries.map(async ([name, source], i) => {
      try {
        return await layerRef(source, resolvers);
      } catch (error) {
        const where = name === undefined ? `${argument}[${i}]` : `${argument}.${name}`;
        throw new RepsimError(
          (error as RepsimError).code ?? 'BAD_INPUT',
          `${where}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }),
  );
  return named ? { refs, labels: entries.map(([name]) => name as string) } : { refs };
}

/** The options runFlow takes, after checking the queue's modules are installed. */
export function submitOptions(spec: SubmitOptions): SubmitOptions {
  // Fail on import-like errors before any connection is made.
  loadBullMQ();
  loadIoredis();
  const { connection, queue, attempts, backoffMs, timeoutMs, onProgress } = spec;
  return { connection, queue, attempts, backoffMs, timeoutMs, onProgress } as SubmitOptions;
}
