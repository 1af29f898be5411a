/**
 * Loads the native addon once, picking the fastest build this CPU can run:
 * node-gyp-build finds the portable build (build/Release or prebuilds/), and
 * on x86-64 CPUs with AVX2 + FMA the `repsim_x86_64_v3.so` beside it is
 * loaded instead. `REPSIM_ISA=baseline` (or `x86-64-v3`) forces a choice.
 *
 * Also the one place where native errors become RepsimErrors.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

import { RepsimError, fromNativeError } from './errors.js';
import type { Matrix } from './matrix.js';
import { packageManifest } from './package.js';

/** What the loaded native build is. */
export interface NativeBuildInfo {
  /** `"baseline"` (portable) or `"x86-64-v3"` (AVX2 + FMA). */
  readonly isa: string;
  /** SIMD instruction sets Eigen uses in this build. */
  readonly simd: string;
  /** Eigen's version. */
  readonly eigen: string;
  /** Whether this CPU could run the x86-64-v3 build. */
  readonly cpuSupportsX86_64_v3: boolean;
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

/** A matrix with the name native error messages should use for it. @internal */
export interface NamedMatrix extends Matrix {
  readonly name?: string;
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
}

/** @internal */
export interface NativeCcaResult {
  rho: Float64Array;
  meanRho: number;
  r2: number;
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
}

/** Options of knnEntropy (see native/binding/entropy_binding.cc). @internal */
export interface NativeEntropyOptions {
  k?: number[];
  normalize?: 'max-norm' | 'none';
  projectDims?: number;
  seed?: number;
  threads?: number;
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
}

/** @internal */
export interface NativeConverterResult {
  ratio: number;
  loss: number;
  lambda: number;
}

/** Options of resample: a metric spec plus the resampling (see native/binding/bindings.hpp). @internal */
export type NativeResampleOptions = (NativeSimilarityOptions | (NativeCcaOptions & { metric: string })) & {
  family: 'cka' | 'cca';
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
export interface NativeComponentsRemoved extends Matrix {
  readonly data: Float64Array;
  readonly removedVariance: number;
}

/** A native function in its Sync (async = false) and Promise (async = true) forms. */
interface Dual<Args extends unknown[], R> {
  (...args: [...Args, false]): R;
  (...args: [...Args, true]): Promise<R>;
}

/** The addon's exports (see native/binding/addon.cc). @internal */
export interface NativeAddon {
  readonly buildInfo: NativeBuildInfo;
  scratchMemory(limitBytes?: number): { retainedBytes: number; limitBytes: number };
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
  knnEntropy: Dual<[Matrix, NativeEntropyOptions], NativeEntropyResult>;
  converterRatio: Dual<[Matrix, Matrix, NativeConverterOptions], NativeConverterResult>;
  resample: Dual<[Matrix, Matrix, NativeResampleOptions], NativeResampleResult>;
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

const VARIANT_FILE = 'repsim_x86_64_v3.so';

function loadVariant(file: string): NativeAddon {
  const module = { exports: {} as NativeAddon };
  process.dlopen(module, file);
  return module.exports;
}

function load(): NativeAddon {
  const requested = process.env.REPSIM_ISA ?? 'auto';
  if (!['auto', 'baseline', 'x86-64-v3'].includes(requested)) {
    throw new RepsimError('BAD_OPTION', `REPSIM_ISA must be auto, baseline or x86-64-v3, got '${requested}'`);
  }
  let basePath: string;
  let base: NativeAddon;
  try {
    basePath = nodeGypBuild.resolve(packageManifest().root);
    base = loadVariant(basePath);
  } catch (error) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `repsim's native addon could not be loaded (${(error as Error).message.split('\n')[0]}); ` +
        'reinstall, or build from source with Eigen installed (see README, "Building from source")',
      { cause: error },
    );
  }
  if (requested === 'baseline') return base;

  const variantPath = path.join(path.dirname(basePath), VARIANT_FILE);
  const usable = base.buildInfo.cpuSupportsX86_64_v3 && fs.existsSync(variantPath);
  if (requested === 'x86-64-v3' && !usable) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      base.buildInfo.cpuSupportsX86_64_v3
        ? `REPSIM_ISA=x86-64-v3 but ${variantPath} does not exist`
        : 'REPSIM_ISA=x86-64-v3 but this CPU lacks AVX2/FMA/F16C',
    );
  }
  return usable ? loadVariant(variantPath) : base;
}

let addon: NativeAddon | undefined;

/** The loaded addon (loaded on first use). @internal */
export function native(): NativeAddon {
  addon ??= load();
  return addon;
}

/** Runs a synchronous native call, converting its errors. @internal */
export function callSync<T>(call: (addon: NativeAddon) => T): T {
  const loaded = native();
  try {
    return call(loaded);
  } catch (error) {
    throw fromNativeError(error);
  }
}

/** Runs an asynchronous native call, converting its errors. @internal */
export async function callAsync<T>(call: (addon: NativeAddon) => Promise<T>): Promise<T> {
  const loaded = native();
  try {
    return await call(loaded);
  } catch (error) {
    throw fromNativeError(error);
  }
}
