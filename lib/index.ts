/**
 * repsim: similarity of neural-network representations, on a C++/Eigen core.
 * @packageDocumentation
 */
export { RepsimError, isRepsimError, type RepsimErrorCode } from './base/errors.js';
export {
  toMatrix,
  toTensor,
  type Tensor,
  type Matrix,
  type MatrixInput,
  type FloatArray,
  type NumericTypedArray,
  type ShapedArray,
  type DimsTensor,
  type SyncTensor,
} from './base/matrix.js';
export { linearCKA, linearCKASync, type LinearCKAOptions } from './metrics/cka/linear-cka.js';
export {
  kernelCKA,
  kernelCKASync,
  ckaFromGrams,
  ckaFromGramsSync,
  type KernelCKAOptions,
  type GramCKAOptions,
  type DebiasOptions,
} from './metrics/cka/kernel-cka.js';
export {
  layerSimilarity,
  layerSimilaritySync,
  type LayerMetric,
  type LayerSimilarityOptions,
} from './metrics/layer-similarity.js';
export type { CCALayerMetric, MetricOptions } from './metrics/metric-spec.js';
export {
  jsd,
  kl,
  softmax,
  predictionAgreement,
  spearman,
  pearson,
  type DivergenceOptions,
  type SoftmaxOptions,
} from './metrics/functional.js';
export {
  permutationTest,
  permutationTestSync,
  bootstrap,
  bootstrapSync,
  type PairMetricFunction,
  type StatsMetric,
  type ResamplingOptions,
  type ResamplingRoute,
  type PermutationTestOptions,
  type PermutationTestResult,
  type BootstrapOptions,
  type BootstrapResult,
} from './stats/resampling.js';
export {
  alignedCosine,
  alignedCosineSync,
  angularShape,
  angularShapeSync,
  procrustesSizeShape,
  procrustesSizeShapeSync,
  permutationProcrustes,
  permutationProcrustesSync,
  shapeMetric,
  shapeMetricSync,
  hardCorrelationMatch,
  hardCorrelationMatchSync,
  softCorrelationMatch,
  softCorrelationMatchSync,
  linearRegression,
  linearRegressionSync,
  gulp,
  gulpSync,
  eigenspaceOverlap,
  eigenspaceOverlapSync,
  rsa,
  rsaSync,
  rsmNormDifference,
  rsmNormDifferenceSync,
  distanceCorrelation,
  distanceCorrelationSync,
  jaccardKnn,
  jaccardKnnSync,
  rankSimilarity,
  rankSimilaritySync,
  secondOrderCosine,
  secondOrderCosineSync,
  mutualKnn,
  mutualKnnSync,
  cknna,
  cknnaSync,
  magnitudeDifference,
  magnitudeDifferenceSync,
  concentricityDifference,
  concentricityDifferenceSync,
  uniformityDifference,
  uniformityDifferenceSync,
  type MeasureOptions,
} from './metrics/measures/measures.js';
export {
  permutationTestLayers,
  permutationTestLayersSync,
  type LayerPermutationTestOptions,
  type LayerPermutationTestResult,
} from './stats/layer-permutation.js';
export {
  rankCorrelation,
  specificity,
  sensitivity,
  type GroundingPair,
  type RankCorrelationOptions,
  type RankCorrelationResult,
  type SpecificityOptions,
  type SpecificityResult,
  type SensitivityOptions,
  type SensitivityResult,
} from './stats/grounding.js';
export { functional, stats, grounding } from './stats/namespaces.js';
export {
  METRICS,
  METRIC_ALIASES,
  metricEntry,
  metricNames,
  type Invariance,
  type MetricEntry,
  type MetricName,
} from './metrics/registry.js';
export {
  compareModels,
  COMPARE_METRICS,
  type CompareMetric,
  type CompareOptions,
  type Comparison,
  type LayerInfo,
  type MetricFailure,
  type MetricReport,
} from './report/compare.js';
export { writeReport, resultsJson, type WriteReportOptions } from './report/write-report.js';
export type { DynamicsRecord } from './report/line-plot.js';
export {
  cca,
  ccaSync,
  svcca,
  svccaSync,
  pwcca,
  pwccaSync,
  procrustes,
  procrustesSync,
  type CCAOptions,
  type CCAResult,
  type FourierCCAResult,
  type SVCCAOptions,
  type PWCCAOptions,
  type PWCCAResult,
  type ProcrustesOptions,
  type ProcrustesResult,
} from './metrics/cca/cca.js';
export {
  knnEntropy,
  knnEntropySync,
  knnEntropyByLabel,
  knnEntropyByLabelSync,
  type KnnEntropyOptions,
  type KnnEntropyResult,
  type LabelEntropies,
} from './metrics/entropy/knn-entropy.js';
export {
  converterRatio,
  converterRatioSync,
  type ConverterRatioOptions,
  type ConverterRatioResult,
} from './metrics/entropy/converter-ratio.js';
export {
  entropySimilarity,
  entropySimilaritySync,
  ConverterTable,
  type EntropySimilarity,
  type EntropySimilarityOptions,
  type LayerRef,
} from './metrics/entropy/entropy-similarity.js';
export type { CCACommonOptions, ConvOptions, SVCCAKeep } from './metrics/cca/options.js';
export type { ConvLayout, ConvReshape } from './base/feature-maps.js';
export { LayerMatrix, type LayerMatrixJSON } from './base/layer-matrix.js';
export { toLayers, type LayerInput, type Layers } from './base/layers.js';
export {
  StreamingCKA,
  type StreamingCKAOptions,
  type StreamingCKAState,
} from './metrics/cka/streaming-cka.js';
export type {
  ComputeOptions,
  KernelOptions,
  RbfKernelOptions,
  PolynomialKernelOptions,
} from './metrics/similarity-options.js';
export { buildInfo, type BuildInfo } from './native/build-info.js';
export type { NativeBuildInfo, NativeVariant } from './native/addon.js';
export {
  parseNpy,
  serializeNpy,
  parseNpz,
  serializeNpz,
  loadNpy,
  loadNpz,
  saveNpy,
  saveNpz,
  parseSafetensors,
  loadSafetensors,
  loadLayers,
  type NdArray,
  type NpyDType,
  type NpyDataTypes,
  type SerializeNpyOptions,
  type SerializeNpzOptions,
} from './io/index.js';
export { scratchMemory, setScratchMemoryLimit, type ScratchMemory } from './native/memory.js';
