/**
 * `repsim/tfjs`: activations of TensorFlow.js models for repsim, and a
 * training callback that records layer similarity as a model learns.
 * Needs `@tensorflow/tfjs` (an optional peer dependency): importing this
 * subpath without it is a `MISSING_DEPENDENCY` error saying what to install;
 * `require('repsim')` never loads it.
 */
import { loadTf } from './tf-module.js';

// Fail on import, not on first use, when TensorFlow.js is missing.
loadTf();

export {
  recordLayers,
  type RecordInputs,
  type RecordLayersOptions,
  type RecordPooling,
  type RecordableModel,
} from './record-layers.js';
export {
  similarityCallback,
  type SimilarityCallback,
  type SimilarityCallbackJSON,
  type SimilarityCallbackOptions,
  type SimilarityRecord,
  type SimilarityReference,
} from './similarity-callback.js';
export { loadTfjsModel } from './load-model.js';
export type { TfModule } from './tf-module.js';
