// Kernel and debiased CKA: golden values, both memory strategies, properties, errors.
import { describe, expect, it } from 'vitest';

import {
  RepsimError,
  ckaFromGrams,
  ckaFromGramsSync,
  kernelCKA,
  kernelCKASync,
  linearCKA,
  linearCKASync,
  type KernelCKAOptions,
} from '../../../lib/index.js';
import { relativeError, syntheticGolden } from '../../support/golden.js';
import {
  gaussian,
  mapValues,
  multiply,
  randomMatrix,
  randomOrthogonal,
  type Dense,
} from '../../support/random.js';

const { tolerance, cases } = syntheticGolden();
// Enough for the tiles of these small cases but not for caching them: every
// pass recomputes its tiles and the RBF median is found by streaming passes.
const TILED = { maxMemoryBytes: 40 * 2 ** 20 };

describe('golden values', () => {
  for (const c of cases) {
    const limit = tolerance[c.dtype];
    const expected = c.expected as Record<string, number>;

    it(`${c.name}: debiased linear CKA, both forms (${c.dtype}, ${limit})`, async () => {
      expect(
        relativeError(await linearCKA(c.x, c.y, { debiased: true }), expected.debiased_linear_cka ?? NaN),
      ).toBeLessThanOrEqual(limit);
      for (const form of ['feature', 'gram'] as const) {
        expect(
          relativeError(
            linearCKASync(c.x, c.y, { debiased: true, form }),
            expected.debiased_linear_cka ?? NaN,
          ),
        ).toBeLessThanOrEqual(limit);
      }
    });

    for (const threshold of [1, 0.5]) {
      it(`${c.name}: RBF CKA, threshold ${threshold}, cached and tiled`, async () => {
        const golden = expected[`rbf_cka_threshold_${threshold}`] ?? NaN;
        expect(relativeError(await kernelCKA(c.x, c.y, { threshold }), golden)).toBeLessThanOrEqual(limit);
        expect(relativeError(kernelCKASync(c.x, c.y, { threshold, ...TILED }), golden)).toBeLessThanOrEqual(
          limit,
        );
      });
    }
  }
});

describe('kernel CKA properties', () => {
  const x = randomMatrix(150, 8, 1);
  const next = gaussian(2);
  const y = mapValues(multiply(x, randomMatrix(8, 6, 3)), (v) => Math.tanh(v) + 0.3 * next());
  const options: KernelCKAOptions[] = [{}, { threshold: 0.5 }, { sigma: 2 }, { debiased: true }];

  it('RBF CKA is 1 for identical inputs and symmetric', () => {
    for (const o of options) {
      expect(kernelCKASync(x, x, o)).toBeCloseTo(1, 12);
      expect(kernelCKASync(y, x, o)).toBeCloseTo(kernelCKASync(x, y, o), 12);
    }
  });

  it('RBF CKA is invariant to orthogonal transforms and translation', () => {
    const moved = mapValues(multiply(x, randomOrthogonal(8, 4)), (v, _, c) => v + c - 3);
    for (const o of options) expect(kernelCKASync(moved, y, o)).toBeCloseTo(kernelCKASync(x, y, o), 11);
  });

  it('the median bandwidth absorbs isotropic scaling (a fixed sigma does not)', () => {
    const scaled = mapValues(x, (v) => 7 * v);
    expect(kernelCKASync(scaled, y)).toBeCloseTo(kernelCKASync(x, y), 11);
    expect(
      Math.abs(kernelCKASync(scaled, y, { sigma: 2 }) - kernelCKASync(x, y, { sigma: 2 })),
    ).toBeGreaterThan(1e-3);
  });

  it('values lie in [0, 1] (biased) and move with the relation between inputs', () => {
    const independent = randomMatrix(150, 6, 5);
    const related = kernelCKASync(x, y);
    const unrelated = kernelCKASync(x, independent);
    expect(related).toBeGreaterThan(unrelated);
    for (const v of [related, unrelated]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // Debiased CKA of independent data is near 0, and may be slightly negative.
    expect(Math.abs(kernelCKASync(x, independent, { debiased: true }))).toBeLessThan(0.05);
  });

  it('polynomial kernel: degree 1 with coef0 0 is linear CKA', () => {
    const poly = kernelCKASync(x, y, { kernel: 'polynomial', degree: 1, coef0: 0 });
    expect(poly).toBeCloseTo(linearCKASync(x, y), 11);
  });

  it('float32 inputs give float32 accuracy', () => {
    const f32 = (m: Dense) => ({ data: Float32Array.from(m.data), shape: m.shape });
    const single = kernelCKASync(f32(x), f32(y));
    const double = kernelCKASync(
      { data: Float64Array.from(f32(x).data), shape: x.shape },
      { data: Float64Array.from(f32(y).data), shape: y.shape },
    );
    expect(relativeError(single, double)).toBeLessThan(1e-5);
  });
});

describe('CKA of caller-made Gram matrices', () => {
  const x = randomMatrix(60, 5, 6);
  const y = randomMatrix(60, 4, 7);
  const gram = (m: Dense) => {
    const [n, p] = m.shape;
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let f = 0; f < p; f++) dot += (m.data[i * p + f] ?? 0) * (m.data[j * p + f] ?? 0);
        k[i * n + j] = dot;
      }
    }
    return { data: k, shape: [n, n] };
  };

  it('linear Grams of uncentred data give linear CKA (centring happens inside)', async () => {
    expect(await ckaFromGrams(gram(x), gram(y))).toBeCloseTo(linearCKASync(x, y), 12);
    expect(ckaFromGramsSync(gram(x), gram(y), { debiased: true })).toBeCloseTo(
      linearCKASync(x, y, { debiased: true }),
      12,
    );
  });

  it('rejects non-square, asymmetric and mismatched matrices', () => {
    const k = gram(x);
    const asymmetric = { data: Float64Array.from(k.data), shape: k.shape };
    asymmetric.data[1] = (asymmetric.data[1] ?? 0) + 1;
    expect(() => ckaFromGramsSync(asymmetric, gram(y))).toThrow(/kx is not symmetric: entry \(1, 0\)/);
    expect(() => ckaFromGramsSync({ data: new Float64Array(60 * 59), shape: [60, 59] }, gram(y))).toThrow(
      /kx is 60 x 59; a Gram matrix is square/,
    );
    expect(() => ckaFromGramsSync(gram(randomMatrix(50, 3, 8)), gram(y))).toThrow(
      /has 60 examples but kx has 50/,
    );
  });
});

describe('errors', () => {
  const x = randomMatrix(40, 3, 9);
  const codeOf = (call: () => unknown) => {
    try {
      call();
    } catch (e) {
      expect(e).toBeInstanceOf(RepsimError);
      return (e as RepsimError).code;
    }
    return 'no error';
  };

  it('BAD_OPTION for kernel options that do not fit together', () => {
    expect(() => kernelCKASync(x, x, { threshold: 1, sigma: 2 })).toThrow(/either threshold .* or sigma/);
    expect(() => kernelCKASync(x, x, { degree: 2 } as KernelCKAOptions)).toThrow(
      /option 'degree' does not apply to the rbf kernel \(pass kernel: 'polynomial'\)/,
    );
    expect(() => kernelCKASync(x, x, { kernel: 'polynomial', sigma: 1 } as KernelCKAOptions)).toThrow(
      /'sigma' does not apply to the polynomial kernel/,
    );
    expect(() => kernelCKASync(x, x, { kernel: 'laplace' } as unknown as KernelCKAOptions)).toThrow(
      /'kernel' must be one of 'rbf', 'polynomial'/,
    );
    expect(codeOf(() => kernelCKASync(x, x, { threshold: 0 }))).toBe('BAD_OPTION');
    expect(codeOf(() => linearCKASync(x, x, { maxMemoryBytes: -5 }))).toBe('BAD_OPTION');
  });

  it('TOO_FEW_SAMPLES below 4 examples when debiased', async () => {
    const three = randomMatrix(3, 2, 10);
    expect(() => linearCKASync(three, three, { debiased: true })).toThrow(
      /debiased CKA needs at least 4 examples \(rows\), got 3/,
    );
    await expect(kernelCKA(three, three, { debiased: true })).rejects.toMatchObject({
      code: 'TOO_FEW_SAMPLES',
    });
    expect(linearCKASync(three, three)).toBeCloseTo(1, 12); // biased CKA is fine with 3
  });

  it('ZERO_VARIANCE when the median distance is 0', () => {
    const mostlySame = Array.from({ length: 10 }, (_, i) => (i < 8 ? [0, 0] : [i, 1]));
    expect(() => kernelCKASync(mostlySame, randomMatrix(10, 2, 11))).toThrow(
      /median pairwise distance is 0 .* pass an explicit sigma/,
    );
    expect(kernelCKASync(mostlySame, randomMatrix(10, 2, 11), { sigma: 1 })).toBeGreaterThan(0);
  });

  it('MEMORY_LIMIT when even the tiled computation exceeds maxMemoryBytes, or a forced form does', () => {
    expect(() => kernelCKASync(x, x, { maxMemoryBytes: 4096 })).toThrow(
      /the tiled kernel computation needs .* over maxMemoryBytes \(4\.0 KiB\)/,
    );
    const wide = randomMatrix(30, 2000, 12);
    expect(() => linearCKASync(wide, wide, { form: 'feature', maxMemoryBytes: 20 * 2 ** 20 })).toThrow(
      /feature-space form .* use form 'gram'/,
    );
    expect(linearCKASync(wide, wide, { maxMemoryBytes: 20 * 2 ** 20 })).toBeCloseTo(1, 12);
  });
});
