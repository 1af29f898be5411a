/**
 * Layer activations of a TensorFlow.js model, recorded for repsim: one
 * forward pass per batch of examples through a model whose outputs are the
 * chosen layers (a LayersModel) or graph nodes (a GraphModel), every tensor
 * disposed, the batches joined into one float32 array per layer.
 */
import type * as Tf from '@tensorflow/tfjs';

import { RepsimError } from '../base/errors.js';
import { listed } from '../base/listing.js';
import { describe } from '../base/matrix.js';
import { integerIn, oneOf, readOptions, type OptionCheck } from '../base/options.js';
import type { NdArray } from '../io/npy.js';
import { loadTf, type TfModule } from './tf-module.js';

/** What {@link recordLayers} does with outputs of rank above 2. */
export type RecordPooling = 'none' | 'flatten' | 'avg' | 'max';

/** Options of {@link recordLayers}. */
export interface RecordLayersOptions {
  /**
   * The layers to record. A LayersModel: layer names or indices into
   * `model.layers` (default: every layer but the input layers). A GraphModel:
   * node names (required). An unknown name is `BAD_OPTION`, listing the
   * model's names.
   */
  readonly layers?: readonly (string | number)[];
  /** Examples per forward pass (default 256). Results do not depend on it. */
  readonly batchSize?: number;
  /**
   * Outputs of rank above 2 (conv maps `[n, h, w, c]`, sequences `[n, t, c]`):
   * `'none'` (default) keeps the shape, for repsim's `conv` options;
   * `'flatten'` gives `[n, h·w·c]`; `'avg'` / `'max'` pool over every axis
   * but the first and the last, giving `[n, c]`.
   */
  readonly pool?: RecordPooling;
  /**
   * The TensorFlow.js module the model was built with, when it is not the
   * `@tensorflow/tfjs` that repsim resolves (e.g. `require('@tensorflow/tfjs-node')`).
   */
  readonly tf?: TfModule;
}

/** The model kinds {@link recordLayers} reads. */
export type RecordableModel = Tf.LayersModel | Tf.GraphModel;

/** Inputs: one tensor (first axis = examples), or one per model input. */
export type RecordInputs = Tf.Tensor | readonly Tf.Tensor[];

const tfModule: OptionCheck = (value) =>
  typeof value === 'object' && value !== null && typeof (value as TfModule).tidy === 'function'
    ? undefined
    : 'the TensorFlow.js module';

const layerList: OptionCheck = (value) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))
    ? undefined
    : 'a non-empty array of layer names or indices';

export const RECORD_CHECKS = {
  layers: layerList,
  batchSize: integerIn(1, 2 ** 31 - 1),
  pool: oneOf('none', 'flatten', 'avg', 'max'),
  tf: tfModule,
} as const;

/** A forward pass to the recorded layers, and their names. */
interface RecordSource {
  readonly names: string[];
  run(inputs: Tf.Tensor[]): Tf.Tensor[];
}

/** Whether `model` is a tf.LayersModel (by shape: it may come from another copy of tfjs). */
export function isLayersModel(model: unknown): model is Tf.LayersModel {
  const m = model as Partial<Tf.LayersModel> | null;
  return typeof m === 'object' && m !== null && typeof m.predict === 'function' && Array.isArray(m.layers);
}

function isGraphModel(model: unknown): model is Tf.GraphModel {
  const m = model as Partial<Tf.GraphModel> | null;
  return typeof m === 'object' && m !== null && typeof m.execute === 'function' && 'outputNodes' in m;
}

function layersSource(
  tf: TfModule,
  model: Tf.LayersModel,
  wanted: RecordLayersOptions['layers'],
): RecordSource {
  const all = model.layers;
  const names = all.map((l) => l.name);
  if (!Array.isArray(model.inputs) || model.inputs.length === 0) {
    throw new RepsimError(
      'BAD_INPUT',
      'recordLayers: the model has no inputs yet; give its first layer an inputShape or call model.predict once',
    );
  }
  const chosen =
    wanted === undefined
      ? all.filter((l) => l.getClassName() !== 'InputLayer')
      : wanted.map((w) => {
          const layer = typeof w === 'number' ? all[w] : all.find((l) => l.name === w);
          if (layer === undefined) {
            throw new RepsimError(
              'BAD_OPTION',
              `recordLayers: ${typeof w === 'number' ? `no layer at index ${w} (the model has ${all.length})` : `no layer named '${w}'`}; the model's layers: ${listed(names)}`,
            );
          }
          return layer;
        });
  const seen = new Set<string>();
  for (const layer of chosen) {
    if (seen.has(layer.name)) {
      throw new RepsimError('BAD_OPTION', `recordLayers: layer '${layer.name}' is asked for twice`);
    }
    seen.add(layer.name);
  }
  if (chosen.length === 0)
    throw new RepsimError('BAD_OPTION', 'recordLayers: the model has no layers to record');
  const outputs = chosen.map((layer) => {
    let output: Tf.SymbolicTensor | Tf.SymbolicTensor[];
    try {
      output = layer.output;
    } catch (error) {
      throw new RepsimError(
        'BAD_OPTION',
        `recordLayers: layer '${layer.name}' has no single output (${(error as Error).message}); a layer shared between several places in the model cannot be recorded by name`,
        { cause: error },
      );
    }
    if (Array.isArray(output)) {
      throw new RepsimError(
        'BAD_OPTION',
        `recordLayers: layer '${layer.name}' has ${output.length} outputs; record the layers that consume them instead`,
      );
    }
    return output;
  });
  // The same layers (and weights) behind new outputs: nothing is copied.
  const probe = tf.model({ inputs: model.inputs, outputs });
  return {
    names: chosen.map((l) => l.name),
    run(inputs) {
      const out = probe.predict(inputs.length === 1 ? (inputs[0] as Tf.Tensor) : inputs);
      return Array.isArray(out) ? out : [out];
    },
  };
}

function graphNodeNames(model: Tf.GraphModel): string[] {
  // The executor's node table is not in the public typings; read it defensively.
  const nodes = (model as unknown as { executor?: { graph?: { nodes?: Record<string, unknown> } } }).executor
    ?.graph?.nodes;
  return nodes ? Object.keys(nodes) : [];
}

function graphSource(model: Tf.GraphModel, wanted: RecordLayersOptions['layers']): RecordSource {
  const available = graphNodeNames(model);
  if (wanted === undefined) {
    throw new RepsimError(
      'BAD_OPTION',
      `recordLayers: a GraphModel needs layers: [node names]; its nodes: ${listed(available)}`,
    );
  }
  const names = wanted.map((w) => {
    if (typeof w !== 'string' || (available.length > 0 && !available.includes(w))) {
      throw new RepsimError(
        'BAD_OPTION',
        `recordLayers: no node ${typeof w === 'string' ? `named '${w}'` : `for ${w} (a GraphModel's layers are node names)`}; the model's nodes: ${listed(available)}`,
      );
    }
    return w;
  });
  if (new Set(names).size !== names.length) {
    throw new RepsimError('BAD_OPTION', 'recordLayers: a node is asked for twice');
  }
  return {
    names,
    run(inputs) {
      const out = model.execute(inputs.length === 1 ? (inputs[0] as Tf.Tensor) : inputs, names);
      return Array.isArray(out) ? out : [out];
    },
  };
}

function pooled(tf: TfModule, y: Tf.Tensor, pool: RecordPooling): Tf.Tensor {
  if (y.rank <= 2 || pool === 'none') return y;
  if (pool === 'flatten') return y.reshape([y.shape[0] ?? 0, -1]);
  const axes = Array.from({ length: y.rank - 2 }, (_, i) => i + 1);
  return pool === 'avg' ? tf.mean(y, axes) : tf.max(y, axes);
}

function toTensors(tf: TfModule, inputs: unknown): Tf.Tensor[] {
  const list = Array.isArray(inputs) ? (inputs as unknown[]) : [inputs];
  if (list.length === 0 || !list.every((t) => t instanceof tf.Tensor)) {
    throw new RepsimError(
      'BAD_INPUT',
      `recordLayers: inputs must be a tf.Tensor (first axis = examples) or an array of them, one per model input, got ${describe(inputs)}`,
    );
  }
  const tensors = list as Tf.Tensor[];
  const n = tensors[0]?.shape[0];
  for (const t of tensors) {
    if (t.isDisposed) throw new RepsimError('BAD_INPUT', 'recordLayers: an input tensor is already disposed');
    if (t.rank < 1 || t.shape[0] !== n) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `recordLayers: every input needs the same number of examples on its first axis (got shapes ${tensors.map((x) => `[${x.shape.join(', ')}]`).join(', ')})`,
      );
    }
  }
  if (n === undefined || n < 1)
    throw new RepsimError('TOO_FEW_SAMPLES', 'recordLayers: the inputs hold no examples');
  return tensors;
}

/** One recorded layer as it fills: its shape is known from the first batch. */
interface Recording {
  shape?: number[];
  data?: Float32Array;
}

/**
 * Records the activations of a TensorFlow.js model's layers on `inputs`:
 * the model's own layers (and weights) behind a model whose outputs are the
 * chosen layers, run batch by batch; every intermediate tensor is disposed.
 * The result is a `Map` of layer name → float32 array (`{dtype, shape, data}`,
 * first axis = examples), which every repsim function and `compareModels`
 * take as a model's layers, and `saveNpz` writes.
 *
 * @param model - a `tf.LayersModel` (`tf.sequential`, `tf.model`, `tf.loadLayersModel`) or a `tf.GraphModel`
 * @param inputs - a tensor whose first axis is the examples, or one per model input
 * @param options - see {@link RecordLayersOptions}
 * @returns layer name → activations, in the order asked for (the model's order by default)
 * @throws RepsimError `BAD_OPTION` (unknown layer, listing the model's), `BAD_INPUT`, `SHAPE_MISMATCH`
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { recordLayers } from 'repsim/tfjs';
 * import { layerSimilarity } from 'repsim';
 * const a = await recordLayers(modelA, probe, { layers: ['dense1', 'dense2'] });
 * const b = await recordLayers(modelB, probe, { layers: ['dense1', 'dense2'] });
 * const m = await layerSimilarity(a, b, { metric: 'linear-cka' });
 * ```
 */
export async function recordLayers(
  model: RecordableModel,
  inputs: RecordInputs,
  options?: RecordLayersOptions,
): Promise<Map<string, NdArray<'float32'>>> {
  const opts = readOptions<RecordLayersOptions>('recordLayers', options, RECORD_CHECKS);
  const tf = opts.tf ?? loadTf();
  const source = isLayersModel(model)
    ? layersSource(tf, model, opts.layers)
    : isGraphModel(model)
      ? graphSource(model, opts.layers)
      : (() => {
          throw new RepsimError(
            'BAD_INPUT',
            `recordLayers: model must be a tf.LayersModel or a tf.GraphModel, got ${describe(model)}`,
          );
        })();
  const xs = toTensors(tf, inputs);
  const n = xs[0]?.shape[0] ?? 0;
  const batchSize = opts.batchSize ?? 256;
  const pool = opts.pool ?? 'none';
  const recordings: Recording[] = source.names.map(() => ({}));
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const ys = tf.tidy(() => source.run(xs.map((x) => x.slice(start, size))).map((y) => pooled(tf, y, pool)));
    try {
      for (const [i, y] of ys.entries()) {
        const r = recordings[i] as Recording;
        const values = (await y.data()) as Float32Array;
        const perExample = values.length / size;
        if (r.data === undefined) {
          r.shape = [n, ...y.shape.slice(1)];
          r.data = new Float32Array(n * perExample);
        }
        r.data.set(values, start * perExample);
      }
    } finally {
      tf.dispose(ys);
    }
  }
  const out = new Map<string, NdArray<'float32'>>();
  source.names.forEach((name, i) => {
    const r = recordings[i] as Required<Recording>;
    out.set(name, { dtype: 'float32', shape: r.shape, data: r.data });
  });
  return out;
}
