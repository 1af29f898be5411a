/**
 * `repsim record <model.json|model.onnx> <inputs.npy> --out dir`: a
 * TensorFlow.js or ONNX model's layer activations, one .npy per layer, so
 * `repsim compare dir/` runs on real models without code. TensorFlow.js and
 * ONNX Runtime are loaded only here (optional peer dependencies).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { saveNpy } from '../io/files.js';
import type { NdArray } from '../io/npy.js';
import { loadActivations, requireFloat } from './activations.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim record --help`. */
export const RECORD_HELP = `Usage: repsim record <model.json|model.onnx> <inputs.npy> --out <dir> [options]

Runs <inputs.npy> (first axis = examples) through a TensorFlow.js model
(model.json and its weight files, LayersModel or GraphModel) or an ONNX model
and writes each recorded layer's activations to <dir>/<layer>.npy (float32;
"/" in a name becomes "__"). Then: repsim compare <dir> [<other dir>].
Needs @tensorflow/tfjs, or onnxruntime-node and onnx-proto for .onnx.

Options:
  --out <dir>              where to write the .npy files (required)
  --layers <list>          comma-separated layer names or indices (a GraphModel:
                           node names; ONNX: tensor names; default: every layer,
                           every ONNX node output with examples on its first axis)
  --batch-size <n>         examples per forward pass (default 256)
  --pool <none|flatten|avg|max>
                           outputs of rank above 2 (conv maps): keep (default),
                           flatten, or pool over every axis but the first and last
                           (TensorFlow.js; ONNX takes none or flatten)
  --json                   print {"model", "layers": [{name, file, shape}]} as JSON
  -h, --help               show this help
`;

/** A layer name as a file name: path separators and odd characters replaced. */
function fileNameOf(layer: string): string {
  const safe = layer.replaceAll('/', '__').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe === '' || safe.startsWith('.') ? `_${safe}` : safe}.npy`;
}

interface RecordFlags {
  readonly layers?: (string | number)[];
  readonly batchSize?: number;
  readonly pool: 'none' | 'flatten' | 'avg' | 'max';
}

// Each loader is imported here only: `repsim` without TensorFlow.js or ONNX
// Runtime runs every other command.
async function recordTfjsFile(file: string, inputs: NdArray<'float32' | 'float64'>, flags: RecordFlags) {
  const { loadTfjsModel, recordLayers } = await import('../tfjs/index.js');
  const { loadTf } = await import('../tfjs/tf-module.js');
  const tf = loadTf();
  const model = await loadTfjsModel(file, { tf });
  const x = tf.tensor(Float32Array.from(inputs.data), [...inputs.shape]);
  try {
    return await recordLayers(model, x, {
      ...(flags.layers === undefined ? {} : { layers: flags.layers }),
      ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
      pool: flags.pool,
      tf,
    });
  } finally {
    x.dispose();
  }
}

async function recordOnnxFile(file: string, inputs: NdArray<'float32' | 'float64'>, flags: RecordFlags) {
  if (flags.pool === 'avg' || flags.pool === 'max') {
    throw new UsageError(
      `--pool ${flags.pool} is for TensorFlow.js models; ONNX conv maps are [n, c, h, w]: use --pool flatten, or compare --layout nchw`,
    );
  }
  if (flags.layers?.some((l) => typeof l === 'number')) {
    throw new UsageError('--layers for an ONNX model takes tensor names, not indices');
  }
  const { recordOnnx } = await import('../onnx/index.js');
  const recorded = await recordOnnx(
    file,
    { data: inputs.data, shape: inputs.shape },
    {
      outputs: (flags.layers as string[] | undefined) ?? 'all',
      ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    },
  );
  if (flags.pool === 'flatten') {
    for (const [name, array] of recorded) {
      const [n = 0] = array.shape;
      recorded.set(name, { ...array, shape: [n, array.data.length / Math.max(n, 1)] });
    }
  }
  return recorded;
}

/** Runs `repsim record` with the arguments after the command name. */
export async function recordCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      layers: { type: 'string' },
      'batch-size': { type: 'string' },
      pool: { type: 'string', default: 'none' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(RECORD_HELP);
  if (positionals.length !== 2) {
    throw new UsageError(`record needs a model.json and an inputs .npy, got ${positionals.length} arguments`);
  }
  const [modelFile = '', inputsFile = ''] = positionals;
  if (values.out === undefined) throw new UsageError('record needs --out <dir>');
  const pool = values.pool;
  if (pool !== 'none' && pool !== 'flatten' && pool !== 'avg' && pool !== 'max') {
    throw new UsageError(`--pool must be none, flatten, avg or max, got '${pool}'`);
  }
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new UsageError(`--batch-size must be a positive integer, got '${values['batch-size']}'`);
  }
  const layers = values.layers
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (layers !== undefined && layers.length === 0) throw new UsageError('--layers is empty');

  const inputs = requireFloat(await loadActivations(inputsFile), inputsFile);
  const options: RecordFlags = {
    ...(layers === undefined ? {} : { layers }),
    ...(batchSize === undefined ? {} : { batchSize }),
    pool: pool, // checked above
  };
  const recorded = modelFile.endsWith('.onnx')
    ? await recordOnnxFile(modelFile, inputs, options)
    : await recordTfjsFile(modelFile, inputs, options);
  const dir = values.out;
  await fs.mkdir(dir, { recursive: true });
  const written: { name: string; file: string; shape: readonly number[] }[] = [];
  const used = new Set<string>();
  for (const [name, array] of recorded) {
    let file = fileNameOf(name);
    for (let k = 2; used.has(file); k++) file = fileNameOf(`${name}_${k}`);
    used.add(file);
    await saveNpy(path.join(dir, file), array);
    written.push({ name, file: path.join(dir, file), shape: array.shape });
  }
  out(
    values.json
      ? `${JSON.stringify({ model: modelFile, layers: written })}\n`
      : written.map((w) => `${w.name}\t[${w.shape.join(', ')}]\t${w.file}`).join('\n') + '\n',
  );
}
