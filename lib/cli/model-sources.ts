/**
 * A model on disk as layer sources for repsim/distributed: one path per
 * layer of a directory of .npy files, or `file:name` per array of an .npz
 * or .safetensors (the names read from the file, in the order loadLayers gives).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { RepsimError } from '../base/errors.js';
import { loadLayers } from '../io/load-layers.js';

/** The model's layers by name, each a path (`dir/fc1.npy`) or `file.npz:fc1`. */
export async function modelSources(spec: string): Promise<Record<string, string>> {
  const layers = await loadLayers(spec);
  const stat = await fs.stat(spec);
  if (stat.isDirectory()) {
    // The file each name came from (x.NPY as well as x.npy).
    const files = new Map(
      (await fs.readdir(spec)).filter((f) => /\.npy$/i.test(f)).map((f) => [f.slice(0, -4), f]),
    );
    return Object.fromEntries(
      [...layers.keys()].map((name) => [name, path.join(spec, files.get(name) ?? `${name}.npy`)]),
    );
  }
  for (const name of layers.keys()) {
    if (/[/\\]/.test(name))
      throw new RepsimError('BAD_INPUT', `${spec}: array name '${name}' has a path separator`);
  }
  return Object.fromEntries([...layers.keys()].map((name) => [name, `${spec}:${name}`]));
}
