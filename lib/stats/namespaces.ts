/**
 * The functional metrics, statistics and grounding tests grouped as
 * namespaces (`functional.jsd`, `stats.permutationTest`,
 * `grounding.specificity`), as the papers group them; each function is also
 * exported by name.
 */
import { jsd, kl, pearson, predictionAgreement, softmax, spearman } from '../metrics/functional.js';
import { rankCorrelation, sensitivity, specificity } from './grounding.js';
import { permutationTestLayers, permutationTestLayersSync } from './layer-permutation.js';
import { bootstrap, bootstrapSync, permutationTest, permutationTestSync } from './resampling.js';

/** Functional similarity: how alike two networks' outputs are. */
export const functional = { jsd, kl, softmax, predictionAgreement, spearman, pearson } as const;

/** Permutation tests and bootstrap intervals for any metric. */
export const stats = {
  permutationTest,
  permutationTestSync,
  permutationTestLayers,
  permutationTestLayersSync,
  bootstrap,
  bootstrapSync,
} as const;

/** Tests of whether a metric tracks function (Ding et al. 2021; Kornblith et al. 2019). */
export const grounding = { rankCorrelation, specificity, sensitivity } as const;
