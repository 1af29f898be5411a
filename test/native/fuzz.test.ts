// Property-based fuzzing (fast-check, seeded, time-bounded) of every public
// computation and every file reader. The property is the hardening contract:
// a call returns finite numbers or throws a RepsimError with a stable code
// other than INTERNAL; it never crashes, hangs or returns NaN. Named metrics
// come from the registry, so a metric added there is fuzzed without new code.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import {
  METRICS,
  RepsimError,
  ckaFromGramsSync,
  converterRatioSync,
  functional,
  knnEntropySync,
  layerSimilaritySync,
  parseNpy,
  parseNpz,
  parseSafetensors,
  serializeNpy,
  serializeNpz,
  type LayerMetric,
} from '../../lib/index.js';

const SEED = Number(process.env.REPSIM_FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.REPSIM_FUZZ_RUNS ?? 400);
const TIME_LIMIT_MS = 20_000;
const settings = {
  seed: SEED,
  numRuns: RUNS,
  interruptAfterTimeLimit: TIME_LIMIT_MS,
  markInterruptAsFailure: false,
};

/** Values a hostile caller passes: anything, NaN and ±Infinity included. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 1e-30, 1e30) },
  { weight: 1, arbitrary: fc.double() },
);

/**
 * A matrix of `rows` rows: usually ordinary values at some scale (extreme
 * ones included), sometimes with one special value planted, a constant
 * column, duplicated rows, or no columns at all.
 */
function matrixOf(rows: number) {
  return fc
    .record({
      cols: fc.oneof(
        { weight: 19, arbitrary: fc.integer({ min: 1, max: 6 }) },
        { weight: 1, arbitrary: fc.constant(0) },
      ),
      float32: fc.boolean(),
      scale: fc.constantFrom(1, 1, 1, 1, 1e-300, 1e300, 1e-20, 1e20, 2 ** 90, 2 ** -90),
      special: fc.oneof(
        { weight: 12, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 5e-324, 1e308) },
      ),
      constantColumn: fc.boolean(),
      duplicateRows: fc.boolean(),
      seed: fc.integer(),
    })
    .chain(({ cols, float32, scale, special, constantColumn, duplicateRows, seed }) =>
      fc
        .array(fc.double({ min: -1, max: 1, noNaN: true }), {
          minLength: rows * cols,
          maxLength: rows * cols,
        })
        .map((values) => {
          const data = values.map((v) => v * scale);
          if (constantColumn && cols > 0) for (let i = 0; i < rows; i++) data[i * cols] = scale;
          if (duplicateRows && rows > 1) for (let j = 0; j < cols; j++) data[cols + j] = data[j] ?? 0;
          if (special !== null && data.length > 0) data[Math.abs(seed) % data.length] = special;
          return { data: float32 ? Float32Array.from(data) : Float64Array.from(data), shape: [rows, cols] };
        }),
    );
}

/** Two matrices, usually of the same examples. */
const pair = fc
  .record({
    rows: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 4, max: 40 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) },
    ),
    otherRows: fc.oneof(
      { weight: 19, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) },
    ),
  })
  .chain(({ rows, otherRows }) => fc.tuple(matrixOf(rows), matrixOf(otherRows ?? rows)));

/** Option values of every type, right or wrong. */
const optionValue = fc.oneof(
  fc.integer({ min: -3, max: 3000 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom('linear', 'rbf', 'polynomial', 'auto', 'feature', 'gram', 'paper', 'svcca-repo', 'nope'),
  fc.constantFrom({ variance: 0.99 }, { dims: 2 }, { energy: 2 }, { dims: 0 }, null, [], {}),
);

/** Usually none; else the function's own options with any value, or a stray key. */
function optionsFor(names: readonly string[]) {
  const own = fc.constantFrom(...names, 'threads', 'maxMemoryBytes');
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: fc.dictionary(own, optionValue, { maxKeys: 2 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('bogus', 'threads'), optionValue, { maxKeys: 2 }) },
  );
}

/** How calls ended, by error code or 'value': printed so a run shows what it reached. */
const outcomes = new Map<string, number>();
afterAll(() => console.log('fuzz outcomes:', JSON.stringify(Object.fromEntries(outcomes))));

/** The contract: finite numbers out, or a RepsimError with a known, non-internal code. */
function contract(run: () => unknown, label = 'metric'): void {
  let result: unknown;
  try {
    result = run();
    outcomes.set(`${label} value`, (outcomes.get(`${label} value`) ?? 0) + 1);
  } catch (error) {
    const code = `${label} ${(error as { code?: string }).code ?? 'other'}`;
    outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    if (!(error instanceof RepsimError))
      throw new Error(`not a RepsimError: ${String(error)}`, { cause: error });
    if (error.code === 'INTERNAL') throw new Error(`INTERNAL: ${error.message}`, { cause: error });
    return;
  }
  const numbers =
    typeof result === 'number'
      ? [result]
      : result && typeof result === 'object' && 'values' in result
        ? Array.from((result as { values: ArrayLike<number> }).values)
        : Object.values(result as object).filter((v): v is number => typeof v === 'number');
  for (const n of numbers) if (!Number.isFinite(n)) throw new Error(`non-finite result ${n}`);
}

describe('fuzzing the metrics', () => {
  it.each(METRICS.filter((m) => m.pairwise).map((m) => [m.name, m.options] as const))(
    '%s (from the registry)',
    (name, options) => {
      fc.assert(
        fc.property(pair, optionsFor(options), ([x, y], opts) => {
          contract(
            () =>
              layerSimilaritySync(
                { x },
                { y },
                {
                  ...opts,
                  metric: name as LayerMetric,
                  threads: 1,
                },
              ),
            name,
          );
        }),
        settings,
      );
    },
    60_000,
  );

  it('knnEntropy, converterRatio, ckaFromGrams', () => {
    fc.assert(
      fc.property(pair, optionsFor(['k', 'project', 'seed']), ([x, y], opts) => {
        contract(() => knnEntropySync(x, opts), 'knnEntropy');
        contract(() => converterRatioSync(x, y), 'converterRatio');
        contract(() => ckaFromGramsSync(x, y), 'ckaFromGrams');
      }),
      settings,
    );
  }, 60_000);

  it('functional metrics', () => {
    const series = fc.array(value, { maxLength: 30 });
    fc.assert(
      fc.property(series, series, (a, b) => {
        contract(() => functional.pearson(a, b));
        contract(() => functional.spearman(a, b));
      }),
      settings,
    );
  }, 60_000);
});

describe('fuzzing the file readers', () => {
  const npy = serializeNpy({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
  const npz = serializeNpz({ a: { data: Float32Array.from([1, 2]), shape: [2] } });
  /** A valid file with bytes overwritten, truncated or extended. */
  const mutated = (bytes: Uint8Array) =>
    fc
      .record({
        edits: fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        cut: fc.nat(bytes.length),
        extra: fc.uint8Array({ maxLength: 16 }),
      })
      .map(({ edits, cut, extra }) => {
        const out = Uint8Array.from(bytes);
        for (const [at, byte] of edits) out[at] = byte;
        return Uint8Array.from([...out.subarray(0, cut), ...extra]);
      });

  for (const [name, parse, valid] of [
    ['.npy', parseNpy, npy],
    ['.npz', parseNpz, npz],
    ['.safetensors', parseSafetensors, undefined],
  ] as const) {
    it(`${name}: random and mutated bytes`, () => {
      const bytes = valid
        ? fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated(valid))
        : fc.uint8Array({ maxLength: 200 });
      fc.assert(
        fc.property(bytes, (b) => {
          try {
            parse(b);
          } catch (error) {
            expect(error).toBeInstanceOf(RepsimError);
            expect((error as RepsimError).code).toBe('BAD_INPUT');
          }
        }),
        settings,
      );
    }, 60_000);
  }
});

// Counterexamples fast-check found, kept as fixed cases.
describe('found by fuzzing', () => {
  it('converterRatio: a source constant on the training rows is ZERO_VARIANCE, not NaN', () => {
    const x = { data: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 8.881784197001252e-16]), shape: [9, 1] };
    const y = {
      data: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 7.875170267678482e-31, -1.3438784531635545e-33]),
      shape: [9, 1],
    };
    contract(() => converterRatioSync(x, y), 'found');
  });

  it('kernelCKA: the RBF median ends when float32 rounding puts a distance past its bound', () => {
    const x = { data: Float32Array.from([0, -8.881784197001252e-16]), shape: [2, 1] };
    const y = {
      data: Float32Array.from([0, -0.002019609324634075, 0, 0, -0.00030823861015960574, 0, 0, 0]),
      shape: [2, 4],
    };
    contract(() => layerSimilaritySync({ x }, { y }, { metric: 'kernel-cka' }), 'found');
  });

  it('pwcca: svcca-repo weights on degenerate data are ZERO_VARIANCE, not INTERNAL', () => {
    const x = new Float64Array(37);
    x[9] = 7.7100739797418785e-31;
    x[10] = -1.7853507246823912e-32;
    const y = Float64Array.from({ length: 74 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    y[71] = 7.888609052210118e-31;
    contract(
      () =>
        layerSimilaritySync(
          { x: { data: x, shape: [37, 1] } },
          { y: { data: y, shape: [37, 2] } },
          { metric: 'pwcca', weights: 'svcca-repo', epsilon: 5e-324 },
        ),
      'found',
    );
  });

  it('parseNpy: a version-2 header cut before its length is BAD_INPUT', () => {
    expect(() => parseNpy(Uint8Array.from([147, 78, 85, 77, 80, 89, 2, 0, 0, 0]))).toThrow(RepsimError);
  });
});
