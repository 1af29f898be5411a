/**
 * Minibatch CKA (Nguyen, Raghu & Kornblith 2021): linear CKA over datasets
 * too large for one pass, from the unbiased HSIC estimator (Song et al. 2012)
 * of every pair of layers on each minibatch, summed over batches:
 *   CKA(a, b) = Σ HSIC₁(K_a, K_b) / sqrt(Σ HSIC₁(K_a, K_a) · Σ HSIC₁(K_b, K_b)).
 * The native core computes each batch's HSIC₁ matrix; this class keeps the
 * sums. Memory does not grow with the number of examples, and two
 * accumulators built on disjoint shards merge into the one a single pass over
 * all batches would give (sums are order-independent up to rounding).
 */
import { RepsimError } from '../../base/errors.js';
import { LayerMatrix } from '../../base/layer-matrix.js';
import { toLayers, type LayerInput } from '../../base/layers.js';
import type { NamedMatrix, NativeMatrixResult } from '../../native/addon.js';
import { dual, onAddon, runAsync, runSync, type Program } from '../../native/call.js';
import { readOptions } from '../../base/options.js';
import { COMPUTE_CHECKS } from '../similarity-options.js';

/** Options of the {@link StreamingCKA} constructor. */
export interface StreamingCKAOptions {
  /** Threads for each batch's native computation (default: every core). */
  readonly threads?: number;
  /** The most memory (bytes) one batch's native work may allocate; default 2 GiB. */
  readonly maxMemoryBytes?: number;
}

/** The JSON form of a {@link StreamingCKA}: everything needed to resume or merge it. */
export interface StreamingCKAState {
  readonly format: 'repsim.StreamingCKA';
  readonly version: 1;
  /** `'between'`: layers of A against layers of B; `'within'`: A's layers against each other. */
  readonly mode: 'between' | 'within';
  /** Features per layer of A and of B (B absent within a model). */
  readonly featuresA: number[];
  readonly featuresB?: number[];
  readonly labelsA?: string[];
  readonly labelsB?: string[];
  readonly batches: number;
  readonly examples: number;
  /** Σ HSIC₁(A_i, B_j), row-major (A_i, A_j within a model). */
  readonly cross: number[];
  /** Σ HSIC₁(A_i, A_i) and Σ HSIC₁(B_j, B_j). */
  readonly selfA: number[];
  readonly selfB?: number[];
}

interface Shape {
  mode: 'between' | 'within';
  featuresA: number[];
  featuresB: number[] | undefined;
  labelsA: string[] | undefined;
  labelsB: string[] | undefined;
}

/** Accumulates minibatch CKA between the layers of two models (or within one). */
export class StreamingCKA {
  private readonly threads: number | undefined;
  private readonly maxMemoryBytes: number | undefined;
  private shape: Shape | undefined;
  private cross = new Float64Array(0);
  private selfA = new Float64Array(0);
  private selfB = new Float64Array(0);
  private batchCount = 0;
  private exampleCount = 0;

  /** @throws RepsimError `BAD_OPTION` */
  constructor(options?: StreamingCKAOptions) {
    const opts = readOptions<StreamingCKAOptions>('StreamingCKA', options, {
      threads: COMPUTE_CHECKS.threads,
      maxMemoryBytes: COMPUTE_CHECKS.maxMemoryBytes,
    });
    this.threads = opts.threads;
    this.maxMemoryBytes = opts.maxMemoryBytes;
  }

  /** Batches added so far (merged ones included). */
  get batches(): number {
    return this.batchCount;
  }

  /** Examples seen so far (merged ones included). */
  get examples(): number {
    return this.exampleCount;
  }

  /**
   * Adds one minibatch: the same examples (at least 4) through every layer of
   * A, and of B when comparing two models. The first batch fixes the layers
   * (count, features, names); later ones must match.
   * @throws RepsimError as {@link linearCKA}, and `SHAPE_MISMATCH` when a batch does not match the first
   */
  update(layersA: LayerInput, layersB?: LayerInput): this {
    return runSync(this.updateProgram(layersA, layersB));
  }

  /** {@link update} off the main thread. */
  async updateAsync(layersA: LayerInput, layersB?: LayerInput): Promise<this> {
    return runAsync(this.updateProgram(layersA, layersB));
  }

  /** One minibatch, for both forms: its HSIC terms natively, then added. */
  private *updateProgram(layersA: LayerInput, layersB: LayerInput | undefined): Program<this> {
    const { matrices, shape } = this.batch(layersA, layersB);
    const options = this.nativeOptions();
    const [hsic] = (yield [
      onAddon((addon, async) => dual(addon.minibatchHsic, async, matrices, options)),
    ]) as [NativeMatrixResult];
    return this.add(hsic, shape, matrices[0]?.rows ?? 0);
  }

  /**
   * Adds another accumulator's batches (built on other examples, e.g. another
   * shard or process). `other` is not changed.
   * @throws RepsimError `SHAPE_MISMATCH` when the two saw different layers
   */
  merge(other: StreamingCKA): this {
    if (other.shape === undefined) return this;
    this.ensureShape(other.shape, 'merge');
    add(this.cross, other.cross);
    add(this.selfA, other.selfA);
    add(this.selfB, other.selfB);
    this.batchCount += other.batchCount;
    this.exampleCount += other.exampleCount;
    return this;
  }

  /**
   * Merges shard states by shard id, for runs that compute shards in other
   * processes or machines (at-least-once job queues, Kubernetes Indexed Jobs,
   * Slurm arrays). The states are folded in sorted id order, so the result
   * is bit-identical whatever order the shards finished or are listed in;
   * an id given twice is an error (a shard counted twice would be silently
   * wrong), and with `expected` every expected id must be present and no
   * other.
   *
   * @param shards - `[id, state]` pairs (a Map, or an array of pairs); a state is a
   *   StreamingCKA or its {@link toJSON} output
   * @param options - `expected`: the ids the run must have; and the new accumulator's options
   * @throws RepsimError `BAD_INPUT` for a duplicated, missing or unexpected id (named),
   *   or an invalid state; `SHAPE_MISMATCH` when shards saw different layers
   *
   * @example
   * ```ts
   * const states = new Map(files.map((f) => [path.basename(f, '.json'), JSON.parse(fs.readFileSync(f, 'utf8'))]));
   * const total = StreamingCKA.mergeKeyed(states, { expected: ids });
   * ```
   */
  static mergeKeyed(
    shards: Iterable<readonly [string, StreamingCKA | StreamingCKAState]>,
    options?: StreamingCKAOptions & { readonly expected?: Iterable<string> },
  ): StreamingCKA {
    const { expected, ...accumulatorOptions } = options ?? {};
    const byId = new Map<string, StreamingCKA | StreamingCKAState>();
    for (const entry of shards as Iterable<unknown>) {
      const [id, state] = Array.isArray(entry) ? (entry as [unknown, unknown]) : [undefined, undefined];
      if (typeof id !== 'string' || id === '') {
        throw new RepsimError(
          'BAD_INPUT',
          'StreamingCKA.mergeKeyed: each shard must be an [id, state] pair with a non-empty string id',
        );
      }
      if (byId.has(id))
        throw new RepsimError('BAD_INPUT', `StreamingCKA.mergeKeyed: shard '${id}' is given twice`);
      byId.set(id, state as StreamingCKA | StreamingCKAState);
    }
    if (expected !== undefined) {
      const want = new Set(expected);
      const missing = [...want].filter((id) => !byId.has(id)).sort();
      const extra = [...byId.keys()].filter((id) => !want.has(id)).sort();
      if (missing.length > 0 || extra.length > 0) {
        throw new RepsimError(
          'BAD_INPUT',
          `StreamingCKA.mergeKeyed: ${[
            missing.length > 0 ? `missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
            extra.length > 0 ? `unexpected shard${extra.length > 1 ? 's' : ''} ${extra.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')}`,
        );
      }
    }
    const merged = new StreamingCKA(accumulatorOptions);
    // Code-unit order: the same everywhere, whatever the locale.
    for (const id of [...byId.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const state = byId.get(id);
      let shard: StreamingCKA;
      try {
        shard = state instanceof StreamingCKA ? state : StreamingCKA.fromJSON(state);
      } catch (error) {
        throw new RepsimError(
          'BAD_INPUT',
          `StreamingCKA.mergeKeyed: shard '${id}': ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      try {
        merged.merge(shard);
      } catch (error) {
        if (!(error instanceof RepsimError)) throw error;
        throw new RepsimError(error.code, `StreamingCKA.mergeKeyed: shard '${id}': ${error.message}`, {
          cause: error,
        });
      }
    }
    return merged;
  }

  /**
   * The minibatch CKA matrix so far (metric `'minibatch-cka'`).
   * @throws RepsimError `TOO_FEW_SAMPLES` before any batch; `ZERO_VARIANCE` for a layer
   *   whose summed HSIC with itself is not positive
   */
  value(): LayerMatrix {
    const shape = this.shape;
    if (shape === undefined) {
      throw new RepsimError('TOO_FEW_SAMPLES', 'StreamingCKA.value: no batches yet; call update() first');
    }
    const rows = shape.featuresA.length;
    const cols = shape.mode === 'within' ? rows : (shape.featuresB ?? []).length;
    const selfB = shape.mode === 'within' ? this.selfA : this.selfB;
    const norm = (self: Float64Array, i: number, side: string, labels: string[] | undefined) => {
      const v = self[i] ?? 0;
      if (!(v > 0)) {
        throw new RepsimError(
          'ZERO_VARIANCE',
          `StreamingCKA: layer ${labels?.[i] ?? i} of ${side} has a summed HSIC with itself of ${v}, so CKA is undefined (constant layer, or too few examples per batch)`,
        );
      }
      return Math.sqrt(v);
    };
    const values = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        values[i * cols + j] =
          shape.mode === 'within' && i === j
            ? 1
            : (this.cross[i * cols + j] ?? 0) /
              (norm(this.selfA, i, 'A', shape.labelsA) * norm(selfB, j, 'B', shape.labelsB));
      }
    }
    return new LayerMatrix({
      metric: 'minibatch-cka',
      rows,
      cols,
      values,
      labelsA: shape.labelsA,
      labelsB: shape.mode === 'within' ? shape.labelsA : shape.labelsB,
    });
  }

  /** The state as a plain, JSON-serialisable object. */
  toJSON(): StreamingCKAState {
    const shape = this.shape ?? {
      mode: 'between',
      featuresA: [],
      featuresB: undefined,
      labelsA: undefined,
      labelsB: undefined,
    };
    return {
      format: 'repsim.StreamingCKA',
      version: 1,
      mode: shape.mode,
      featuresA: shape.featuresA,
      ...(shape.featuresB ? { featuresB: shape.featuresB } : {}),
      ...(shape.labelsA ? { labelsA: shape.labelsA } : {}),
      ...(shape.labelsB ? { labelsB: shape.labelsB } : {}),
      batches: this.batchCount,
      examples: this.exampleCount,
      cross: Array.from(this.cross),
      selfA: Array.from(this.selfA),
      ...(shape.mode === 'between' ? { selfB: Array.from(this.selfB) } : {}),
    };
  }

  /**
   * Restores an accumulator from {@link toJSON}'s output (or its JSON text, parsed).
   * @throws RepsimError `BAD_INPUT` for anything that is not a valid state
   */
  static fromJSON(state: unknown, options?: StreamingCKAOptions): StreamingCKA {
    const s = validateState(state);
    const restored = new StreamingCKA(options);
    if (s.featuresA.length > 0) {
      restored.shape = {
        mode: s.mode,
        featuresA: [...s.featuresA],
        featuresB: s.featuresB ? [...s.featuresB] : undefined,
        labelsA: s.labelsA ? [...s.labelsA] : undefined,
        labelsB: s.labelsB ? [...s.labelsB] : undefined,
      };
      restored.cross = Float64Array.from(s.cross);
      restored.selfA = Float64Array.from(s.selfA);
      restored.selfB = Float64Array.from(s.selfB ?? []);
    }
    restored.batchCount = s.batches;
    restored.exampleCount = s.examples;
    return restored;
  }

  private nativeOptions() {
    return {
      ...(this.threads === undefined ? {} : { threads: this.threads }),
      ...(this.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: this.maxMemoryBytes }),
    };
  }

  private batch(
    layersA: LayerInput,
    layersB: LayerInput | undefined,
  ): { matrices: NamedMatrix[]; shape: Shape } {
    const a = toLayers(layersA, 'layersA');
    const b = layersB === undefined ? undefined : toLayers(layersB, 'layersB');
    const shape: Shape = {
      mode: b ? 'between' : 'within',
      featuresA: a.matrices.map((m) => m.cols),
      featuresB: b?.matrices.map((m) => m.cols),
      labelsA: a.labels,
      labelsB: b?.labels,
    };
    this.ensureShape(shape, 'update');
    return { matrices: b ? [...a.matrices, ...b.matrices] : a.matrices, shape };
  }

  private ensureShape(shape: Shape, what: string): void {
    if (this.shape === undefined) {
      this.shape = shape;
      const rows = shape.featuresA.length;
      const cols = shape.mode === 'within' ? rows : (shape.featuresB ?? []).length;
      this.cross = new Float64Array(rows * cols);
      this.selfA = new Float64Array(rows);
      this.selfB = new Float64Array(shape.mode === 'within' ? 0 : cols);
      return;
    }
    const describeShape = (s: Shape) =>
      `${s.mode}: A [${s.featuresA.join(', ')}]${s.featuresB ? `, B [${s.featuresB.join(', ')}]` : ''}`;
    const same =
      shape.mode === this.shape.mode &&
      sameList(shape.featuresA, this.shape.featuresA) &&
      sameList(shape.featuresB, this.shape.featuresB) &&
      sameList(shape.labelsA, this.shape.labelsA) &&
      sameList(shape.labelsB, this.shape.labelsB);
    if (!same) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `StreamingCKA.${what}: layers (${describeShape(shape)}) differ from the first batch's (${describeShape(this.shape)}); every batch must have the same layers and features`,
      );
    }
  }

  private add(hsic: NativeMatrixResult, shape: Shape, examples: number): this {
    const rows = shape.featuresA.length;
    const cols = shape.mode === 'within' ? rows : (shape.featuresB ?? []).length;
    const offset = shape.mode === 'within' ? 0 : rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        this.cross[i * cols + j] =
          (this.cross[i * cols + j] ?? 0) + (hsic.values[i * hsic.cols + offset + j] ?? 0);
      }
      this.selfA[i] = (this.selfA[i] ?? 0) + (hsic.values[i * hsic.cols + i] ?? 0);
    }
    if (shape.mode === 'between') {
      for (let j = 0; j < cols; j++) {
        const k = rows + j;
        this.selfB[j] = (this.selfB[j] ?? 0) + (hsic.values[k * hsic.cols + k] ?? 0);
      }
    }
    this.batchCount += 1;
    this.exampleCount += examples;
    return this;
  }
}

function add(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function validateState(state: unknown): StreamingCKAState {
  const bad = (why: string) => new RepsimError('BAD_INPUT', `StreamingCKA.fromJSON: ${why}`);
  if (typeof state !== 'object' || state === null) throw bad('expected an object from StreamingCKA.toJSON()');
  const s = state as Record<string, unknown>;
  if (s.format !== 'repsim.StreamingCKA' || s.version !== 1) {
    throw bad(`not a StreamingCKA state (format ${String(s.format)}, version ${String(s.version)})`);
  }
  if (s.mode !== 'between' && s.mode !== 'within') throw bad(`mode must be 'between' or 'within'`);
  const numbers = (key: string, optional = false): number[] | undefined => {
    const v = s[key];
    if (v === undefined && optional) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw bad(`${key} must be an array of finite numbers`);
    }
    return v as number[];
  };
  const strings = (key: string): string[] | undefined => {
    const v = s[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw bad(`${key} must be an array of strings`);
    return v;
  };
  const featuresA = numbers('featuresA') ?? [];
  const featuresB = numbers('featuresB', true);
  const rows = featuresA.length;
  const cols = s.mode === 'within' ? rows : (featuresB ?? []).length;
  const cross = numbers('cross') ?? [];
  const selfA = numbers('selfA') ?? [];
  const selfB = numbers('selfB', s.mode === 'within');
  if (s.mode === 'between' && rows > 0 && featuresB === undefined) throw bad('featuresB is missing');
  if (
    cross.length !== rows * cols ||
    selfA.length !== rows ||
    (s.mode === 'between' && (selfB ?? []).length !== cols)
  ) {
    throw bad(`the sums do not match ${rows} x ${cols} layers`);
  }
  for (const key of ['batches', 'examples']) {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw bad(`${key} must be a non-negative integer`);
  }
  const labelsA = strings('labelsA');
  const labelsB = strings('labelsB');
  for (const [features, labels, side] of [
    [featuresA, labelsA, 'A'],
    [featuresB ?? [], labelsB, 'B'],
  ] as const) {
    if (!features.every((f) => Number.isInteger(f) && f >= 1)) {
      throw bad(`features${side} must be positive integers (each layer's number of features)`);
    }
    if (labels !== undefined && labels.length !== features.length) {
      throw bad(`labels${side} names ${labels.length} layers but features${side} has ${features.length}`);
    }
  }
  checkCounts(s.batches as number, s.examples as number, [...cross, ...selfA, ...(selfB ?? [])], bad);
  checkSums(s.mode, rows, cols, cross, selfA, s.mode === 'within' ? selfA : (selfB ?? []), bad);
  return {
    format: 'repsim.StreamingCKA',
    version: 1,
    mode: s.mode,
    featuresA,
    ...(featuresB ? { featuresB } : {}),
    ...(labelsA ? { labelsA } : {}),
    ...(labelsB ? { labelsB } : {}),
    batches: s.batches as number,
    examples: s.examples as number,
    cross,
    selfA,
    ...(selfB ? { selfB } : {}),
  };
}

/** Every batch has at least 4 examples (HSIC_1 needs them), and no batch means no sums. */
function checkCounts(
  batches: number,
  examples: number,
  sums: readonly number[],
  bad: (why: string) => RepsimError,
): void {
  if (examples < 4 * batches) {
    throw bad(`${examples} examples cannot make ${batches} batches of at least 4 examples each`);
  }
  if (batches === 0 && (examples > 0 || sums.some((v) => v !== 0))) {
    throw bad('a state with no batches must have no examples and zero sums');
  }
}

/**
 * The sums of a real state obey what HSIC_1 is: an inner product of
 * U-centred kernels (Székely & Rizzo 2014), summed over batches. So each
 * self term is ≥ 0 and |cross(i, j)| ≤ √(self_A(i) self_B(j)) (Cauchy–Schwarz),
 * within one model the cross matrix is symmetric with the self terms on its
 * diagonal. Checked up to rounding, so an edited or corrupted state is
 * refused instead of giving a CKA far outside [−1, 1].
 */
function checkSums(
  mode: 'between' | 'within',
  rows: number,
  cols: number,
  cross: readonly number[],
  selfA: readonly number[],
  selfB: readonly number[],
  bad: (why: string) => RepsimError,
): void {
  const largest = Math.max(0, ...selfA.map(Math.abs), ...selfB.map(Math.abs));
  const slack = 1e-8 * largest; // rounding of sums of terms up to `largest`
  for (const [self, side] of [
    [selfA, 'selfA'],
    [selfB, 'selfB'],
  ] as const) {
    const i = self.findIndex((v) => v < -slack);
    if (i >= 0) throw bad(`${side}[${i}] = ${self[i]} is negative, but a sum of HSIC_1(K, K) is not`);
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = cross[i * cols + j] ?? 0;
      const bound = Math.sqrt(Math.max(0, selfA[i] ?? 0)) * Math.sqrt(Math.max(0, selfB[j] ?? 0));
      if (Math.abs(c) > bound * (1 + 1e-6) + slack) {
        throw bad(
          `cross[${i}][${j}] = ${c} exceeds √(selfA[${i}] · self[${j}]) = ${bound} (Cauchy–Schwarz); the state is not one toJSON wrote`,
        );
      }
      if (mode === 'within') {
        const mirrored = cross[j * cols + i] ?? 0;
        const expected = i === j ? (selfA[i] ?? 0) : mirrored;
        if (Math.abs(c - expected) > 1e-9 * Math.abs(expected) + slack) {
          throw bad(
            i === j
              ? `cross[${i}][${i}] = ${c} differs from selfA[${i}] = ${expected}`
              : `cross is not symmetric at [${i}][${j}] within one model`,
          );
        }
      }
    }
  }
}
