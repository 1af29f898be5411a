/**
 * `repsim/onnx`: intermediate tensors of ONNX models (PyTorch exports,
 * transformers.js models) for repsim. Needs onnxruntime-node and onnx-proto
 * (optional peer dependencies): importing this subpath without them is a
 * `MISSING_DEPENDENCY` error saying what to install; `require('repsim')`
 * never loads them.
 */
import { loadOnnxProto, loadOrt } from './onnx-modules.js';

// Fail on import, not on first use, when a dependency is missing.
loadOrt();
loadOnnxProto();

export { recordOnnx, type OnnxFeeds, type OnnxInput, type RecordOnnxOptions } from './record-onnx.js';
