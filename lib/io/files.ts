/**
 * Reading and writing `.npy` / `.npz` files. Writes go to a temporary name in
 * the same folder and are renamed into place, so a failed or interrupted
 * write never leaves a half-written file behind.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { parseNpy, serializeNpy, type NdArray, type SerializeNpyOptions } from './npy.js';
import { parseNpz, serializeNpz, type SerializeNpzOptions } from './npz.js';

/** Reads a `.npy` file. @throws RepsimError `BAD_INPUT` for a malformed file */
export async function loadNpy(file: string): Promise<NdArray> {
  return parseNpy(await fs.readFile(file), file);
}

/** Reads every array of a `.npz` file. @throws RepsimError `BAD_INPUT` for a malformed file */
export async function loadNpz(file: string): Promise<Map<string, NdArray>> {
  return parseNpz(await fs.readFile(file), file);
}

/** Writes a `.npy` file atomically. */
export async function saveNpy(
  file: string,
  array: { readonly data: ArrayBufferView; readonly shape: readonly number[] },
  options?: SerializeNpyOptions,
): Promise<void> {
  await writeAtomically(file, serializeNpy(array, options));
}

/** Writes a `.npz` file atomically. */
export async function saveNpz(
  file: string,
  arrays: Parameters<typeof serializeNpz>[0],
  options?: SerializeNpzOptions,
): Promise<void> {
  await writeAtomically(file, serializeNpz(arrays, options));
}

/** Writes `bytes` to `file` via a temporary file and a rename. @internal */
export async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
