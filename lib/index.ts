/**
 * repsim: similarity of neural-network representations, on a C++/Eigen core.
 * @packageDocumentation
 */
export { RepsimError, isRepsimError, type RepsimErrorCode } from './errors.js';
export {
  toMatrix,
  type Matrix,
  type MatrixInput,
  type FloatArray,
  type NumericTypedArray,
  type ShapedArray,
  type DimsTensor,
  type SyncTensor,
} from './matrix.js';
export { linearCKA, linearCKASync, type LinearCKAOptions } from './metrics/linear-cka.js';
export { buildInfo, type BuildInfo } from './build-info.js';
export type { NativeBuildInfo } from './native.js';
export {
  parseNpy,
  serializeNpy,
  parseNpz,
  serializeNpz,
  loadNpy,
  loadNpz,
  saveNpy,
  saveNpz,
  type NdArray,
  type NpyDType,
  type NpyDataTypes,
  type SerializeNpyOptions,
  type SerializeNpzOptions,
} from './io/index.js';
export { scratchMemory, setScratchMemoryLimit, type ScratchMemory } from './memory.js';
