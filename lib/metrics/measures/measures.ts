/**
 * One function pair per measure of the native measure table, each the
 * registry metric of the same name (usable as `layerSimilarity(…, {metric})`,
 * in `permutationTest`/`bootstrap` and `repsim compare --metrics`). Golden
 * values from ReSi's own code are in test/fixtures/reference/resi.
 */
import type { MatrixInput } from '../../base/matrix.js';
import { pairMeasure, pairMeasureSync, type MeasureOptions } from './pair-measure.js';

export type { MeasureOptions } from './pair-measure.js';

/**
 * Aligned cosine similarity (ReSi): the mean over examples of cos(xᵢQ, yᵢ), Q the orthogonal Procrustes rotation of x onto y (uncentred; all-zero rows left out). In [−1, 1]; 1 for a rotated copy.
 *
 * Registry name `'aligned-cosine'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function alignedCosine(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('alignedCosine', 'aligned-cosine', x, y, options);
}

/** {@link alignedCosine} on the calling thread. @throws RepsimError as {@link alignedCosine} */
export function alignedCosineSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('alignedCosineSync', 'aligned-cosine', x, y, options);
}

/**
 * Angular shape metric (Williams et al. 2021): arccos(‖X̃ᵀỸ‖_* / (‖X̃‖_F‖Ỹ‖_F)) of the centred layers, the narrower zero-padded. In [0, π/2]; 0 for a rotated, scaled, shifted copy. Also `procrustes(x, y).angular`.
 *
 * Registry name `'angular-shape'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function angularShape(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('angularShape', 'angular-shape', x, y, options);
}

/** {@link angularShape} on the calling thread. @throws RepsimError as {@link angularShape} */
export function angularShapeSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('angularShapeSync', 'angular-shape', x, y, options);
}

/**
 * Procrustes size-and-shape distance (Williams et al. 2021): min over rotations Q of ‖X̃Q − Ỹ‖_F for the centred, unscaled layers. ≥ 0; 0 for a rotated, shifted copy.
 *
 * Registry name `'procrustes-size-shape'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function procrustesSizeShape(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('procrustesSizeShape', 'procrustes-size-shape', x, y, options);
}

/** {@link procrustesSizeShape} on the calling thread. @throws RepsimError as {@link procrustesSizeShape} */
export function procrustesSizeShapeSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('procrustesSizeShapeSync', 'procrustes-size-shape', x, y, options);
}

/**
 * Permutation Procrustes distance (ReSi): min over column permutations P of ‖XP − Y‖_F (uncentred, unscaled; the best P by the linear sum assignment on XᵀY). ≥ 0.
 *
 * Registry name `'permutation-procrustes'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function permutationProcrustes(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('permutationProcrustes', 'permutation-procrustes', x, y, options);
}

/** {@link permutationProcrustes} on the calling thread. @throws RepsimError as {@link permutationProcrustes} */
export function permutationProcrustesSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('permutationProcrustesSync', 'permutation-procrustes', x, y, options);
}

/**
 * Generalized shape metric (Williams et al. 2021, netrep `LinearMetric`): the centred layers partially whitened with `alpha` (1: rotations only, the angular shape metric; 0: any invertible linear map, arccos of mean ρ for equal widths), aligned by a rotation, compared by arc length (`distance: 'angular'`, default) or Euclidean distance.
 *
 * Registry name `'shape-metric'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function shapeMetric(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('shapeMetric', 'shape-metric', x, y, options);
}

/** {@link shapeMetric} on the calling thread. @throws RepsimError as {@link shapeMetric} */
export function shapeMetricSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('shapeMetricSync', 'shape-metric', x, y, options);
}

/**
 * Hard correlation match (Li et al. 2015, ReSi): the mean Pearson correlation of the best one-to-one matching of neurons (linear sum assignment). In [−1, 1]; invariant to permuting and rescaling neurons, not to rotations.
 *
 * Registry name `'hard-correlation-match'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function hardCorrelationMatch(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('hardCorrelationMatch', 'hard-correlation-match', x, y, options);
}

/** {@link hardCorrelationMatch} on the calling thread. @throws RepsimError as {@link hardCorrelationMatch} */
export function hardCorrelationMatchSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('hardCorrelationMatchSync', 'hard-correlation-match', x, y, options);
}

/**
 * Soft correlation match (Li et al. 2015, ReSi): the mean of each neuron's best correlation with the other layer, averaged over both directions. In [−1, 1].
 *
 * Registry name `'soft-correlation-match'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function softCorrelationMatch(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('softCorrelationMatch', 'soft-correlation-match', x, y, options);
}

/** {@link softCorrelationMatch} on the calling thread. @throws RepsimError as {@link softCorrelationMatch} */
export function softCorrelationMatchSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('softCorrelationMatchSync', 'soft-correlation-match', x, y, options);
}

/**
 * Linear regression (ReSi): the share of x's centred variance that a least-squares linear map from y explains, ‖P_y X̃‖²_F / ‖X̃‖²_F. In [0, 1]; asymmetric: x is explained, y explains.
 *
 * Registry name `'linear-regression'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function linearRegression(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('linearRegression', 'linear-regression', x, y, options);
}

/** {@link linearRegression} on the calling thread. @throws RepsimError as {@link linearRegression} */
export function linearRegressionSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('linearRegressionSync', 'linear-regression', x, y, options);
}

/**
 * GULP distance (Boix-Adsera et al. 2022) with ridge `lambda` (default 0, where it is rank x + rank y − 2 Σρ²): how differently the two layers support linear predictors. ≥ 0.
 *
 * Registry name `'gulp'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function gulp(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('gulp', 'gulp', x, y, options);
}

/** {@link gulp} on the calling thread. @throws RepsimError as {@link gulp} */
export function gulpSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('gulpSync', 'gulp', x, y, options);
}

/**
 * Eigenspace overlap score (May et al. 2019): ‖UₓᵀU_y‖²_F / max(p, q) for the left singular vectors of each (uncentred) layer up to its rank. In [0, 1].
 *
 * Registry name `'eigenspace-overlap'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function eigenspaceOverlap(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('eigenspaceOverlap', 'eigenspace-overlap', x, y, options);
}

/** {@link eigenspaceOverlap} on the calling thread. @throws RepsimError as {@link eigenspaceOverlap} */
export function eigenspaceOverlapSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('eigenspaceOverlapSync', 'eigenspace-overlap', x, y, options);
}

/**
 * Magnitude difference (ReSi): | ‖mean row of x‖ − ‖mean row of y‖ |. ≥ 0.
 *
 * Registry name `'magnitude-difference'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function magnitudeDifference(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('magnitudeDifference', 'magnitude-difference', x, y, options);
}

/** {@link magnitudeDifference} on the calling thread. @throws RepsimError as {@link magnitudeDifference} */
export function magnitudeDifferenceSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('magnitudeDifferenceSync', 'magnitude-difference', x, y, options);
}

/**
 * Concentricity difference (ReSi): |c(x) − c(y)|, c the mean cosine of each example with the mean example. In [0, 2].
 *
 * Registry name `'concentricity-difference'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function concentricityDifference(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('concentricityDifference', 'concentricity-difference', x, y, options);
}

/** {@link concentricityDifference} on the calling thread. @throws RepsimError as {@link concentricityDifference} */
export function concentricityDifferenceSync(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): number {
  return pairMeasureSync('concentricityDifferenceSync', 'concentricity-difference', x, y, options);
}

/**
 * Uniformity difference (Wang & Isola 2020, ReSi): |u(x) − u(y)|, u = log of the mean over all pairs of exp(−t‖rᵢ − rⱼ‖²) (temperature `t`, default 2). Computed in row blocks, no n × n matrix. ≥ 0.
 *
 * Registry name `'uniformity-difference'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function uniformityDifference(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('uniformityDifference', 'uniformity-difference', x, y, options);
}

/** {@link uniformityDifference} on the calling thread. @throws RepsimError as {@link uniformityDifference} */
export function uniformityDifferenceSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('uniformityDifferenceSync', 'uniformity-difference', x, y, options);
}
/**
 * Representational similarity analysis (Kriegeskorte et al. 2008, ReSi): each layer's RSM of every pair of examples (`inner`: Pearson correlation of the rows by default, cosine or Euclidean distance), then the Spearman (default), Kendall τ-b or Pearson (`outer`) correlation of the two RSMs' n(n−1)/2 off-diagonal entries. Computed tile by tile; Spearman ranks the entries by a radix sort (32 bytes per pair at its peak), Kendall 36 bytes per pair (Knight's O(m log m) algorithm), both within `maxMemoryBytes`; Pearson streams. In [−1, 1].
 *
 * Registry name `'rsa'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function rsa(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('rsa', 'rsa', x, y, options);
}

/** {@link rsa} on the calling thread. @throws RepsimError as {@link rsa} */
export function rsaSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('rsaSync', 'rsa', x, y, options);
}

/**
 * RSM norm difference (ReSi): ‖D_x − D_y‖ for the Euclidean distance matrices, in the spectral norm (`norm: 'spectral'`, default: ReSi's `np.linalg.norm(D, 2)`, by Lanczos iterations to full precision) or the Frobenius norm. Tile by tile; the spectral norm caches D when `maxMemoryBytes` allows. ≥ 0.
 *
 * Registry name `'rsm-norm-difference'` (distance). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function rsmNormDifference(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('rsmNormDifference', 'rsm-norm-difference', x, y, options);
}

/** {@link rsmNormDifference} on the calling thread. @throws RepsimError as {@link rsmNormDifference} */
export function rsmNormDifferenceSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('rsmNormDifferenceSync', 'rsm-norm-difference', x, y, options);
}

/**
 * Distance correlation (Székely et al. 2007): the double-centred Euclidean distance matrices A, B of the two layers, √(⟨A, B⟩ / √(⟨A, A⟩⟨B, B⟩)). Tile by tile, no n × n matrix. In [0, 1].
 *
 * Registry name `'distance-correlation'` (similarity). Runs off the main thread.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`, `MEMORY_LIMIT`
 */
export function distanceCorrelation(
  x: MatrixInput,
  y: MatrixInput,
  options?: MeasureOptions,
): Promise<number> {
  return pairMeasure('distanceCorrelation', 'distance-correlation', x, y, options);
}

/** {@link distanceCorrelation} on the calling thread. @throws RepsimError as {@link distanceCorrelation} */
export function distanceCorrelationSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('distanceCorrelationSync', 'distance-correlation', x, y, options);
}
/**
 * Jaccard kNN similarity (ReSi): the mean over examples of |Nₓ(i) ∩ N_y(i)| / |Nₓ(i) ∪ N_y(i)| for the `k` (default 10) cosine nearest neighbours of each example in each layer (the example itself excluded). In [0, 1].
 *
 * Registry name `'jaccard-knn'` (similarity). Runs off the main thread; neighbours from a tiled search, no n × n matrix.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION` (k outside 1 … n − 1), `MEMORY_LIMIT`
 */
export function jaccardKnn(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('jaccardKnn', 'jaccard-knn', x, y, options);
}

/** {@link jaccardKnn} on the calling thread. @throws RepsimError as {@link jaccardKnn} */
export function jaccardKnnSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('jaccardKnnSync', 'jaccard-knn', x, y, options);
}

/**
 * Rank similarity (Wang et al. 2020, ReSi): for the neighbours two examples' k-NN lists share, with ranks r, r′, Σ 2 / ((1 + |r − r′|)(r + r′)), normalised by Σ_{m ≤ shared} 1/m (0 when none is shared); mean over examples. In [0, 1].
 *
 * Registry name `'rank-similarity'` (similarity). Runs off the main thread; neighbours from a tiled search, no n × n matrix.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION` (k outside 1 … n − 1), `MEMORY_LIMIT`
 */
export function rankSimilarity(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('rankSimilarity', 'rank-similarity', x, y, options);
}

/** {@link rankSimilarity} on the calling thread. @throws RepsimError as {@link rankSimilarity} */
export function rankSimilaritySync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('rankSimilaritySync', 'rank-similarity', x, y, options);
}

/**
 * Second-order cosine similarity (Hamilton et al. 2016, ReSi): per example, the cosine distances to the union of both layers' k nearest neighbours, compared across the layers by their cosine; mean over examples. In [0, 1].
 *
 * Registry name `'second-order-cosine'` (similarity). Runs off the main thread; neighbours from a tiled search, no n × n matrix.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION` (k outside 1 … n − 1), `MEMORY_LIMIT`
 */
export function secondOrderCosine(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('secondOrderCosine', 'second-order-cosine', x, y, options);
}

/** {@link secondOrderCosine} on the calling thread. @throws RepsimError as {@link secondOrderCosine} */
export function secondOrderCosineSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('secondOrderCosineSync', 'second-order-cosine', x, y, options);
}

/**
 * Mutual kNN alignment (Huh et al. 2024, platonic-rep): the mean share of each example's k inner-product nearest neighbours (rows L2-normalised first, `normalize: true`) that both layers agree on. In [0, 1].
 *
 * Registry name `'mutual-knn'` (similarity). Runs off the main thread; neighbours from a tiled search, no n × n matrix.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION` (k outside 1 … n − 1), `MEMORY_LIMIT`
 */
export function mutualKnn(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('mutualKnn', 'mutual-knn', x, y, options);
}

/** {@link mutualKnn} on the calling thread. @throws RepsimError as {@link mutualKnn} */
export function mutualKnnSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('mutualKnnSync', 'mutual-knn', x, y, options);
}

/**
 * CKNNA (Huh et al. 2024, platonic-rep): unbiased-HSIC CKA of the inner-product kernels restricted to mutual k-nearest neighbours (rows L2-normalised first by default). platonic-rep adds 1e-6 to the denominator; repsim does not, so CKNNA(x, x) = 1.
 *
 * Registry name `'cknna'` (similarity). Runs off the main thread; neighbours from a tiled search, no n × n matrix.
 * @throws RepsimError `SHAPE_MISMATCH`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION` (k outside 1 … n − 1), `MEMORY_LIMIT`
 */
export function cknna(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): Promise<number> {
  return pairMeasure('cknna', 'cknna', x, y, options);
}

/** {@link cknna} on the calling thread. @throws RepsimError as {@link cknna} */
export function cknnaSync(x: MatrixInput, y: MatrixInput, options?: MeasureOptions): number {
  return pairMeasureSync('cknnaSync', 'cknna', x, y, options);
}
