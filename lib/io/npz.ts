/**
 * NumPy `.npz` archives: a zip of `.npy` files, one per named array, as
 * written by `np.savez` (stored) and `np.savez_compressed` (deflated).
 */
import { RepsimError } from '../base/errors.js';
import { parseNpy, serializeNpy, type NdArray } from './npy.js';
import { readZip, writeZip } from './zip.js';

/**
 * Parses an `.npz` archive into its arrays, keyed by name (without `.npy`),
 * in archive order.
 * @throws RepsimError `BAD_INPUT` for a malformed archive or member, or a name used twice
 */
export function parseNpz(bytes: Uint8Array, what = '.npz data'): Map<string, NdArray> {
  const arrays = new Map<string, NdArray>();
  for (const entry of readZip(bytes, what)) {
    if (!entry.name.endsWith('.npy')) continue; // numpy ignores other members too
    const key = entry.name.slice(0, -'.npy'.length);
    if (arrays.has(key)) {
      // Which copy np.load returns depends on the zip reader: refuse instead of guessing.
      throw new RepsimError('BAD_INPUT', `${what}: the archive holds '${entry.name}' twice`);
    }
    arrays.set(key, parseNpy(entry.data, `${what}[${key}]`));
  }
  return arrays;
}

/** Options of {@link serializeNpz}. */
export interface SerializeNpzOptions {
  /** Deflate the members, like `np.savez_compressed`. Default false (like `np.savez`). */
  readonly compress?: boolean;
}

/**
 * Serialises named arrays into `.npz` bytes that `np.load` reads.
 * @param arrays - name → array (C-order data + shape), as a Map or a plain object
 */
export function serializeNpz(
  arrays:
    | ReadonlyMap<string, { readonly data: ArrayBufferView; readonly shape: readonly number[] }>
    | Readonly<Record<string, { readonly data: ArrayBufferView; readonly shape: readonly number[] }>>,
  options: SerializeNpzOptions = {},
): Buffer {
  type Named = [string, { readonly data: ArrayBufferView; readonly shape: readonly number[] }];
  const list: Named[] = arrays instanceof Map ? [...arrays.entries()] : Object.entries(arrays);
  const names = new Set<string>();
  const entries = list.map(([name, array]) => {
    if (name.length === 0 || names.has(name)) {
      throw new RepsimError(
        'BAD_INPUT',
        `array names in an .npz must be unique and non-empty (got '${name}')`,
      );
    }
    names.add(name);
    return { name: `${name}.npy`, data: serializeNpy(array) };
  });
  return writeZip(entries, options.compress === true);
}
