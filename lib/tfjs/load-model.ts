/**
 * A TensorFlow.js model from disk (`model.json` and its weight files, as
 * `tensorflowjs_converter` or tfjs-node's `model.save('file://…')` write
 * them), without tfjs-node: the pure-JS package has no `file://` handler, so
 * the files are read here and handed to tfjs as in-memory artifacts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import type * as Tf from '@tensorflow/tfjs';

import { RepsimError } from '../base/errors.js';
import { loadTf, type TfModule } from './tf-module.js';

interface ModelJson {
  readonly format?: string;
  readonly modelTopology?: unknown;
  readonly weightsManifest?: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly Tf.io.WeightsManifestEntry[];
  }[];
  readonly [key: string]: unknown;
}

type Manifest = NonNullable<ModelJson['weightsManifest']>;

function isManifest(value: unknown): value is Manifest {
  return (
    Array.isArray(value) &&
    value.every((group: unknown) => {
      const g = group as { paths?: unknown; weights?: unknown } | null;
      return (
        typeof g === 'object' &&
        g !== null &&
        Array.isArray(g.paths) &&
        g.paths.every((p) => typeof p === 'string') &&
        Array.isArray(g.weights)
      );
    })
  );
}

function bad(file: string, what: string): RepsimError {
  return new RepsimError('BAD_INPUT', `${file}: ${what}`);
}

/**
 * Loads a LayersModel or a GraphModel from its `model.json` (the `format`
 * field decides; a file without one is read as a LayersModel).
 *
 * @param file - path of model.json; weight files are read from beside it
 * @param options - `tf`: the TensorFlow.js module to load into (default `@tensorflow/tfjs`)
 * @throws RepsimError `BAD_INPUT` for a file that is not a TensorFlow.js model, naming it
 */
export async function loadTfjsModel(
  file: string,
  options: { readonly tf?: TfModule } = {},
): Promise<Tf.LayersModel | Tf.GraphModel> {
  const tf = options.tf ?? loadTf();
  let json: ModelJson;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8')) as ModelJson;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw bad(file, 'no such file');
    throw bad(file, `not a TensorFlow.js model.json (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object') {
    throw bad(file, 'not a TensorFlow.js model.json (no modelTopology)');
  }
  const manifest: unknown = json.weightsManifest ?? [];
  if (!isManifest(manifest)) {
    throw bad(file, 'weightsManifest is not a list of {paths: [file names], weights: [specs]}');
  }
  const dir = path.dirname(file);
  const buffers: Buffer[] = [];
  const weightSpecs: Tf.io.WeightsManifestEntry[] = [];
  for (const group of manifest) {
    for (const shard of group.paths) {
      // Weight files live beside model.json: refuse paths that leave its folder.
      const resolved = path.resolve(dir, shard);
      if (path.relative(dir, resolved).startsWith('..') || path.isAbsolute(shard)) {
        throw bad(file, `weight file '${shard}' is outside the model's folder`);
      }
      try {
        buffers.push(await fs.readFile(resolved));
      } catch {
        throw bad(file, `cannot read its weight file '${shard}'`);
      }
    }
    weightSpecs.push(...group.weights);
  }
  const data = Buffer.concat(buffers);
  const artifacts: Tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as object,
    ...(json.format === undefined ? {} : { format: json.format }),
    weightSpecs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
  };
  const handler = tf.io.fromMemory(artifacts);
  try {
    return json.format === 'graph-model'
      ? await tf.loadGraphModel(handler)
      : await tf.loadLayersModel(handler);
  } catch (error) {
    throw new RepsimError(
      'BAD_INPUT',
      `${file}: TensorFlow.js could not load it (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
}
