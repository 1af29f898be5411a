/**
 * Functional similarity (seeds 003, 004): how alike two networks' *outputs*
 * are, as opposed to their representations. Jensen–Shannon divergence and KL
 * divergence between the rows of two output distributions, the rate at which
 * their predictions agree, and rank / linear correlation of two series.
 *
 * These are O(n · classes) and run in TypeScript: a native call would cost
 * more than the arithmetic.
 */
import { RepsimError } from '../base/errors.js';
import { describe, toMatrix, type Matrix, type MatrixInput } from '../base/matrix.js';
import { oneOf, positive, readOptions, type OptionCheck } from '../base/options.js';

/** Options of {@link jsd} and {@link kl}. */
export interface DivergenceOptions {
  /** Logarithm base: `Math.E` (nats, default) or e.g. 2 (bits: JSD then lies in [0, 1]). */
  readonly base?: number;
  /**
   * What the rows are: `'probabilities'` (default; each row non-negative and
   * summing to 1 within `tolerance`, then renormalised as scipy does) or
   * `'logits'` (softmax is applied first).
   */
  readonly inputs?: 'probabilities' | 'logits';
  /** How far a row's sum may be from 1; default 1e-5 (float32 softmax outputs). */
  readonly tolerance?: number;
}

/** Options of {@link softmax}. */
export interface SoftmaxOptions {
  /** Logits are divided by it first; default 1. */
  readonly temperature?: number;
}

const logBase: OptionCheck = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v !== 1
    ? undefined
    : 'a positive number other than 1';

const DIVERGENCE_CHECKS = {
  base: logBase,
  inputs: oneOf('probabilities', 'logits'),
  tolerance: positive,
} as const;

function requireFinite(m: Matrix, name: string): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      const row = Math.floor(i / m.cols);
      throw new RepsimError(
        'NON_FINITE',
        `${name}: row ${row}, column ${i - row * m.cols} is ${m.data[i]}; outputs must be finite numbers`,
      );
    }
  }
}

function softmaxRows(m: Matrix, temperature: number): Float64Array {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    const offset = i * m.cols;
    let max = -Infinity;
    for (let j = 0; j < m.cols; j++) max = Math.max(max, (m.data[offset + j] ?? 0) / temperature);
    let sum = 0;
    for (let j = 0; j < m.cols; j++) {
      const e = Math.exp((m.data[offset + j] ?? 0) / temperature - max);
      out[offset + j] = e;
      sum += e;
    }
    for (let j = 0; j < m.cols; j++) out[offset + j] = (out[offset + j] ?? 0) / sum;
  }
  return out;
}

/**
 * Row-wise softmax of logits, computed stably (the row maximum subtracted first).
 * @param logits - n × classes
 * @returns n × classes probabilities, as a row-major {@link Matrix}
 * @throws RepsimError `BAD_INPUT`, `NON_FINITE`, `BAD_OPTION`
 */
export function softmax(logits: MatrixInput, options?: SoftmaxOptions): Matrix {
  const opts = readOptions<SoftmaxOptions>('softmax', options, { temperature: positive });
  const m = toMatrix(logits, 'logits');
  requireFinite(m, 'logits');
  return { data: softmaxRows(m, opts.temperature ?? 1), rows: m.rows, cols: m.cols };
}

/** Rows as probability distributions, validated and renormalised. */
function distributions(fn: string, input: MatrixInput, name: string, opts: DivergenceOptions): Matrix {
  const m = toMatrix(input, name);
  requireFinite(m, name);
  if (m.rows === 0 || m.cols === 0) {
    throw new RepsimError('BAD_INPUT', `${fn}: ${name} is empty; pass one distribution per row`);
  }
  if (opts.inputs === 'logits') return { data: softmaxRows(m, 1), rows: m.rows, cols: m.cols };
  const tolerance = opts.tolerance ?? 1e-5;
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    let sum = 0;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j] ?? 0;
      if (v < 0) {
        throw new RepsimError(
          'BAD_INPUT',
          `${fn}: ${name} row ${i}, column ${j} is ${v}; probabilities cannot be negative` +
            " (pass inputs: 'logits' for raw network outputs)",
        );
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > tolerance) {
      throw new RepsimError(
        'BAD_INPUT',
        `${fn}: ${name} row ${i} sums to ${sum}, not 1 (tolerance ${tolerance}); ` +
          "pass probabilities, or inputs: 'logits' to apply softmax",
      );
    }
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = (m.data[i * m.cols + j] ?? 0) / sum;
  }
  return { data: out, rows: m.rows, cols: m.cols };
}

function pairedDistributions(
  fn: string,
  p: MatrixInput,
  q: MatrixInput,
  options: unknown,
): { p: Matrix; q: Matrix; logBase: number } {
  const opts = readOptions<DivergenceOptions>(fn, options, DIVERGENCE_CHECKS);
  const a = distributions(fn, p, 'p', opts);
  const b = distributions(fn, q, 'q', opts);
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `${fn}: p is ${a.rows} × ${a.cols} but q is ${b.rows} × ${b.cols}; ` +
        'both need one row per example and one column per class',
    );
  }
  return { p: a, q: b, logBase: Math.log(opts.base ?? Math.E) };
}

/** Σ_j p_j log(p_j / q_j) of one row, 0 log 0 = 0. */
function rowKl(p: Float64Array, q: Float64Array, offset: number, cols: number): number {
  let sum = 0;
  for (let j = offset; j < offset + cols; j++) {
    const pj = p[j] ?? 0;
    if (pj > 0) sum += pj * Math.log(pj / (q[j] ?? 0));
  }
  return sum;
}

/**
 * Jensen–Shannon divergence between two networks' output distributions,
 * averaged over examples: JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2.
 * Symmetric, 0 for identical rows, at most ln 2 nats (1 bit). This is the
 * divergence, not scipy's `jensenshannon` distance (its square root).
 *
 * @param p - n × classes, one distribution per row (or logits with `inputs: 'logits'`)
 * @param q - the other network's outputs for the same examples
 * @throws RepsimError `BAD_INPUT` (negative entries, rows not summing to 1),
 *   `SHAPE_MISMATCH`, `NON_FINITE`, `BAD_OPTION`
 * @example
 * ```ts
 * jsd(softmax(logitsA), softmax(logitsB), { base: 2 }); // in bits
 * ```
 */
export function jsd(p: MatrixInput, q: MatrixInput, options?: DivergenceOptions): number {
  const d = pairedDistributions('jsd', p, q, options);
  const { rows, cols } = d.p;
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = 0.5 * ((d.p.data[i] ?? 0) + (d.q.data[i] ?? 0));
  const pData = d.p.data as Float64Array;
  const qData = d.q.data as Float64Array;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    // Clipped at 0: rounding can leave -1e-17 for identical rows.
    total += Math.max(0, 0.5 * rowKl(pData, m, offset, cols) + 0.5 * rowKl(qData, m, offset, cols));
  }
  return total / rows / d.logBase;
}

/**
 * Kullback–Leibler divergence KL(p ‖ q) averaged over examples. Not
 * symmetric; `Infinity` when some q_j is 0 where p_j > 0 (a true infinite
 * divergence, not an error).
 *
 * @throws RepsimError as {@link jsd}
 */
export function kl(p: MatrixInput, q: MatrixInput, options?: DivergenceOptions): number {
  const d = pairedDistributions('kl', p, q, options);
  const pData = d.p.data as Float64Array;
  const qData = d.q.data as Float64Array;
  let total = 0;
  for (let i = 0; i < d.p.rows; i++) total += Math.max(0, rowKl(pData, qData, i * d.p.cols, d.p.cols));
  return total / d.p.rows / d.logBase;
}

/** Class predictions: argmax of each row, or the values of a 1-column input (class ids). */
function predictions(fn: string, input: MatrixInput, name: string): Int32Array {
  const m = toMatrix(input, name);
  requireFinite(m, name);
  const out = new Int32Array(m.rows);
  if (m.cols === 1) {
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i] ?? 0;
      if (!Number.isInteger(v) || v < 0) {
        throw new RepsimError(
          'BAD_INPUT',
          `${fn}: ${name}[${i}] is ${v}; a single column is read as class ids, which must be non-negative integers`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 1; j < m.cols; j++) {
      if ((m.data[i * m.cols + j] ?? 0) > (m.data[i * m.cols + best] ?? 0)) best = j;
    }
    out[i] = best;
  }
  return out;
}

/**
 * The fraction of examples on which two networks predict the same class.
 * Each argument is either n × classes logits or probabilities (the argmax of
 * each row is the prediction; ties go to the lower class) or n class ids
 * (a `number[]` or n × 1).
 *
 * @returns agreement in [0, 1]
 * @throws RepsimError `BAD_INPUT`, `SHAPE_MISMATCH`, `NON_FINITE`
 */
export function predictionAgreement(a: MatrixInput, b: MatrixInput): number {
  const pa = predictions('predictionAgreement', a, 'a');
  const pb = predictions('predictionAgreement', b, 'b');
  if (pa.length !== pb.length) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `predictionAgreement: a has ${pa.length} examples but b has ${pb.length}`,
    );
  }
  if (pa.length === 0) throw new RepsimError('BAD_INPUT', 'predictionAgreement: no examples');
  let same = 0;
  for (let i = 0; i < pa.length; i++) if (pa[i] === pb[i]) same++;
  return same / pa.length;
}

function series(fn: string, values: ArrayLike<number>, name: string): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new RepsimError('BAD_INPUT', `${fn}: ${name} is ${describe(values)}, expected an array of numbers`);
  }
  const out = Float64Array.from(values);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      throw new RepsimError(
        'NON_FINITE',
        `${fn}: ${name}[${i}] is ${String(values[i])}; expected a finite number`,
      );
    }
  });
  return out;
}

function pairedSeries(fn: string, a: ArrayLike<number>, b: ArrayLike<number>): [Float64Array, Float64Array] {
  const x = series(fn, a, 'a');
  const y = series(fn, b, 'b');
  if (x.length !== y.length) {
    throw new RepsimError('SHAPE_MISMATCH', `${fn}: a has ${x.length} values but b has ${y.length}`);
  }
  if (x.length < 2)
    throw new RepsimError('TOO_FEW_SAMPLES', `${fn}: needs at least 2 values, got ${x.length}`);
  return [x, y];
}

/**
 * `values` times the power of two that brings its largest magnitude into
 * [0.5, 1): exact (a power-of-two factor only changes exponents), so the
 * correlation is unchanged, but sums of squares of 1e-200 or 1e200 no longer
 * underflow to 0 or overflow to Infinity.
 */
function scaledToUnit(values: Float64Array): Float64Array {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return values;
  const exponent = -Math.floor(Math.log2(largest)) - 1;
  if (exponent === 0) return values;
  // In two steps: 2^exponent alone overflows for subnormal inputs (exponent > 1023).
  const half = Math.trunc(exponent / 2);
  const [first, second] = [2 ** half, 2 ** (exponent - half)];
  return values.map((v) => v * first * second);
}

function correlation(fn: string, unscaledX: Float64Array, unscaledY: Float64Array): number {
  const [x, y] = [scaledToUnit(unscaledX), scaledToUnit(unscaledY)];
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) {
    throw new RepsimError(
      'ZERO_VARIANCE',
      `${fn}: ${sxx > 0 ? 'b' : 'a'} is constant, so the correlation is undefined`,
    );
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1..n, tied values sharing the average of their ranks. */
function averageRanks(values: Float64Array): Float64Array {
  const order = Array.from(values.keys()).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end] ?? 0] === values[order[start] ?? 0]) end++;
    const rank = (start + end + 1) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson's correlation of two equally long series.
 * @throws RepsimError `SHAPE_MISMATCH`, `TOO_FEW_SAMPLES`, `NON_FINITE`,
 *   `ZERO_VARIANCE` (a constant series: the correlation is undefined)
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [x, y] = pairedSeries('pearson', a, b);
  return correlation('pearson', x, y);
}

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied
 * values given the average of their ranks (as scipy.stats.spearmanr).
 * @throws RepsimError as {@link pearson}
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [x, y] = pairedSeries('spearman', a, b);
  return correlation('spearman', averageRanks(x), averageRanks(y));
}
