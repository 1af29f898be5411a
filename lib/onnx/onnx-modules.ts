/**
 * ONNX Runtime and onnx-proto for `repsim/onnx`: optional peer
 * dependencies, loaded when that subpath is imported and never by
 * `require('repsim')`.
 */
import type * as OnnxProto from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';

import { loadOptionalPeer } from '../base/optional-peer.js';

/** onnxruntime-node's module. */
export type OrtModule = typeof Ort;
/** onnx-proto's `onnx` namespace (the ModelProto classes). */
export type OnnxNamespace = typeof OnnxProto.onnx;

const INSTALL =
  'repsim/onnx needs ONNX Runtime and onnx-proto: npm install onnxruntime-node onnx-proto ' +
  '(offline or without a GPU: ONNXRUNTIME_NODE_INSTALL=skip npm install …, which keeps ' +
  "onnxruntime-node's postinstall from downloading CUDA binaries; its CPU build is in the package)";

/** @throws RepsimError `MISSING_DEPENDENCY` when onnxruntime-node is not installed */
export function loadOrt(): OrtModule {
  return loadOptionalPeer<OrtModule>('onnxruntime-node', INSTALL);
}

/** @throws RepsimError `MISSING_DEPENDENCY` when onnx-proto is not installed */
export function loadOnnxProto(): OnnxNamespace {
  return loadOptionalPeer<typeof OnnxProto>('onnx-proto', INSTALL).onnx;
}
