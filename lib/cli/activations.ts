/**
 * Loads activations named on the command line: one matrix as `layer.npy`, or
 * one array of an archive as `model.npz:name` (the name may be left out when
 * the archive holds a single array); or a whole model's float layers.
 */
import fs from 'node:fs/promises';

import { RepsimError } from '../base/errors.js';
import { loadNpy, loadNpz } from '../io/files.js';
import { loadLayers } from '../io/load-layers.js';
import type { NdArray } from '../io/npy.js';
import { UsageError } from './usage-error.js';

/** Loads `file.npy` or `file.npz[:name]`; a missing file or array is a UsageError. */
export async function loadActivations(spec: string): Promise<NdArray> {
  const archive = /^(.*\.npz)(?::(.+))?$/i.exec(spec);
  if (!archive) {
    await mustExist(spec);
    return loadNpy(spec);
  }
  const [, file = '', key] = archive;
  await mustExist(file);
  const arrays = await loadNpz(file);
  const names = [...arrays.keys()];
  const chosen = key ?? (names.length === 1 ? names[0] : undefined);
  const array = chosen === undefined ? undefined : arrays.get(chosen);
  if (array === undefined) {
    throw new UsageError(
      key === undefined
        ? `${file} holds ${names.length} arrays; pick one as ${file}:<name> (names: ${names.join(', ')})`
        : `${file} has no array '${key}' (names: ${names.join(', ')})`,
    );
  }
  return array;
}

async function mustExist(file: string): Promise<void> {
  try {
    await fs.access(file);
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
}

/** Rejects integer or bool arrays as activations, with a clear message. */
export function requireFloat(array: NdArray, spec: string): NdArray<'float32' | 'float64'> {
  if (array.dtype !== 'float32' && array.dtype !== 'float64') {
    throw new RepsimError('BAD_INPUT', `${spec}: activations must be float32 or float64, got ${array.dtype}`);
  }
  return array as NdArray<'float32' | 'float64'>;
}

/** A model's layers from disk ({@link loadLayers}), each refused unless float32 or float64. */
export async function loadFloatLayers(spec: string): Promise<Map<string, NdArray<'float32' | 'float64'>>> {
  const layers = await loadLayers(spec);
  return new Map([...layers].map(([name, array]) => [name, requireFloat(array, `${spec}:${name}`)]));
}
