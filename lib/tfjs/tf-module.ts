/**
 * TensorFlow.js for `repsim/tfjs`: an optional peer dependency, loaded when
 * that subpath is imported and never by `require('repsim')`.
 */
import type * as Tf from '@tensorflow/tfjs';

import { loadOptionalPeer } from '../base/optional-peer.js';

/** The TensorFlow.js module (`@tensorflow/tfjs`, or `@tensorflow/tfjs-node`, which re-exports it). */
export type TfModule = typeof Tf;

const INSTALL =
  'repsim/tfjs needs TensorFlow.js: npm install @tensorflow/tfjs (version 4 or later; its pure-JS CPU ' +
  'backend is enough, @tensorflow/tfjs-node is optional)';

/**
 * `@tensorflow/tfjs` as the caller's project resolves it.
 *
 * @throws RepsimError `MISSING_DEPENDENCY` when it is not installed
 */
export function loadTf(): TfModule {
  return loadOptionalPeer<TfModule>('@tensorflow/tfjs', INSTALL);
}
