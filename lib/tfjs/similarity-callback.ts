/**
 * A `model.fit` callback that records, as training goes, how similar each
 * layer is to a reference: the layer before training, at the previous
 * record, at the end of training, or in another model. Raghu et al.'s
 * learning-dynamics plots (SVCCA 2017) are this with `reference: 'final'`.
 */
import type * as Tf from '@tensorflow/tfjs';

import { RepsimError } from '../base/errors.js';
import { integerIn, readOptions, type OptionCheck } from '../base/options.js';
import type { NdArray } from '../io/npy.js';
import { layerSimilarity } from '../metrics/layer-similarity.js';
import {
  METRIC_NAME_CHECK,
  METRIC_OPTION_CHECKS,
  type LayerMetric,
  type MetricOptions,
} from '../metrics/metric-spec.js';
import {
  RECORD_CHECKS,
  isLayersModel,
  recordLayers,
  type RecordInputs,
  type RecordPooling,
} from './record-layers.js';
import { loadTf, type TfModule } from './tf-module.js';

/** What each record compares a layer with. */
export type SimilarityReference = 'initial' | 'previous' | 'final' | Tf.LayersModel;

/** Options of {@link similarityCallback}. */
export interface SimilarityCallbackOptions {
  /** The examples every record runs through the model (a tensor, first axis = examples). */
  readonly probe: RecordInputs;
  /** One metric (default `'linear-cka'`); or use `metrics`. Any pairwise metric of the registry. */
  readonly metric?: LayerMetric;
  /** Several metrics, each recorded for every layer. */
  readonly metrics?: readonly LayerMetric[];
  /** The metrics' options (as {@link layerSimilarity} takes them), e.g. `{ variance: 0.99 }` for SVCCA. */
  readonly metricOptions?: MetricOptions;
  /**
   * `'initial'` (default): the layer before training. `'previous'`: the
   * layer at the previous record (the first record against the start).
   * `'final'`: the layer at the end of training, so records are kept and
   * resolved when training ends. A `tf.LayersModel`: the layer of the same
   * name in that model, recorded once when training starts.
   */
  readonly reference?: SimilarityReference;
  /** Record every this many epochs (default 1); the last epoch is always recorded. */
  readonly every?: number;
  /** Record every this many batches instead of by epochs. */
  readonly everyBatches?: number;
  /** The layers to record (names or indices); default every layer but the inputs. */
  readonly layers?: readonly (string | number)[];
  /** Examples per forward pass of a record (default 256). */
  readonly batchSize?: number;
  /** Outputs of rank above 2: `'flatten'` (default), `'avg'`, `'max'` (see `recordLayers`). */
  readonly pool?: Exclude<RecordPooling, 'none'>;
  /** Called with each record's values once they are known (at the end of training for `'final'`). */
  readonly onRecord?: (records: readonly SimilarityRecord[]) => void | Promise<void>;
  /** The TensorFlow.js module the model was built with, if not repsim's `@tensorflow/tfjs`. */
  readonly tf?: TfModule;
}

/** One value: a layer's similarity to its reference at one point of training. */
export interface SimilarityRecord {
  /** 0-based epoch the record was taken at the end of (or during, with `everyBatches`). */
  readonly epoch: number;
  /** With `everyBatches`: the 1-based count of batches trained so far. */
  readonly batch?: number;
  readonly layer: string;
  readonly metric: LayerMetric;
  readonly value: number;
}

/** {@link SimilarityCallback.toJSON}'s shape. */
export interface SimilarityCallbackJSON {
  readonly v: 1;
  readonly reference: 'initial' | 'previous' | 'final' | 'model';
  readonly metrics: readonly LayerMetric[];
  readonly layers: readonly string[];
  readonly records: readonly SimilarityRecord[];
}

/** The callback {@link similarityCallback} returns: a `tf.Callback` that keeps its records. */
export interface SimilarityCallback extends Tf.Callback {
  /** Every value known so far, in recording order. */
  readonly records: readonly SimilarityRecord[];
  /** The layers recorded (known once training starts). */
  readonly layers: readonly string[];
  /** One layer's values for one metric, in training order. */
  series(layer: string, metric?: LayerMetric): SimilarityRecord[];
  toJSON(): SimilarityCallbackJSON;
}

type Activations = Map<string, NdArray<'float32'>>;

interface Snapshot {
  readonly epoch: number;
  readonly batch?: number;
  readonly layers: Activations;
}

const positiveInteger = integerIn(1, 2 ** 31 - 1);
const CALLBACK_CHECKS: { readonly [K in keyof SimilarityCallbackOptions]-?: OptionCheck } = {
  probe: (value) => (value === undefined ? 'the probe examples' : undefined),
  metric: METRIC_NAME_CHECK,
  metrics: (value) =>
    Array.isArray(value) && value.length > 0 && value.every((m) => METRIC_NAME_CHECK(m) === undefined)
      ? undefined
      : 'a non-empty array of metric names',
  metricOptions: (value) => (typeof value === 'object' && value !== null ? undefined : 'an options object'),
  reference: (value) =>
    value === 'initial' || value === 'previous' || value === 'final' || isLayersModel(value)
      ? undefined
      : "'initial', 'previous', 'final' or a tf.LayersModel",
  every: positiveInteger,
  everyBatches: positiveInteger,
  layers: RECORD_CHECKS.layers,
  batchSize: RECORD_CHECKS.batchSize,
  pool: (value) =>
    value === 'flatten' || value === 'avg' || value === 'max' ? undefined : "'flatten', 'avg' or 'max'",
  onRecord: (value) => (typeof value === 'function' ? undefined : 'a function'),
  tf: RECORD_CHECKS.tf,
};

/**
 * A callback for `model.fit` that records each layer's similarity to a
 * reference as training goes (per epoch, or every N batches), with any
 * pairwise metric of the registry. Pass it in `callbacks`; read `records`,
 * `series(layer)` or `toJSON()` afterwards, or get each record's values in
 * `onRecord`.
 *
 * @param options - see {@link SimilarityCallbackOptions}
 * @returns a `tf.Callback` with the records
 * @throws RepsimError `BAD_OPTION` for bad options (checked now, not mid-training)
 *
 * @example
 * ```ts
 * const dynamics = similarityCallback({ probe, metrics: ['svcca', 'linear-cka'], reference: 'final' });
 * await model.fit(xs, ys, { epochs: 10, callbacks: [dynamics] });
 * dynamics.series('dense1', 'svcca'); // [{epoch: 0, value: …}, …]
 * ```
 */
export function similarityCallback(options: SimilarityCallbackOptions): SimilarityCallback {
  const opts = readOptions<SimilarityCallbackOptions>('similarityCallback', options, CALLBACK_CHECKS);
  if (opts.probe === undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      'similarityCallback: option probe (the examples to record on) is required',
    );
  }
  if (opts.metric !== undefined && opts.metrics !== undefined) {
    throw new RepsimError('BAD_OPTION', 'similarityCallback: give metric or metrics, not both');
  }
  if (opts.every !== undefined && opts.everyBatches !== undefined) {
    throw new RepsimError('BAD_OPTION', 'similarityCallback: give every (epochs) or everyBatches, not both');
  }
  readOptions('similarityCallback (metricOptions)', opts.metricOptions, METRIC_OPTION_CHECKS);
  const tf = opts.tf ?? loadTf();
  const metrics: LayerMetric[] = opts.metrics ? [...opts.metrics] : [opts.metric ?? 'linear-cka'];
  const reference = opts.reference ?? 'initial';
  const every = opts.every ?? 1;
  const recordOptions = {
    ...(opts.layers ? { layers: opts.layers } : {}),
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    pool: opts.pool ?? 'flatten',
    tf,
  } as const;

  class Tracker extends tf.Callback {
    readonly records: SimilarityRecord[] = [];
    layers: string[] = [];
    private start: Snapshot | undefined;
    private previous: Snapshot | undefined;
    private pending: Snapshot[] = [];
    private last: Snapshot | undefined;
    private batches = 0;
    private epochsSeen = 0;
    private totalEpochs: number | undefined;

    private async snapshot(epoch: number, batch?: number): Promise<Snapshot> {
      const layers = await recordLayers(this.model, opts.probe, recordOptions);
      this.layers = [...layers.keys()];
      return { epoch, ...(batch === undefined ? {} : { batch }), layers };
    }

    private async compare(current: Snapshot, against: Activations): Promise<SimilarityRecord[]> {
      const out: SimilarityRecord[] = [];
      for (const metric of metrics) {
        for (const [layer, values] of current.layers) {
          const ref = against.get(layer);
          if (ref === undefined) {
            throw new RepsimError(
              'BAD_OPTION',
              `similarityCallback: the reference model has no layer '${layer}'`,
            );
          }
          const m = await layerSimilarity([values], [ref], { ...opts.metricOptions, metric });
          out.push({
            epoch: current.epoch,
            ...(current.batch === undefined ? {} : { batch: current.batch }),
            layer,
            metric,
            value: m.get(0, 0),
          });
        }
      }
      return out;
    }

    private async publish(records: SimilarityRecord[]): Promise<void> {
      this.records.push(...records);
      if (opts.onRecord) await opts.onRecord(records);
    }

    private async take(epoch: number, batch?: number): Promise<void> {
      const current = await this.snapshot(epoch, batch);
      this.last = current;
      if (reference === 'final') {
        this.pending.push(current);
        return;
      }
      const against = reference === 'previous' ? this.previous : this.start;
      await this.publish(await this.compare(current, (against as Snapshot).layers));
      this.previous = current;
    }

    override async onTrainBegin(): Promise<void> {
      this.totalEpochs = (this.params as { epochs?: number } | undefined)?.epochs;
      if (reference === 'initial' || reference === 'previous') {
        this.start = await this.snapshot(-1);
        this.previous = this.start;
      } else if (isLayersModel(reference)) {
        const layers = await recordLayers(reference, opts.probe, recordOptions);
        this.start = { epoch: -1, layers };
      }
    }

    override async onBatchEnd(): Promise<void> {
      if (opts.everyBatches === undefined) return;
      this.batches += 1;
      if (this.batches % opts.everyBatches === 0) await this.take(this.epochsSeen, this.batches);
    }

    override async onEpochEnd(epoch: number): Promise<void> {
      this.epochsSeen = epoch + 1;
      if (opts.everyBatches !== undefined) return;
      const isLast = this.totalEpochs !== undefined && epoch + 1 === this.totalEpochs;
      if ((epoch + 1) % every === 0 || isLast) await this.take(epoch);
    }

    override async onTrainEnd(): Promise<void> {
      if (reference !== 'final') return;
      // Training may stop early (or without a known epoch count): the model
      // as it is now is the final state, recorded if the last record is older.
      const lastEpoch = this.epochsSeen - 1;
      const final =
        this.last && this.last.epoch === lastEpoch && opts.everyBatches === undefined
          ? this.last
          : await this.snapshot(lastEpoch, opts.everyBatches === undefined ? undefined : this.batches);
      if (final !== this.last) this.pending.push(final);
      for (const snapshot of this.pending) await this.publish(await this.compare(snapshot, final.layers));
      this.pending = [];
    }

    series(layer: string, metric: LayerMetric = metrics[0] as LayerMetric): SimilarityRecord[] {
      return this.records.filter((r) => r.layer === layer && r.metric === metric);
    }

    toJSON(): SimilarityCallbackJSON {
      return {
        v: 1,
        reference: isLayersModel(reference) ? 'model' : reference,
        metrics,
        layers: this.layers,
        records: this.records,
      };
    }
  }
  return new Tracker();
}
