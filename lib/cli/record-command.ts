/**
 * `repsim record <model.json> <inputs.npy> --out dir`: a TensorFlow.js
 * model's layer activations, one .npy per layer, so `repsim compare dir/`
 * runs on real models without code. TensorFlow.js is loaded only here (it is
 * an optional peer dependency).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { saveNpy } from '../io/files.js';
import { loadActivations, requireFloat } from './activations.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim record --help`. */
export const RECORD_HELP = `Usage: repsim record <model.json> <inputs.npy> --out <dir> [options]

Runs <inputs.npy> (first axis = examples) through a TensorFlow.js model
(model.json and its weight files, LayersModel or GraphModel) and writes each
recorded layer's activations to <dir>/<layer>.npy (float32; "/" in a node
name becomes "__"). Then: repsim compare <dir> [<other dir>].
Needs @tensorflow/tfjs (npm install @tensorflow/tfjs).

Options:
  --out <dir>              where to write the .npy files (required)
  --layers <list>          comma-separated layer names or indices (a GraphModel:
                           node names; default for a LayersModel: every layer)
  --batch-size <n>         examples per forward pass (default 256)
  --pool <none|flatten|avg|max>
                           outputs of rank above 2 (conv maps): keep (default),
                           flatten, or pool over every axis but the first and last
  --json                   print {"model", "layers": [{name, file, shape}]} as JSON
  -h, --help               show this help
`;

/** A layer name as a file name: path separators and odd characters replaced. */
function fileNameOf(layer: string): string {
  const safe = layer.replaceAll('/', '__').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe === '' || safe.startsWith('.') ? `_${safe}` : safe}.npy`;
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
  if (modelFile.endsWith('.onnx')) {
    throw new UsageError('record reads TensorFlow.js models (model.json); ONNX models are not supported yet');
  }
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

  // Loaded here only: `repsim` without TensorFlow.js runs every other command.
  const { loadTfjsModel, recordLayers } = await import('../tfjs/index.js');
  const { loadTf } = await import('../tfjs/tf-module.js');
  const tf = loadTf();
  const model = await loadTfjsModel(modelFile, { tf });
  const inputs = requireFloat(await loadActivations(inputsFile), inputsFile);
  const x = tf.tensor(Float32Array.from(inputs.data), [...inputs.shape]);
  let recorded;
  try {
    recorded = await recordLayers(model, x, {
      ...(layers === undefined ? {} : { layers }),
      ...(batchSize === undefined ? {} : { batchSize }),
      pool,
      tf,
    });
  } finally {
    x.dispose();
  }
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
