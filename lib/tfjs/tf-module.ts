/**
 * TensorFlow.js for `repsim/tfjs`: an optional peer dependency, loaded when
 * that subpath is imported and never by `require('repsim')`.
 */
import { createRequire } from 'node:module';

import type * as Tf from '@tensorflow/tfjs';

import { RepsimError } from '../base/errors.js';

/** The TensorFlow.js module (`@tensorflow/tfjs`, or `@tensorflow/tfjs-node`, which re-exports it). */
export type TfModule = typeof Tf;

const INSTALL =
  'repsim/tfjs needs TensorFlow.js: npm install @tensorflow/tfjs (version 4 or later; its pure-JS CPU ' +
  'backend is enough, @tensorflow/tfjs-node is optional)';

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND';
}

/**
 * `@tensorflow/tfjs` as the caller's project resolves it.
 *
 * @throws RepsimError `MISSING_DEPENDENCY` when it is not installed
 */
export function loadTf(): TfModule {
  try {
    return createRequire(__filename)('@tensorflow/tfjs') as TfModule;
  } catch (error) {
    if (isNotFound(error)) throw new RepsimError('MISSING_DEPENDENCY', INSTALL, { cause: error });
    throw error;
  }
}
