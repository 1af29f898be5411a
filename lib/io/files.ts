/**
 * Reading and writing `.npy` / `.npz` files. Writes go through
 * write-file-atomic: a temporary file with a unique name in the same folder,
 * fsync'd and renamed into place (and removed if the write fails or the
 * process exits first), with concurrent writes to one path in this process
 * queued, so a target is always one whole file of one write.
 */
import fs from 'node:fs/promises';

import writeFileAtomic from 'write-file-atomic';

import { RepsimError } from '../base/errors.js';

import { parseNpy, serializeNpy, type NdArray, type SerializeNpyOptions } from './npy.js';
import { parseNpz, serializeNpz, type SerializeNpzOptions } from './npz.js';

/**
 * The bytes of `file`. @throws RepsimError `BAD_INPUT` naming the file when it
 * cannot be read (missing, a folder, no permission). @internal
 */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new RepsimError('BAD_INPUT', `cannot read '${file}': ${why}`, { cause: error });
  }
}

/** Reads a `.npy` file. @throws RepsimError `BAD_INPUT` for a missing or malformed file */
export async function loadNpy(file: string): Promise<NdArray> {
  return parseNpy(await readInput(file), file);
}

/** Reads every array of a `.npz` file. @throws RepsimError `BAD_INPUT` for a missing or malformed file */
export async function loadNpz(file: string): Promise<Map<string, NdArray>> {
  return parseNpz(await readInput(file), file);
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

/** Writes `bytes` to `file` atomically (see the module comment). @internal */
export async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  // Its types accept a Buffer, not any Uint8Array: a Buffer view of the same memory.
  await writeFileAtomic(
    file,
    typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}
