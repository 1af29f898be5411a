/**
 * Loading an optional peer dependency (TensorFlow.js, ONNX Runtime, BullMQ)
 * when the entry that needs it is imported, as the caller's project resolves
 * it; a missing one is a typed error that says what to install.
 */
import { createRequire } from 'node:module';

import { RepsimError } from './errors.js';

/**
 * `require(name)` from repsim's own location.
 * @param install - what to tell the user, e.g. `'repsim/onnx needs …: npm install …'`
 * @throws RepsimError `MISSING_DEPENDENCY` with `install` when `name` is not installed
 */
export function loadOptionalPeer<T>(name: string, install: string): T {
  try {
    return createRequire(__filename)(name) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') {
      throw new RepsimError('MISSING_DEPENDENCY', `${install} (${name} is not installed)`, { cause: error });
    }
    throw error;
  }
}
