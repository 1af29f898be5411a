/** `.npy` and `.npz` reading and writing. */
export {
  parseNpy,
  serializeNpy,
  type NdArray,
  type NpyDType,
  type NpyDataTypes,
  type SerializeNpyOptions,
} from './npy.js';
export { parseNpz, serializeNpz, type SerializeNpzOptions } from './npz.js';
export { loadNpy, loadNpz, saveNpy, saveNpz } from './files.js';
