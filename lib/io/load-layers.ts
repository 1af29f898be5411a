/**
 * A model's layers from disk, in the three layouts activation dumps come in:
 * a directory of `.npy` files (one per layer, named by file, in natural
 * order: layer2 before layer10), one `.npz` archive (archive order) or one
 * `.safetensors` file (natural order of the tensor names, since writers sort
 * them as strings).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { RepsimError } from '../base/errors.js';
import { loadNpy, loadNpz, readInput } from './files.js';
import type { NdArray } from './npy.js';
import { parseSafetensors } from './safetensors.js';

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Reads every tensor of a `.safetensors` file (F16/BF16 widened to float32). */
export async function loadSafetensors(file: string): Promise<Map<string, NdArray>> {
  return parseSafetensors(await readInput(file), file);
}

/**
 * The layers stored at `source`: a directory of `.npy` files, an `.npz` or a
 * `.safetensors` file.
 * @throws RepsimError `BAD_INPUT` when the path is missing, holds no layers or is malformed
 */
export async function loadLayers(source: string): Promise<Map<string, NdArray>> {
  let stat;
  try {
    stat = await fs.stat(source);
  } catch {
    throw new RepsimError('BAD_INPUT', `${source}: no such file or directory`);
  }
  let layers: Map<string, NdArray>;
  if (stat.isDirectory()) {
    const files = (await fs.readdir(source)).filter((f) => f.toLowerCase().endsWith('.npy'));
    files.sort(naturalOrder.compare);
    layers = new Map();
    for (const file of files) layers.set(file.slice(0, -4), await loadNpy(path.join(source, file)));
  } else if (/\.npz$/i.test(source)) {
    layers = await loadNpz(source);
  } else if (/\.safetensors$/i.test(source)) {
    const tensors = await loadSafetensors(source);
    layers = new Map([...tensors.entries()].sort(([a], [b]) => naturalOrder.compare(a, b)));
  } else {
    throw new RepsimError(
      'BAD_INPUT',
      `${source}: expected a directory of .npy files, an .npz or a .safetensors file`,
    );
  }
  if (layers.size === 0) throw new RepsimError('BAD_INPUT', `${source}: holds no layers`);
  return layers;
}
