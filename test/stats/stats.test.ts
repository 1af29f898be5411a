// Permutation tests and bootstrap intervals: p-values uniform under the null
// and minimal for identical inputs, the native routes equal to recomputing
// the metric on the same resamples, intervals that cover a known population
// value, reproducibility, and errors.
import { describe, expect, it } from 'vitest';

import {
  bootstrap,
  bootstrapSync,
  ccaSync,
  kernelCKASync,
  linearCKASync,
  permutationTest,
  permutationTestSync,
  procrustesSync,
  stats,
  type LayerMetric,
  type Matrix,
} from '../../lib/index.js';
import { gaussian, multiply, randomMatrix, type Dense } from '../support/random.js';

const METRICS: LayerMetric[] = [
  'linear-cka',
  'debiased-cka',
  'kernel-cka',
  'cca',
  'svcca',
  'pwcca',
  'procrustes',
];

function noisy(x: Dense, scale: number, seed: number): Dense {
  const next = gaussian(seed);
  return { data: x.data.map((v) => v + scale * next()), shape: x.shape };
}

describe('permutation test', () => {
  it('gives p = 1/(1 + permutations) for a layer against a noisy copy of itself, for every metric', async () => {
    const x = randomMatrix(120, 6, 1);
    const y = noisy(x, 0.3, 2);
    for (const metric of METRICS) {
      const t = await permutationTest(metric, x, y, { permutations: 99, seed: 3 });
      expect(t.pValue, metric).toBeCloseTo(1 / 100, 15);
      expect(t.nullValues).toHaveLength(99);
      expect(t.alternative).toBe(metric === 'procrustes' ? 'less' : 'greater');
      // The real pairing is far outside the null.
      const distance = metric === 'procrustes' ? t.nullMean - t.value : t.value - t.nullMean;
      expect(distance, metric).toBeGreaterThan(5 * t.nullStd);
    }
  });

  it('has p-values close to uniform on independent data (seeded, 200 trials)', () => {
    const pValues: number[] = [];
    for (let trial = 0; trial < 200; trial++) {
      const x = randomMatrix(30, 3, 1000 + trial);
      const y = randomMatrix(30, 3, 5000 + trial);
      pValues.push(permutationTestSync('linear-cka', x, y, { permutations: 99, seed: trial }).pValue);
    }
    const share = (limit: number) => pValues.filter((p) => p <= limit).length / pValues.length;
    expect(share(0.05)).toBeGreaterThan(0.01);
    expect(share(0.05)).toBeLessThan(0.1);
    expect(share(0.5)).toBeGreaterThan(0.38);
    expect(share(0.5)).toBeLessThan(0.62);
    // Kolmogorov–Smirnov distance to U(0, 1): 1.63/√200 ≈ 0.115 is the 1 % critical value.
    const sorted = [...pValues].sort((a, b) => a - b);
    const ks = Math.max(
      ...sorted.map((p, i) => Math.max(Math.abs((i + 1) / 200 - p), Math.abs(p - i / 200))),
    );
    expect(ks).toBeLessThan(0.13);
  });

  it('native routes give the same null values as recomputing the metric on the same permutations', async () => {
    const x = randomMatrix(80, 5, 10);
    const y = noisy(multiply(x, randomMatrix(5, 4, 11)), 1, 12);
    const options = { permutations: 20, seed: 9 };
    const pairs: [LayerMetric, (a: Matrix, b: Matrix) => number][] = [
      ['kernel-cka', (a, b) => kernelCKASync(a, b)], // Gram route
      ['cca', (a, b) => ccaSync(a, b).meanRho], // whitened route
      ['procrustes', (a, b) => procrustesSync(a, b).distance], // recomputed
      ['linear-cka', (a, b) => linearCKASync(a, b)],
    ];
    for (const [metric, f] of pairs) {
      const named = await permutationTest(metric, x, y, options);
      const viaFunction = permutationTestSync(f, x, y, options);
      expect(viaFunction.route).toBe('function');
      expect(named.value).toBeCloseTo(viaFunction.value, 12);
      named.nullValues.forEach((v, i) =>
        expect(v, `${metric} #${i}`).toBeCloseTo(viaFunction.nullValues[i] ?? NaN, 10),
      );
    }
    expect((await permutationTest('kernel-cka', x, y, options)).route).toBe('gram');
    expect((await permutationTest('cca', x, y, options)).route).toBe('whitened');
    expect((await permutationTest('linear-cka', x, y, options)).route).toBe('feature');
    expect((await permutationTest('procrustes', x, y, options)).route).toBe('recompute');
  });

  it('is reproducible from its seed, and async function metrics run concurrently with the same result', async () => {
    const x = randomMatrix(50, 4, 20);
    const y = noisy(x, 2, 21);
    const a = await stats.permutationTest('svcca', x, y, { permutations: 30, seed: 4, keep: { dims: 3 } });
    const b = await stats.permutationTest('svcca', x, y, {
      permutations: 30,
      seed: 4,
      keep: { dims: 3 },
      threads: 1,
    });
    expect(a.nullValues).toEqual(b.nullValues);
    const c = await stats.permutationTest('svcca', x, y, { permutations: 30, seed: 5, keep: { dims: 3 } });
    expect(c.nullValues).not.toEqual(a.nullValues);
    let inFlight = 0;
    let most = 0;
    const slow = async (p: Matrix, q: Matrix) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return linearCKASync(p, q);
    };
    const viaAsync = await permutationTest(slow, x, y, { permutations: 12, seed: 4, concurrency: 3 });
    expect(most).toBe(3);
    expect(viaAsync.nullValues).toEqual(
      permutationTestSync((p, q) => linearCKASync(p, q), x, y, { permutations: 12, seed: 4 }).nullValues,
    );
  });

  it('refuses bad metrics, options and function results with typed errors, and leaves inputs alone', () => {
    const x = randomMatrix(20, 3, 30);
    const before = Float64Array.from(x.data);
    expect(() => permutationTestSync('cka' as LayerMetric, x, x)).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => permutationTestSync('linear-cka', x, x, { keep: { dims: 2 } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining("'svcca'") }),
    );
    expect(() => permutationTestSync('linear-cka', x, x, { permutations: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => permutationTestSync(() => NaN, x, x, { permutations: 3 })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('NaN') }),
    );
    expect(() => permutationTestSync(() => Promise.resolve(1), x, x)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('async') }),
    );
    expect(() => permutationTestSync(() => 1, x, randomMatrix(21, 3, 31))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => permutationTestSync('linear-cka', x, randomMatrix(21, 3, 31))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => permutationTestSync(() => 1, x, x, { threshold: 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(x.data).toEqual(before);
  });
});

describe('bootstrap', () => {
  // X ~ N(0, I₄), Y = X A + E with E ~ N(0, I₄): population linear CKA is
  // ‖A‖²_F / (‖I‖_F ‖AᵀA + I‖_F).
  const A: Dense = {
    data: Float64Array.from([1, 0.5, 0, 0, 0, 1, 0.3, 0, 0, 0, 0.5, 0, 0.2, 0, 0, 0.2]),
    shape: [4, 4],
  };
  const ata = multiply({ data: transpose(A.data, 4), shape: [4, 4] }, A).data.map(
    (v, i) => v + (i % 5 === 0 ? 1 : 0),
  );
  const frobenius2 = (m: Float64Array) => m.reduce((t, v) => t + v * v, 0);
  const truth = frobenius2(A.data) / Math.sqrt(4 * frobenius2(ata));

  it('95 % intervals of linear CKA cover the population value in ≥ 90 % of 50 seeded trials', () => {
    let covered = 0;
    for (let trial = 0; trial < 50; trial++) {
      const x = randomMatrix(300, 4, 7000 + trial);
      const y = noisy(multiply(x, A), 1, 8000 + trial);
      const b = bootstrapSync('linear-cka', x, y, { resamples: 300, seed: trial });
      expect(b.low).toBeLessThanOrEqual(b.value + 0.05);
      if (b.low <= truth && truth <= b.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(45);
  });

  it('resamples the same rows of x and y, for every metric, reproducibly', async () => {
    const x = randomMatrix(100, 5, 40);
    const y = noisy(x, 0.5, 41);
    for (const metric of METRICS) {
      const b = await bootstrap(metric, x, y, { resamples: 40, seed: 2, level: 0.9 });
      expect(b.replicates).toHaveLength(40);
      expect(b.low, metric).toBeLessThanOrEqual(b.high);
      expect(b.standardError, metric).toBeGreaterThan(0);
      expect(b.level).toBe(0.9);
      expect(Math.abs(b.value - (b.low + b.high) / 2), metric).toBeLessThan(6 * b.standardError);
    }
    const viaFunction = bootstrapSync((p, q) => linearCKASync(p, q), x, y, { resamples: 10, seed: 2 });
    const named = bootstrapSync('linear-cka', x, y, { resamples: 10, seed: 2 });
    named.replicates.forEach((v, i) => expect(v).toBeCloseTo(viaFunction.replicates[i] ?? NaN, 12));
  });
});

function transpose(data: Float64Array, size: number): Float64Array {
  return data.map((_, i) => data[(i % size) * size + Math.floor(i / size)] ?? 0);
}
