/** `.npy`, `.npz` and `.safetensors` reading (and `.npy`/`.npz` writing); a model's layers from disk. */
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
export { parseSafetensors } from './safetensors.js';
export { loadLayers, loadSafetensors } from './load-layers.js';
