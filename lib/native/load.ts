/**
 * Loads the native addon once, picking the fastest build this CPU can run.
 * node-gyp-build finds `repsim_cpu.node` (in build/Release or prebuilds/; in
 * prebuilds it is named `repsim.node`), a tiny portable module that only says
 * which instruction sets the CPU and OS support. The builds beside it,
 * `repsim_<isa>.so`, are the numerical core compiled per instruction-set level;
 * the fastest one present that the CPU runs is loaded (a source install has
 * only the one for its machine; prebuilds have all). `REPSIM_ISA=baseline`,
 * `x86-64-v3` or `x86-64-v4` forces a choice.
 *
 * Also the one place where native errors become RepsimErrors.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

import { RepsimError, fromNativeError } from '../base/errors.js';
import type { Matrix, NamedMatrix } from '../base/matrix.js';
import { packageManifest } from '../base/package.js';

export type { NamedMatrix };

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

/** A native function in its Sync (async = false) and Promise (async = true) forms. @internal */
export interface Dual<Args extends unknown[], R> {
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

/** The native builds, fastest first. */
export const NATIVE_VARIANTS = ['x86-64-v4', 'x86-64-v3', 'baseline'] as const;

/** One native build: the instruction-set level it was compiled for. */
export type NativeVariant = (typeof NATIVE_VARIANTS)[number];

/** What the CPU probe (native/binding/cpu_probe.cc) reports. @internal */
export interface CpuSupport {
  readonly x86_64_v3: boolean;
  readonly x86_64_v4: boolean;
}

/** What a loaded build reports about the CPU, as {@link CpuSupport}. @internal */
export function cpuSupportOf(info: NativeBuildInfo): CpuSupport {
  return { x86_64_v3: info.cpuSupportsX86_64_v3, x86_64_v4: info.cpuSupportsX86_64_v4 };
}

/** The file a variant is built into, e.g. `repsim_x86_64_v4.so`. @internal */
export function variantFile(variant: NativeVariant): string {
  return `repsim_${variant.replace(/-/g, '_')}.so`;
}

/** Whether a CPU with `cpu`'s support can run `variant`. @internal */
export function cpuRuns(variant: NativeVariant, cpu: CpuSupport): boolean {
  if (variant === 'x86-64-v4') return cpu.x86_64_v4;
  if (variant === 'x86-64-v3') return cpu.x86_64_v3;
  return true;
}

/** `REPSIM_ISA`'s value checked: `'auto'` or a variant. @throws RepsimError `BAD_OPTION` */
function requestedVariant(requested: string): NativeVariant | 'auto' {
  if (requested === 'auto') return 'auto';
  const variant = NATIVE_VARIANTS.find((v) => v === requested);
  if (variant) return variant;
  throw new RepsimError(
    'BAD_OPTION',
    `REPSIM_ISA must be auto, ${NATIVE_VARIANTS.join(', ')}, got '${requested}'`,
  );
}

/**
 * The build to load: the one `requested` names (`REPSIM_ISA`), or with
 * `'auto'` the fastest of `present` that the CPU runs. Never a build the CPU
 * cannot run, since loading one would die on an illegal instruction.
 * @throws RepsimError `BAD_OPTION` for an unknown name, `NATIVE_UNAVAILABLE`
 *   when the build is missing or the CPU cannot run it
 * @internal
 */
export function pickVariant(
  requested: string,
  present: readonly NativeVariant[],
  cpu: CpuSupport,
  where = 'the build folder',
): NativeVariant {
  const variant = requestedVariant(requested);
  if (variant === 'auto') {
    const runnable = NATIVE_VARIANTS.find((v) => present.includes(v) && cpuRuns(v, cpu));
    if (runnable) return runnable;
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `no native build in ${where} runs on this CPU (present: ${present.join(', ') || 'none'}); ` +
        'rebuild for this machine with "npm rebuild repsim"',
    );
  }
  if (!cpuRuns(variant, cpu)) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `REPSIM_ISA=${variant} but this CPU lacks ` +
        (variant === 'x86-64-v4' ? 'AVX-512 F/BW/DQ/VL (or the OS does not enable it)' : 'AVX2/FMA/F16C'),
    );
  }
  if (!present.includes(variant)) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `REPSIM_ISA=${variant} but ${where} has no ${variantFile(variant)} ` +
        `(present: ${present.join(', ') || 'none'}); build it with REPSIM_BUILD_VARIANTS=${variant} npm rebuild repsim`,
    );
  }
  return variant;
}

function loadModule<T>(file: string): T {
  const module = { exports: {} as T };
  process.dlopen(module, file);
  return module.exports;
}

function unavailable(error: unknown): RepsimError {
  return new RepsimError(
    'NATIVE_UNAVAILABLE',
    `repsim's native addon could not be loaded (${(error as Error).message.split('\n')[0]}); ` +
      'reinstall, or build from source with Eigen installed (see README, "Building from source")',
    { cause: error },
  );
}

function load(): NativeAddon {
  // Checked before anything is loaded, so a bad value is reported as such.
  const requested = requestedVariant(process.env.REPSIM_ISA ?? 'auto');
  let probePath: string;
  let cpu: CpuSupport;
  try {
    probePath = nodeGypBuild.resolve(packageManifest().root);
    cpu = loadModule<CpuSupport>(probePath);
  } catch (error) {
    throw unavailable(error);
  }
  const dir = path.dirname(probePath);
  const present = NATIVE_VARIANTS.filter((v) => fs.existsSync(path.join(dir, variantFile(v))));
  const variant = pickVariant(requested, present, cpu, dir);
  try {
    return loadModule<NativeAddon>(path.join(dir, variantFile(variant)));
  } catch (error) {
    throw unavailable(error);
  }
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
