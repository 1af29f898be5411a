/**
 * Intermediate tensors of an ONNX model (exported from PyTorch with
 * `torch.onnx.export`, or a transformers.js model), recorded for repsim:
 * the chosen tensors are added to the graph's outputs (the ModelProto edited
 * with onnx-proto, never by hand), and the model runs in ONNX Runtime batch
 * by batch along the first axis of its inputs.
 */
import fs from 'node:fs/promises';

import type * as Ort from 'onnxruntime-node';

import { RepsimError } from '../base/errors.js';
import { listed } from '../base/listing.js';
import { describe } from '../base/matrix.js';
import { integerIn, readOptions, type OptionCheck } from '../base/options.js';
import type { NdArray } from '../io/npy.js';
import { loadOnnxProto, loadOrt, type OnnxNamespace } from './onnx-modules.js';

/** One input's values: first axis = examples. */
export interface OnnxInput {
  readonly data: Float32Array | Float64Array | Int32Array | BigInt64Array;
  readonly shape: readonly number[];
}

/** The inputs of {@link recordOnnx}: one array for a one-input model, or one per input name. */
export type OnnxFeeds = OnnxInput | Readonly<Record<string, OnnxInput>>;

/** Options of {@link recordOnnx}. */
export interface RecordOnnxOptions {
  /**
   * Tensor names to record (node outputs), or `'all'`
   * (default): every node output with examples on its first axis. An
   * unknown name is `BAD_OPTION`, listing the graph's tensors.
   */
  readonly outputs?: readonly string[] | 'all';
  /** Examples per run (default 256). Results do not depend on it. */
  readonly batchSize?: number;
}

const RECORD_ONNX_CHECKS = {
  outputs: ((value) =>
    value === 'all' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
      ? undefined
      : "'all' or a non-empty array of tensor names") as OptionCheck,
  batchSize: integerIn(1, 2 ** 31 - 1),
} as const;

type ModelProto = ReturnType<OnnxNamespace['ModelProto']['decode']>;

function decodeModel(onnx: OnnxNamespace, bytes: Uint8Array, source: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new RepsimError('BAD_INPUT', `${source}: not an ONNX model (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!model.graph) throw new RepsimError('BAD_INPUT', `${source}: not an ONNX model (no graph)`);
  return model;
}

/** The graph's tensors a caller can record, in graph order: real inputs, then node outputs. */
function tensorNames(model: ModelProto): { inputs: string[]; nodeOutputs: string[] } {
  const graph = model.graph as NonNullable<ModelProto['graph']>;
  const constants = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).map((v) => v.name ?? '').filter((n) => n !== '' && !constants.has(n));
  const nodeOutputs = (graph.node ?? []).flatMap((n) => (n.output ?? []).filter((o) => o !== ''));
  return { inputs, nodeOutputs };
}

function ortType(data: OnnxInput['data']): 'float32' | 'float64' | 'int32' | 'int64' {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

function isInput(value: unknown): value is OnnxInput {
  const v = value as Partial<OnnxInput> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.shape) &&
    (v.data instanceof Float32Array ||
      v.data instanceof Float64Array ||
      v.data instanceof Int32Array ||
      v.data instanceof BigInt64Array)
  );
}

/** The feeds by input name, checked: every input given, one example count. */
function namedFeeds(
  feeds: unknown,
  inputNames: readonly string[],
): { byName: Map<string, OnnxInput>; n: number } {
  const byName = new Map<string, OnnxInput>();
  if (isInput(feeds)) {
    if (inputNames.length !== 1) {
      throw new RepsimError(
        'BAD_INPUT',
        `recordOnnx: the model has ${inputNames.length} inputs (${listed(inputNames)}); give feeds as {name: {data, shape}}`,
      );
    }
    byName.set(inputNames[0] as string, feeds);
  } else if (typeof feeds === 'object' && feeds !== null) {
    for (const [name, value] of Object.entries(feeds)) {
      if (!inputNames.includes(name)) {
        throw new RepsimError(
          'BAD_INPUT',
          `recordOnnx: the model has no input '${name}'; its inputs: ${listed(inputNames)}`,
        );
      }
      if (!isInput(value)) {
        throw new RepsimError(
          'BAD_INPUT',
          `recordOnnx: input '${name}' must be {data: Float32Array | Float64Array | Int32Array | BigInt64Array, shape}, got ${describe(value)}`,
        );
      }
      byName.set(name, value);
    }
    const missing = inputNames.filter((name) => !byName.has(name));
    if (missing.length > 0)
      throw new RepsimError('BAD_INPUT', `recordOnnx: no values for input ${missing.join(', ')}`);
  } else {
    throw new RepsimError(
      'BAD_INPUT',
      `recordOnnx: feeds must be {data, shape} or {inputName: {data, shape}}, got ${describe(feeds)}`,
    );
  }
  const counts = [...byName.values()].map((v) => v.shape[0]);
  const n = counts[0] ?? 0;
  for (const [name, value] of byName) {
    const size = value.shape.reduce((a, b) => a * b, 1);
    if (value.shape.length < 1 || value.shape[0] !== n || size !== value.data.length) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `recordOnnx: input '${name}' has shape [${value.shape.join(', ')}] and ${value.data.length} values; every input needs the same examples on its first axis`,
      );
    }
  }
  if (!(n >= 1)) throw new RepsimError('TOO_FEW_SAMPLES', 'recordOnnx: the inputs hold no examples');
  return { byName, n };
}

/**
 * Float inputs converted to the element type the graph declares for them
 * (float32 or float64), so a Float64Array can feed a float32 model.
 */
function asDeclared(
  feeds: Map<string, OnnxInput>,
  model: ModelProto,
  onnx: OnnxNamespace,
): Map<string, OnnxInput> {
  const { FLOAT, DOUBLE } = onnx.TensorProto.DataType;
  const declared = new Map(
    (model.graph?.input ?? []).map((v) => [v.name ?? '', v.type?.tensorType?.elemType ?? undefined]),
  );
  const out = new Map<string, OnnxInput>();
  for (const [name, value] of feeds) {
    const type = declared.get(name);
    const data =
      type === FLOAT && value.data instanceof Float64Array
        ? Float32Array.from(value.data)
        : type === DOUBLE && value.data instanceof Float32Array
          ? Float64Array.from(value.data)
          : value.data;
    out.set(name, { data, shape: value.shape });
  }
  return out;
}

function toFloat32(data: Ort.Tensor['data']): Float32Array {
  if (data instanceof Float32Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float32Array.from(data, Number);
  if (Array.isArray(data))
    throw new RepsimError('BAD_OPTION', 'recordOnnx: a string tensor cannot be recorded');
  return Float32Array.from(data as ArrayLike<number>);
}

/**
 * Records intermediate tensors of an ONNX model on `feeds`: the tensors are
 * made graph outputs, the model runs in ONNX Runtime's CPU provider batch by
 * batch, and each tensor comes back as float32 (`{dtype, shape, data}`,
 * first axis = examples), in a `Map` every repsim function takes as layers.
 *
 * @param model - an .onnx file path, or its bytes
 * @param feeds - `{data, shape}` for a one-input model, or `{inputName: {data, shape}}`
 * @param options - see {@link RecordOnnxOptions}
 * @returns tensor name → activations, in the order asked for (graph order for `'all'`)
 * @throws RepsimError `BAD_OPTION` (unknown tensor, listing the graph's), `BAD_INPUT`, `SHAPE_MISMATCH`
 *
 * @example
 * ```ts
 * import { recordOnnx } from 'repsim/onnx';
 * const layers = await recordOnnx('model.onnx', { data: pixels, shape: [1000, 3, 224, 224] }, {
 *   outputs: ['/layer1/Relu_output_0', '/layer4/Relu_output_0'],
 * });
 * ```
 */
export async function recordOnnx(
  model: string | Uint8Array,
  feeds: OnnxFeeds,
  options?: RecordOnnxOptions,
): Promise<Map<string, NdArray<'float32'>>> {
  const opts = readOptions<RecordOnnxOptions>('recordOnnx', options, RECORD_ONNX_CHECKS);
  const ort = loadOrt();
  const onnx = loadOnnxProto();
  let bytes: Uint8Array;
  if (typeof model === 'string') {
    try {
      bytes = await fs.readFile(model);
    } catch {
      throw new RepsimError('BAD_INPUT', `recordOnnx: cannot read ${model}`);
    }
  } else if (model instanceof Uint8Array) {
    bytes = model;
  } else {
    throw new RepsimError(
      'BAD_INPUT',
      `recordOnnx: model must be a file path or the model's bytes, got ${describe(model)}`,
    );
  }
  const source = typeof model === 'string' ? model : 'recordOnnx';
  const proto = decodeModel(onnx, bytes, source);
  const { inputs, nodeOutputs } = tensorNames(proto);
  const everything = opts.outputs === undefined || opts.outputs === 'all';
  const wanted = everything ? nodeOutputs : [...opts.outputs];
  for (const name of wanted) {
    if (!nodeOutputs.includes(name)) {
      throw new RepsimError(
        'BAD_OPTION',
        `recordOnnx: the graph has no node output '${name}'; its node outputs: ${listed(nodeOutputs)}`,
      );
    }
  }
  if (new Set(wanted).size !== wanted.length)
    throw new RepsimError('BAD_OPTION', 'recordOnnx: a tensor is asked for twice');
  const graph = proto.graph as NonNullable<ModelProto['graph']>;
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  for (const name of wanted) {
    if (!outputs.has(name)) graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create({ name })];
  }
  const { byName: given, n } = namedFeeds(feeds, inputs);
  const byName = asDeclared(given, proto, onnx);
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(proto).finish());
  const batchSize = opts.batchSize ?? 256;
  const recordings = new Map<string, { shape: number[]; data: Float32Array } | undefined>(
    wanted.map((w) => [w, undefined]),
  );
  const skipped = new Set<string>();
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const batch: Record<string, Ort.Tensor> = {};
      for (const [name, value] of byName) {
        const per = value.data.length / n;
        const slice = value.data.subarray(start * per, (start + size) * per);
        batch[name] = new ort.Tensor(ortType(value.data), slice, [size, ...value.shape.slice(1)]);
      }
      const result = await session.run(batch, wanted);
      for (const name of wanted) {
        if (skipped.has(name)) continue;
        const tensor = result[name] as Ort.Tensor;
        const dims = [...tensor.dims];
        if (dims[0] !== size) {
          // 'all' keeps only tensors with examples on their first axis (not shapes, constants, …).
          if (everything) {
            skipped.add(name);
            continue;
          }
          throw new RepsimError(
            'BAD_OPTION',
            `recordOnnx: tensor '${name}' has shape [${dims.join(', ')}] for a batch of ${size}: its first axis is not the examples`,
          );
        }
        const values = toFloat32(tensor.data);
        const per = values.length / size;
        let r = recordings.get(name);
        if (r === undefined) {
          r = { shape: [n, ...dims.slice(1)], data: new Float32Array(n * per) };
          recordings.set(name, r);
        }
        r.data.set(values, start * per);
      }
    }
  } finally {
    await session.release();
  }
  const out = new Map<string, NdArray<'float32'>>();
  for (const [name, r] of recordings) {
    if (r !== undefined && !skipped.has(name))
      out.set(name, { dtype: 'float32', shape: r.shape, data: r.data });
  }
  return out;
}
