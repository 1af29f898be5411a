/**
 * ONNX Runtime and onnx-proto for `repsim/onnx`: optional peer
 * dependencies, loaded when that subpath is imported and never by
 * `require('repsim')`.
 */
import { createRequire } from 'node:module';

import type * as OnnxProto from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';

import { RepsimError } from '../base/errors.js';

/** onnxruntime-node's module. */
export type OrtModule = typeof Ort;
/** onnx-proto's `onnx` namespace (the ModelProto classes). */
export type OnnxNamespace = typeof OnnxProto.onnx;

const INSTALL =
  'repsim/onnx needs ONNX Runtime and onnx-proto: npm install onnxruntime-node onnx-proto ' +
  '(offline or without a GPU: ONNXRUNTIME_NODE_INSTALL=skip npm install …, which keeps ' +
  "onnxruntime-node's postinstall from downloading CUDA binaries; its CPU build is in the package)";

function load<T>(name: string): T {
  try {
    return createRequire(__filename)(name) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') {
      throw new RepsimError('MISSING_DEPENDENCY', `${INSTALL} (${name} is not installed)`, { cause: error });
    }
    throw error;
  }
}

/** @throws RepsimError `MISSING_DEPENDENCY` when onnxruntime-node is not installed */
export function loadOrt(): OrtModule {
  return load<OrtModule>('onnxruntime-node');
}

/** @throws RepsimError `MISSING_DEPENDENCY` when onnx-proto is not installed */
export function loadOnnxProto(): OnnxNamespace {
  return load<typeof OnnxProto>('onnx-proto').onnx;
}
