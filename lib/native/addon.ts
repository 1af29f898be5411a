/**
 * The addon's exports as TypeScript sees them, one to one with
 * native/binding/addon.cc: the functions, their options and their results.
 * Types only (and the list of builds); loading is load.ts, calling call.ts.
 */
import type { Matrix, NamedMatrix } from '../base/matrix.js';

export type { NamedMatrix };

/** The native builds, fastest first. */
export const NATIVE_VARIANTS = ['x86-64-v4', 'x86-64-v3', 'baseline'] as const;

/** One native build: the instruction-set level it was compiled for. */
export type NativeVariant = (typeof NATIVE_VARIANTS)[number];

/** What the loaded native build is. */
export interface NativeBuildInfo {
  /** `"baseline"` (portable), `"x86-64-v3"` (AVX2 + FMA) or `"x86-64-v4"` (AVX-512). */
  readonly isa: NativeVariant;
  /** SIMD instruction sets Eigen uses in this build. */
  readonly simd: string;
  /** Eigen's version. */
  readonly eigen: string;
  /** Whether this CPU could run the x86-64-v3 build. */
  readonly cpuSupportsX86_64_v3: boolean;
  /** Whether this CPU (and OS) could run the x86-64-v4 build. */
  readonly cpuSupportsX86_64_v4: boolean;
}

/** Options every native similarity function reads (see native/binding/similarity_options.hpp). @internal */
export interface NativeSimilarityOptions {
  kernel?: 'linear' | 'rbf' | 'polynomial';
  threshold?: number;
  sigma?: number;
  degree?: number;
  gamma?: number;
  coef0?: number;
  debiased?: boolean;
  form?: 'auto' | 'feature' | 'gram';
  threads?: number;
  maxMemoryBytes?: number;
}

/** @internal */
export interface NativeLinearCkaResult {
  value: number;
  form: 'feature' | 'gram';
}

/** A row-major matrix of results. @internal */
export interface NativeMatrixResult {
  values: Float64Array;
  rows: number;
  cols: number;
  form: 'auto' | 'feature' | 'gram';
}

/** Options of the CCA family (see native/binding/cca_options.hpp). @internal */
export interface NativeCcaOptions {
  epsilon?: number;
  allowUnderdetermined?: boolean;
  threads?: number;
  maxMemoryBytes?: number;
  keep?: 'variance' | 'energy' | 'dims';
  keepValue?: number;
  weights?: 'paper' | 'svcca-repo';
  threshold?: number;
}

/** @internal */
export interface NativeCcaResult {
  rho: Float64Array;
  meanRho: number;
  r2: number;
  thresholdMeanRho: number;
  dimsX: number;
  dimsY: number;
}

/** A conv feature map in NHWC order: rows = examples, cols = h·w·c. @internal */
export interface NativeFeatureMap extends Matrix {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** @internal */
export interface NativeFourierCcaResult extends NativeCcaResult {
  frequencyMeanRho: Float64Array;
  frequencyHeight: number;
  frequencyWidth: number;
}

/** @internal */
export interface NativePwccaResult {
  similarity: number;
  distance: number;
  rho: Float64Array;
  weights: Float64Array;
}

/** @internal */
export interface NativeProcrustesResult {
  distance: number;
  similarity: number;
  angular: number;
}

/** Options of knnEntropy (see native/binding/entropy_binding.cc). @internal */
export interface NativeEntropyOptions {
  k?: number[];
  normalize?: 'max-norm' | 'none';
  projectDims?: number;
  seed?: number;
  threads?: number;
  maxMemoryBytes?: number;
}

/** @internal */
export interface NativeEntropyResult {
  entropy: number;
  perK: Float64Array;
  flooredRows: number;
}

/** @internal */
export interface NativeConverterOptions {
  lambda?: number;
  holdout?: number;
  seed?: number;
  threads?: number;
  maxMemoryBytes?: number;
}

/** @internal */
export interface NativeConverterResult {
  ratio: number;
  loss: number;
  lambda: number;
}

/** A measure of the native measure table by name, with its options (native/binding/measure_options.hpp). @internal */
export interface NativeMeasureOptions {
  measure: string;
  threads?: number;
  maxMemoryBytes?: number;
  alpha?: number;
  distance?: 'angular' | 'euclidean';
  lambda?: number;
  t?: number;
  inner?: 'correlation' | 'cosine' | 'euclidean';
  outer?: 'spearman' | 'kendall' | 'pearson';
  norm?: 'spectral' | 'frobenius';
  k?: number;
  normalize?: boolean;
}

/** Options of resample: a metric spec plus the resampling (see native/binding/bindings.hpp). @internal */
export type NativeResampleOptions = (
  NativeSimilarityOptions | (NativeCcaOptions & { metric: string }) | NativeMeasureOptions
) & {
  family: 'cka' | 'cca' | 'measure';
  kind: 'permutation' | 'bootstrap';
  count: number;
  seed: number;
};

/** @internal */
export interface NativeResampleResult {
  value: number;
  values: Float64Array;
  route: 'feature' | 'gram' | 'whitened' | 'recompute';
}

/** @internal */
export interface NativeLayerResampleResult {
  rows: number;
  cols: number;
  /** Per cell, row-major. */
  value: Float64Array;
  /** Cell by cell: `count` values each. */
  values: Float64Array;
  routes: NativeResampleResult['route'][];
  gramsBuilt: number;
}

/** @internal */
export interface NativeComponentsRemoved extends Matrix {
  readonly data: Float64Array;
  readonly removedVariance: number;
}

/**
 * A native function in its Sync (last argument false) and Promise (true, or a
 * cancel id for {@link NativeAddon.cancel}) forms. @internal
 */
export interface Dual<Args extends unknown[], R> {
  (...args: [...Args, false]): R;
  (...args: [...Args, true | number]): Promise<R>;
}

/** The addon's exports (see native/binding/addon.cc). @internal */
export interface NativeAddon {
  readonly buildInfo: NativeBuildInfo;
  scratchMemory(limitBytes?: number): { retainedBytes: number; limitBytes: number };
  /** Cancels the Promise call started with this cancel id, if it is still running. */
  cancel(id: number): void;
  /** Cancels every Promise call of this thread still running. */
  cancelAll(): void;
  /** [units done, units in all] of the Promise call with this cancel id, while it runs. */
  progress(id: number): [number, number] | undefined;
  linearCka: Dual<[Matrix, Matrix, NativeSimilarityOptions], NativeLinearCkaResult>;
  kernelCka: Dual<[Matrix, Matrix, NativeSimilarityOptions], number>;
  ckaFromGrams: Dual<[Matrix, Matrix, NativeSimilarityOptions], number>;
  layerSimilarity: Dual<[readonly NamedMatrix[], NativeSimilarityOptions], NativeMatrixResult>;
  minibatchHsic: Dual<[readonly NamedMatrix[], NativeSimilarityOptions], NativeMatrixResult>;
  cca: Dual<[Matrix, Matrix, NativeCcaOptions], NativeCcaResult>;
  svcca: Dual<[Matrix, Matrix, NativeCcaOptions], NativeCcaResult>;
  pwcca: Dual<[Matrix, Matrix, NativeCcaOptions], NativePwccaResult>;
  procrustes: Dual<[Matrix, Matrix, NativeCcaOptions], NativeProcrustesResult>;
  layerCca: Dual<[readonly NamedMatrix[], NativeCcaOptions & { metric: string }], NativeMatrixResult>;
  measure: Dual<[Matrix, Matrix, NativeMeasureOptions], number>;
  layerMeasure: Dual<
    [readonly NamedMatrix[], NativeMeasureOptions & { rowsA: number; within: boolean }],
    NativeMatrixResult
  >;
  knnEntropy: Dual<[Matrix, NativeEntropyOptions], NativeEntropyResult>;
  converterRatio: Dual<[Matrix, Matrix, NativeConverterOptions], NativeConverterResult>;
  resample: Dual<[Matrix, Matrix, NativeResampleOptions], NativeResampleResult>;
  resampleLayers: Dual<
    [readonly NamedMatrix[], NativeResampleOptions & { rowsA: number; within: boolean }],
    NativeLayerResampleResult
  >;
  resampleIndices(
    kind: 'permutation' | 'bootstrap',
    n: number,
    seed: number,
    first: number,
    count: number,
  ): Uint32Array;
  withoutPrincipalComponents: Dual<
    [Matrix, { drop: number; threads?: number; maxMemoryBytes?: number }],
    NativeComponentsRemoved
  >;
  fourierCca: Dual<[NativeFeatureMap, NativeFeatureMap, NativeCcaOptions], NativeFourierCcaResult>;
}
