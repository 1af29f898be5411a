/**
 * A model matrix's per-model work, done once per model instead of once per
 * pair: read each layer (whatever its format: .npz, .safetensors with
 * bf16), check it, flatten it to examples x features, and write it as a
 * float32 or float64 `.npy` in the shared work folder. The file's name is a hash
 * of the source reference, so a rerun rewrites the same bytes to the same
 * place (atomically), and pair jobs read plain arrays without decoding.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { RepsimError } from '../base/errors.js';
import { toMatrix } from '../base/matrix.js';
import { writeAtomically } from '../io/files.js';
import { serializeNpy } from '../io/npy.js';
import type { LayerCache } from './layer-cache.js';
import { canonicalJson, type FeaturePayload, type FeatureResult } from './payloads.js';
import { sha256Hex, type LayerRef } from './references.js';

/** Writes one model's features; see the module comment. */
export async function writeModelFeatures(p: FeaturePayload, cache: LayerCache): Promise<FeatureResult> {
  if (!p.workDir.startsWith('file:')) {
    throw new RepsimError('BAD_INPUT', `model matrix: workDir must be a file:// folder, got ${p.workDir}`);
  }
  const folder = fileURLToPath(p.workDir);
  await fs.mkdir(folder, { recursive: true });
  let examples: number | undefined;
  const layers: LayerRef[] = [];
  for (const [k, ref] of p.layers.entries()) {
    const name = `model '${p.model}', layer ${p.labels?.[k] ?? k}`;
    const matrix = toMatrix(await cache.load(ref), name);
    if (examples !== undefined && matrix.rows !== examples) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `${name} has ${matrix.rows} examples, the model's first layer ${examples}`,
      );
    }
    examples = matrix.rows;
    for (const value of matrix.data) {
      if (!Number.isFinite(value)) throw new RepsimError('NON_FINITE', `${name} holds NaN or ±Infinity`);
    }
    // float32 stays float32: layerSimilarity runs float32 products on float32 layers.
    const bytes = serializeNpy({ data: matrix.data, shape: [matrix.rows, matrix.cols] });
    const file = path.join(
      folder,
      `${createHash('sha256').update(canonicalJson(ref)).digest('hex').slice(0, 40)}.npy`,
    );
    await writeAtomically(file, bytes);
    layers.push({ uri: pathToFileURL(file).href, sha256: await sha256Hex(bytes) });
  }
  return { model: p.model, layers, examples: examples ?? 0 };
}
