/**
 * Si(l, r), the entropy + converter similarity of `docs/entropy-similarity.md`
 * §3, assembled in TypeScript from native pieces: each layer's kNN entropy
 * (per label when labels are given) is computed once, each needed converter
 * ratio once, then combined per (l, r):
 * - l < r: ratio(A_l → B_r) · H_B(r) / H_A(l);  l > r: ratio(B_r → A_l) · H_A(l) / H_B(r);
 * - l = r (not the last layer): `'lookahead'` averages ratio(A_l → B_{r+t}) over the deeper
 *   layers t = 1…T, likewise with A and B swapped, and takes the larger Si; `'direct'` uses
 *   ratio(A_l → B_r);
 * - l = r = the last (output) layer: prediction agreement · min(H_A, H_B) / max(H_A, H_B);
 * - every Si clipped to [0, 1]. Entropy ratios with labels are means of per-class ratios.
 */
import { RepsimError } from '../../base/errors.js';
import { rowsByLabel, selectRows } from '../../base/rows.js';
import { LayerMatrix } from '../../base/layer-matrix.js';
import { toLayers, type LayerInput } from '../../base/layers.js';
import { toMatrix, type Matrix, type MatrixInput } from '../../base/matrix.js';
import { CONVERTER_CHECKS, converterSpec } from './converter-ratio.js';
import { K_CHECK, PROJECT_CHECK } from './knn-entropy.js';
import type {
  NamedMatrix,
  NativeConverterOptions,
  NativeConverterResult,
  NativeEntropyOptions,
  NativeEntropyResult,
} from '../../native/addon.js';
import { dual, onAddon, runAsync, runSync, type Program } from '../../native/call.js';
import {
  boolean,
  integerIn,
  matrixLike,
  oneOf,
  readOptions,
  controlOf,
  type OptionCheck,
} from '../../base/options.js';

/** A layer of model A or B, by depth index (0 = first). */
export interface LayerRef {
  readonly model: 'A' | 'B';
  readonly layer: number;
}

/**
 * Converter results obtained elsewhere (e.g. converter networks trained in a
 * tfjs loop), per (source, target) pair, for {@link entropySimilarity} with
 * `converter: table`. A pair the assembly needs but the table lacks is a
 * `BAD_INPUT` error naming it; {@link EntropySimilarity.requiredPairs} lists them up front.
 */
export class ConverterTable {
  private readonly ratios = new Map<string, number>();

  /** Records ratio(from → to) ∈ [0, 1] (values outside are clipped). */
  setRatio(from: LayerRef, to: LayerRef, ratio: number): this {
    if (!Number.isFinite(ratio)) {
      throw new RepsimError(
        'BAD_INPUT',
        `ConverterTable: ratio for ${pairName(from, to)} is ${ratio}, expected a number`,
      );
    }
    this.ratios.set(pairKey(from, to), Math.min(1, Math.max(0, ratio)));
    return this;
  }

  /** Records a converter loss (‖Q − Q̂‖² / ‖Q − mean Q‖², clipped to [0, 1]); ratio = 1 − loss. */
  setLoss(from: LayerRef, to: LayerRef, loss: number): this {
    if (!Number.isFinite(loss)) {
      throw new RepsimError(
        'BAD_INPUT',
        `ConverterTable: loss for ${pairName(from, to)} is ${loss}, expected a number`,
      );
    }
    return this.setRatio(from, to, 1 - Math.min(1, Math.max(0, loss)));
  }

  /** The recorded ratio, if any. */
  ratio(from: LayerRef, to: LayerRef): number | undefined {
    return this.ratios.get(pairKey(from, to));
  }
}

function pairKey(from: LayerRef, to: LayerRef): string {
  return `${from.model}${from.layer}>${to.model}${to.layer}`;
}

function pairName(from: LayerRef, to: LayerRef): string {
  return `${from.model}[${from.layer}] → ${to.model}[${to.layer}]`;
}

/** Options of {@link entropySimilarity}. */
export interface EntropySimilarityOptions {
  /** Class labels, one per example: entropies are then estimated per class (docs/entropy-similarity.md §1). */
  readonly labels?: ArrayLike<number>;
  /** Outputs of A whose argmax is A's prediction (default: A's last layer). */
  readonly outputsA?: MatrixInput;
  /** Outputs of B whose argmax is B's prediction (default: B's last layer). */
  readonly outputsB?: MatrixInput;
  /** `'ridge'` (default): the built-in converter; or a {@link ConverterTable} of your own results. */
  readonly converter?: 'ridge' | ConverterTable;
  /** The built-in converter's ridge λ (as converterRatio's `ridge`); with `holdout` and `seed`. */
  readonly ridge?: 'auto' | number;
  readonly holdout?: number;
  readonly seed?: number;
  /** Same-depth pairs: `'lookahead'` (default, the method's rule) or `'direct'`. */
  readonly sameDepth?: 'lookahead' | 'direct';
  /** The most deeper layers averaged by `'lookahead'` (default: all). */
  readonly maxLookahead?: number;
  /** Also return Si_{A|B} and Si_{B|A}. Default false. */
  readonly asymmetric?: boolean;
  /** Neighbour orders of the entropy estimate (default [1, 2, 3]). */
  readonly k?: readonly number[];
  /** JL projection before the entropy estimate. */
  readonly project?: { readonly dims: number; readonly seed?: number };
  /** Threads for the native computations. */
  readonly threads?: number;
  /** The most memory (bytes) the native work may allocate; default 2 GiB (`MEMORY_LIMIT` above). */
  readonly maxMemoryBytes?: number;
  /** Stops the Promise form (see `ComputeOptions.signal`). */
  readonly signal?: AbortSignal;
  /** Progress of the Promise form (see `ComputeOptions.onProgress`). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The result of {@link entropySimilarity}. */
export interface EntropySimilarity {
  /** Si(l, r): rows are A's layers, columns B's; metric `'entropy-similarity'`. */
  readonly si: LayerMatrix;
  /** Share of the common information in A_l's (with `asymmetric`). */
  readonly siAgivenB?: LayerMatrix;
  /** Share of the common information in B_r's (with `asymmetric`). */
  readonly siBgivenA?: LayerMatrix;
  /** Each layer's entropy (nats, shifted, averaged over classes). */
  readonly entropiesA: Float64Array;
  readonly entropiesB: Float64Array;
  /** Added to every entropy so the smallest is 1 when any was negative; else 0. */
  readonly shift: number;
  /** Every converter ratio used. */
  readonly ratios: ReadonlyArray<{ readonly from: LayerRef; readonly to: LayerRef; readonly ratio: number }>;
  /** Prediction agreement of the two models (when their depths match). */
  readonly agreement?: number;
  /** The (source, target) pairs the assembly needed. */
  readonly requiredPairs: ReadonlyArray<{ readonly from: LayerRef; readonly to: LayerRef }>;
}

const CONVERTER_CHECK: OptionCheck = (value) =>
  value === 'ridge' || value instanceof ConverterTable ? undefined : "'ridge' or a ConverterTable";

interface Plan {
  readonly a: NamedMatrix[];
  readonly b: NamedMatrix[];
  readonly labelsA: string[] | undefined;
  readonly labelsB: string[] | undefined;
  readonly classes: number[][]; // row indices per class (one class: all rows)
  readonly entropyOptions: NativeEntropyOptions;
  readonly converter: 'ridge' | ConverterTable;
  readonly converterOptions: NativeConverterOptions;
  readonly sameDepth: 'lookahead' | 'direct';
  readonly maxLookahead: number;
  readonly asymmetric: boolean;
  readonly predictionsA: Matrix;
  readonly predictionsB: Matrix;
  readonly pairs: { from: LayerRef; to: LayerRef }[];
}

function lookaheadDepths(from: number, count: number, max: number): number[] {
  const out: number[] = [];
  for (let t = 1; t <= max && from + t < count; t++) out.push(from + t);
  return out;
}

function neededPairs(la: number, lb: number, sameDepth: 'lookahead' | 'direct', max: number) {
  const pairs = new Map<string, { from: LayerRef; to: LayerRef }>();
  const add = (from: LayerRef, to: LayerRef) => pairs.set(pairKey(from, to), { from, to });
  for (let l = 0; l < la; l++) {
    for (let r = 0; r < lb; r++) {
      if (l < r) add({ model: 'A', layer: l }, { model: 'B', layer: r });
      else if (l > r) add({ model: 'B', layer: r }, { model: 'A', layer: l });
      else if (l === la - 1 && r === lb - 1)
        continue; // output layers: agreement
      else {
        const ahead = sameDepth === 'lookahead' ? lookaheadDepths(r, lb, max) : [];
        const back = sameDepth === 'lookahead' ? lookaheadDepths(l, la, max) : [];
        ahead.forEach((t) => add({ model: 'A', layer: l }, { model: 'B', layer: t }));
        back.forEach((t) => add({ model: 'B', layer: r }, { model: 'A', layer: t }));
        if (ahead.length === 0 && back.length === 0) add({ model: 'A', layer: l }, { model: 'B', layer: r });
      }
    }
  }
  return [...pairs.values()];
}

function prepare(fn: string, layersA: LayerInput, layersB: LayerInput, options: unknown): Plan {
  const opts = readOptions<EntropySimilarityOptions>(fn, options, {
    labels: (v) =>
      typeof v === 'object' && v !== null && 'length' in v ? undefined : 'an array of class labels',
    outputsA: matrixLike,
    outputsB: matrixLike,
    converter: CONVERTER_CHECK,
    ridge: CONVERTER_CHECKS.ridge,
    holdout: CONVERTER_CHECKS.holdout,
    seed: CONVERTER_CHECKS.seed,
    sameDepth: oneOf('lookahead', 'direct'),
    maxLookahead: integerIn(1, 1 << 20),
    asymmetric: boolean,
    k: K_CHECK,
    project: PROJECT_CHECK,
    threads: CONVERTER_CHECKS.threads,
    maxMemoryBytes: CONVERTER_CHECKS.maxMemoryBytes,
    signal: CONVERTER_CHECKS.signal,
    onProgress: CONVERTER_CHECKS.onProgress,
  });
  const a = toLayers(layersA, 'layersA');
  const b = toLayers(layersB, 'layersB');
  const n = a.matrices[0]?.rows ?? 0;
  for (const m of [...a.matrices, ...b.matrices]) {
    if (m.rows !== n) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `${fn}: ${m.name ?? 'a layer'} has ${m.rows} rows but layersA[0] has ${n}`,
      );
    }
  }
  const classes = classRows(fn, opts.labels, n);
  const entropyOptions: NativeEntropyOptions = { k: [...(opts.k ?? [1, 2, 3])] };
  if (opts.project) {
    entropyOptions.projectDims = opts.project.dims;
    entropyOptions.seed = opts.project.seed ?? 0;
  }
  if (opts.threads !== undefined) entropyOptions.threads = opts.threads;
  if (opts.maxMemoryBytes !== undefined) entropyOptions.maxMemoryBytes = opts.maxMemoryBytes;
  const sameDepth = opts.sameDepth ?? 'lookahead';
  const maxLookahead = opts.maxLookahead ?? Number.MAX_SAFE_INTEGER;
  const predictionsA = opts.outputsA ? toMatrix(opts.outputsA, 'outputsA') : (a.matrices.at(-1) as Matrix);
  const predictionsB = opts.outputsB ? toMatrix(opts.outputsB, 'outputsB') : (b.matrices.at(-1) as Matrix);
  return {
    a: a.matrices,
    b: b.matrices,
    labelsA: a.labels,
    labelsB: b.labels,
    classes,
    entropyOptions,
    converter: opts.converter ?? 'ridge',
    converterOptions: converterSpec(opts),
    sameDepth,
    maxLookahead,
    asymmetric: opts.asymmetric ?? false,
    predictionsA,
    predictionsB,
    pairs: neededPairs(a.matrices.length, b.matrices.length, sameDepth, maxLookahead),
  };
}

function classRows(fn: string, labels: ArrayLike<number> | undefined, n: number): number[][] {
  if (labels === undefined) return [Array.from({ length: n }, (_, i) => i)];
  return [...rowsByLabel(fn, labels, n).values()];
}

/** One entropy job per (layer, class): the last layer of each model unnormalised (docs/entropy-similarity.md §1). */
function entropyJobs(p: Plan) {
  const jobs: { matrix: NamedMatrix; options: NativeEntropyOptions }[] = [];
  for (const layers of [p.a, p.b]) {
    layers.forEach((m, index) => {
      const normalize = index === layers.length - 1 ? 'none' : 'max-norm';
      for (const rows of p.classes)
        jobs.push({ matrix: selectRows(m, rows), options: { ...p.entropyOptions, normalize } });
    });
  }
  return jobs;
}

function layerOf(p: Plan, ref: LayerRef): NamedMatrix {
  return (ref.model === 'A' ? p.a : p.b)[ref.layer] as NamedMatrix;
}

function tableRatio(table: ConverterTable, from: LayerRef, to: LayerRef): number {
  const ratio = table.ratio(from, to);
  if (ratio === undefined) {
    throw new RepsimError(
      'BAD_INPUT',
      `entropySimilarity: the ConverterTable has no result for ${pairName(from, to)}, which Si needs; ` +
        'record it with setRatio or setLoss (result.requiredPairs lists every pair needed)',
    );
  }
  return ratio;
}

function argmaxAgreement(x: Matrix, y: Matrix): number {
  if (x.rows !== y.rows) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `entropySimilarity: the outputs have ${x.rows} and ${y.rows} rows`,
    );
  }
  const argmax = (m: Matrix, i: number) => {
    let best = 0;
    for (let j = 1; j < m.cols; j++)
      if ((m.data[i * m.cols + j] ?? 0) > (m.data[i * m.cols + best] ?? 0)) best = j;
    return best;
  };
  let same = 0;
  for (let i = 0; i < x.rows; i++) if (argmax(x, i) === argmax(y, i)) same++;
  return same / x.rows;
}

const clip = (v: number) => Math.min(1, Math.max(0, v));

/**
 * Si(l, r) written once for both forms: every entropy job at once (the Promise
 * form runs them together), then each built-in converter one after another.
 */
function* similarityProgram(
  fn: string,
  layersA: LayerInput,
  layersB: LayerInput,
  options: unknown,
): Program<EntropySimilarity> {
  const p = prepare(fn, layersA, layersB, options);
  const results = (yield entropyJobs(p).map((j) =>
    onAddon((addon, async) => dual(addon.knnEntropy, async, j.matrix, j.options)),
  )) as NativeEntropyResult[];
  const ratios = new Map<string, number>();
  for (const { from, to } of p.pairs) {
    if (p.converter === 'ridge') {
      const [r] = (yield [
        onAddon((addon, async) =>
          dual(addon.converterRatio, async, layerOf(p, from), layerOf(p, to), p.converterOptions),
        ),
      ]) as [NativeConverterResult];
      ratios.set(pairKey(from, to), r.ratio);
    } else {
      ratios.set(pairKey(from, to), tableRatio(p.converter, from, to));
    }
  }
  return assemble(
    p,
    results.map((r) => r.entropy),
    ratios,
  );
}

function assemble(p: Plan, entropies: number[], ratios: Map<string, number>): EntropySimilarity {
  // Shift (docs/entropy-similarity.md §1): over every entropy of the analysis, all layers, all classes.
  const min = Math.min(...entropies);
  const shift = min < 0 ? 1 - min : 0;
  const c = p.classes.length;
  const perClass = (model: 'A' | 'B', layer: number) => {
    const offset = ((model === 'A' ? 0 : p.a.length) + layer) * c;
    return entropies.slice(offset, offset + c).map((h) => h + shift);
  };
  // H_target / H_source as the mean over classes of per-class ratios.
  const hRatio = (num: LayerRef, den: LayerRef) => {
    const top = perClass(num.model, num.layer);
    const bottom = perClass(den.model, den.layer);
    return top.reduce((s, h, i) => s + h / (bottom[i] ?? NaN), 0) / c;
  };
  const mean = (hs: number[]) => hs.reduce((s, h) => s + h, 0) / hs.length;
  const ratio = (from: LayerRef, to: LayerRef) => ratios.get(pairKey(from, to)) ?? NaN;
  const la = p.a.length;
  const lb = p.b.length;
  const si = new Float64Array(la * lb);
  const aGivenB = new Float64Array(la * lb);
  const bGivenA = new Float64Array(la * lb);
  let agreement: number | undefined;
  for (let l = 0; l < la; l++) {
    for (let r = 0; r < lb; r++) {
      const A = { model: 'A', layer: l } as const;
      const B = { model: 'B', layer: r } as const;
      let value: number;
      let shareA: number;
      let shareB: number;
      if (l < r) {
        const q = ratio(A, B);
        value = shareA = q * hRatio(B, A);
        shareB = q;
      } else if (l > r) {
        const q = ratio(B, A);
        value = shareB = q * hRatio(A, B);
        shareA = q;
      } else if (l === la - 1 && r === lb - 1) {
        agreement = argmaxAgreement(p.predictionsA, p.predictionsB);
        const ha = mean(perClass('A', l));
        const hb = mean(perClass('B', r));
        value = shareA = shareB = (agreement * Math.min(ha, hb)) / Math.max(ha, hb);
      } else {
        const ahead = p.sameDepth === 'lookahead' ? lookaheadDepths(r, lb, p.maxLookahead) : [];
        const back = p.sameDepth === 'lookahead' ? lookaheadDepths(l, la, p.maxLookahead) : [];
        const cAB =
          ahead.length > 0 || back.length > 0
            ? ahead.length > 0
              ? mean(ahead.map((t) => ratio(A, { model: 'B', layer: t })))
              : undefined
            : ratio(A, B);
        const cBA = back.length > 0 ? mean(back.map((t) => ratio(B, { model: 'A', layer: t }))) : undefined;
        const siAB = cAB === undefined ? 0 : cAB * hRatio(B, A);
        const siBA = cBA === undefined ? 0 : cBA * hRatio(A, B);
        value = Math.max(siAB, siBA);
        shareA = cAB === undefined ? siBA : siAB;
        shareB = cBA === undefined ? siAB : siBA;
      }
      si[l * lb + r] = clip(value);
      aGivenB[l * lb + r] = clip(shareA);
      bGivenA[l * lb + r] = clip(shareB);
    }
  }
  const matrix = (values: Float64Array, metric: string) =>
    new LayerMatrix({ metric, rows: la, cols: lb, values, labelsA: p.labelsA, labelsB: p.labelsB });
  const layerEntropies = (model: 'A' | 'B', count: number) =>
    Float64Array.from({ length: count }, (_, i) => mean(perClass(model, i)));
  return {
    si: matrix(si, 'entropy-similarity'),
    ...(p.asymmetric
      ? {
          siAgivenB: matrix(aGivenB, 'entropy-similarity-a|b'),
          siBgivenA: matrix(bGivenA, 'entropy-similarity-b|a'),
        }
      : {}),
    entropiesA: layerEntropies('A', la),
    entropiesB: layerEntropies('B', lb),
    shift,
    ratios: p.pairs.map(({ from, to }) => ({ from, to, ratio: ratio(from, to) })),
    ...(agreement === undefined ? {} : { agreement }),
    requiredPairs: p.pairs,
  };
}

/**
 * Si(l, r) for every layer l of model A and r of model B, computed with the
 * native pieces off the main thread (see the module description for the rules).
 *
 * @param layersA - A's layers in depth order (the last is the output layer), rows = the same examples throughout
 * @param layersB - B's layers in depth order
 * @param options - see {@link EntropySimilarityOptions}
 * @returns Si as a {@link LayerMatrix}, the (shifted) entropies, the converter ratios used
 * @throws RepsimError `BAD_INPUT` (e.g. a pair missing from a ConverterTable), `SHAPE_MISMATCH`,
 *   `TOO_FEW_SAMPLES`, `NON_FINITE`, `ZERO_VARIANCE`, `OUT_OF_RANGE`, `BAD_OPTION`
 */
export async function entropySimilarity(
  layersA: LayerInput,
  layersB: LayerInput,
  options?: EntropySimilarityOptions,
): Promise<EntropySimilarity> {
  return runAsync(
    similarityProgram('entropySimilarity', layersA, layersB, options),
    Infinity,
    controlOf(options),
  );
}

/** {@link entropySimilarity} on the calling thread. @throws RepsimError as {@link entropySimilarity} */
export function entropySimilaritySync(
  layersA: LayerInput,
  layersB: LayerInput,
  options?: EntropySimilarityOptions,
): EntropySimilarity {
  return runSync(similarityProgram('entropySimilaritySync', layersA, layersB, options));
}
