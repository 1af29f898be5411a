// The CCA family and Procrustes: golden values from test/fixtures/reference,
// the real MNIST pair against a plain TypeScript CCA, mathematical
// properties, rank deficiency, conv feature maps and layer matrices.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  cca,
  ccaSync,
  layerSimilaritySync,
  parseNpy,
  procrustes,
  procrustesSync,
  pwcca,
  pwccaSync,
  svcca,
  svccaSync,
  type FourierCCAResult,
} from '../../../lib/index.js';
import { loadReferenceArray, relativeError, syntheticGolden } from '../../support/golden.js';
import { mapValues, multiply, randomMatrix, randomOrthogonal, type Dense } from '../../support/random.js';
import { referenceCanonicalCorrelations } from '../../support/reference-cca.js';
import { ROOT } from '../../support/built.js';

const { tolerance, cases } = syntheticGolden();

function expectClose(actual: number, expected: number, limit: number): void {
  expect(relativeError(actual, expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(limit);
}

describe('CCA family matches the golden cases', () => {
  for (const c of cases) {
    const e = c.expected;
    const limit = tolerance[c.dtype];
    if (e.cca_rho === undefined) {
      it(`${c.name}: n − 1 < p1 + p2 is refused as UNDERDETERMINED; Procrustes still works`, () => {
        expect(() => ccaSync(c.x, c.y)).toThrow(expect.objectContaining({ code: 'UNDERDETERMINED' }));
        expect(() => pwccaSync(c.x, c.y)).toThrow(expect.objectContaining({ code: 'UNDERDETERMINED' }));
        expectClose(procrustesSync(c.x, c.y).distance, e.procrustes_distance as number, limit);
      });
      continue;
    }
    it(`${c.name} (${c.dtype}): rho, mean rho, R², SVCCA, both PWCCAs, Procrustes within ${limit}`, async () => {
      const result = await cca(c.x, c.y);
      const rho = e.cca_rho as number[];
      expect(result.rho).toHaveLength(rho.length);
      rho.forEach((value, i) => expectClose(result.rho[i] ?? NaN, Math.min(value, 1), limit));
      expectClose(result.meanRho, e.cca_mean_rho as number, limit);
      expectClose(result.r2, e.r2_cca as number, limit);

      const sv = await svcca(c.x, c.y, { keep: { variance: 0.99 } });
      expect([sv.dimsX, sv.dimsY]).toEqual(e['svcca_0.99_dims']);
      expectClose(sv.meanRho, e['svcca_0.99_mean_rho'] as number, limit);
      expectClose(svccaSync(c.x, c.y).meanRho, sv.meanRho, 1e-15); // 0.99 variance is the default

      expectClose((await pwcca(c.x, c.y)).similarity, e.pwcca as number, limit);
      expectClose(
        pwccaSync(c.x, c.y, { weights: 'svcca-repo' }).similarity,
        e.pwcca_svcca_repo as number,
        limit,
      );
      const distance = (await procrustes(c.x, c.y)).distance;
      const expected = e.procrustes_distance as number;
      // Zero is matched absolutely: the distance is the square root of a difference near 0.
      if (expected === 0) expect(distance).toBeLessThan(1e-7);
      else expectClose(distance, expected, limit);
    });
  }
});

describe('CCA on real activations (two MNIST networks, 10000 x 10, float32)', () => {
  it('mean rho equals a plain TypeScript CCA', () => {
    const a = loadReferenceArray('real', 'mnist_fc_logits_a.npy');
    const b = loadReferenceArray('real', 'mnist_fc_logits_b.npy');
    const expected = referenceCanonicalCorrelations(
      a.data as Float32Array,
      b.data as Float32Array,
      10000,
      10,
      10,
    );
    const result = ccaSync(a, b);
    expected.forEach((value, i) => expectClose(result.rho[i] ?? NaN, value, 1e-6));
    const mean = expected.reduce((s, v) => s + v, 0) / expected.length;
    expectClose(result.meanRho, mean, 1e-8);
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(1);
  });
});

describe("PWCCA 'svcca-repo' on uncentred real activations", () => {
  it("is google/svcca's value on centred data (0.8418), whatever the layers' offsets", () => {
    // pwcca.py itself gives 0.7372 or 0.8087 here depending on the SVD's
    // signs (README); repsim centres first, so shifts change nothing.
    const a = loadReferenceArray('real', 'mnist_fc_logits_a.npy');
    const b = loadReferenceArray('real', 'mnist_fc_logits_b.npy');
    const value = pwccaSync(a, b, { weights: 'svcca-repo' }).similarity;
    expectClose(value, 0.8418055, 1e-6);
    const shifted = {
      data: Float64Array.from(a.data as Float32Array, (v, i) => v + 3 + (i % 10)),
      shape: a.shape,
    };
    expectClose(pwccaSync(shifted, b, { weights: 'svcca-repo' }).similarity, value, 1e-9);
  });
});

function correlated(n: number, p: number, q: number, seed: number): { x: Dense; y: Dense } {
  const x = randomMatrix(n, p, seed);
  const noise = randomMatrix(n, q, seed + 1);
  const mixed = multiply(x, randomMatrix(p, q, seed + 2));
  return { x, y: mapValues(mixed, (v, i, j) => 0.4 * v + (noise.data[i * q + j] ?? 0)) };
}

describe('invariances and bounds', () => {
  const { x, y } = correlated(400, 12, 9, 100);

  it('CCA is invariant to invertible linear maps, translation, and symmetric in x and y', () => {
    const base = ccaSync(x, y);
    const mapped = mapValues(multiply(x, randomMatrix(12, 12, 7)), (v, _i, j) => v + 10 * j);
    const mappedRho = ccaSync(mapped, y).rho;
    const swappedRho = ccaSync(y, x).rho;
    base.rho.forEach((v, i) => {
      expect(mappedRho[i]).toBeCloseTo(v, 10);
      expect(swappedRho[i]).toBeCloseTo(v, 12);
    });
    for (const v of base.rho) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(Array.from(base.rho)).toEqual([...base.rho].sort((a, b) => b - a));
  });

  it('identity: CCA of a layer with itself is all ones; Procrustes distance 0', () => {
    expect(ccaSync(x, x).meanRho).toBeCloseTo(1, 12);
    expect(svccaSync(x, x).meanRho).toBeCloseTo(1, 12);
    expect(pwccaSync(x, x).similarity).toBeCloseTo(1, 12);
    expect(procrustesSync(x, x).distance).toBeLessThan(1e-6);
  });

  it('SVCCA is invariant to orthogonal maps; Procrustes to orthogonal maps and isotropic scaling', () => {
    const rotated = multiply(x, randomOrthogonal(12, 8));
    expectClose(svccaSync(rotated, y).meanRho, svccaSync(x, y).meanRho, 1e-10);
    const scaled = mapValues(rotated, (v) => 3.5 * v - 2);
    expectClose(procrustesSync(scaled, y).distance, procrustesSync(x, y).distance, 1e-10);
    const p = procrustesSync(x, y);
    expect(p.distance ** 2).toBeCloseTo(2 - 2 * p.similarity, 12);
  });

  it('PWCCA is not invariant to orthogonal maps of the weighted side (Yellapragada 2020)', () => {
    // x has fewer neurons than z, so x's neurons carry the weights.
    const z = correlated(400, 12, 16, 200).y;
    const before = pwccaSync(x, z);
    const after = pwccaSync(multiply(x, randomOrthogonal(12, 9)), z);
    expect(Math.abs(before.similarity - after.similarity)).toBeGreaterThan(1e-3);
    // ...while its canonical correlations are.
    Array.from(after.rho).forEach((v, i) => expect(v).toBeCloseTo(before.rho[i] ?? NaN, 10));
    expect(before.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(before.distance).toBeCloseTo(1 - before.similarity, 15);
  });

  it('SVCCA keep rules: dims, variance and energy fractions', () => {
    expect(svccaSync(x, y, { keep: { dims: 4 } })).toMatchObject({ dimsX: 4, dimsY: 4 });
    const byVariance = svccaSync(x, y, { keep: { variance: 0.6 } });
    const byEnergy = svccaSync(x, y, { keep: { energy: 0.6 } });
    expect(byVariance.dimsX).toBeLessThan(12);
    // Σ|s| spreads more evenly than Σs², so the same fraction keeps at least as many.
    expect(byEnergy.dimsX).toBeGreaterThanOrEqual(byVariance.dimsX);
    expect(svccaSync(x, y, { keep: { dims: 12 } }).meanRho).toBeCloseTo(ccaSync(x, y).meanRho, 10);
  });

  it('inputs are not modified', () => {
    const copy = Float64Array.from(x.data);
    ccaSync(x, y);
    pwccaSync(x, y, { weights: 'svcca-repo' });
    svccaSync(x, y);
    procrustesSync(x, y);
    expect(x.data).toEqual(copy);
  });
});

describe('rank deficiency, n ≤ p and bad input', () => {
  const base = randomMatrix(300, 6, 300);
  const y = correlated(300, 6, 5, 301).y;
  // base, a duplicate column, a linear combination and a constant column.
  const wide: Dense = { data: new Float64Array(300 * 9), shape: [300, 9] };
  for (let i = 0; i < 300; i++) {
    for (let j = 0; j < 6; j++) wide.data[i * 9 + j] = base.data[i * 6 + j] ?? 0;
    wide.data[i * 9 + 6] = base.data[i * 6 + 2] ?? 0;
    wide.data[i * 9 + 7] = 2 * (base.data[i * 6] ?? 0) - (base.data[i * 6 + 5] ?? 0);
    wide.data[i * 9 + 8] = 7;
  }

  it('duplicated, dependent and constant columns are dropped, with the same rho', () => {
    const result = ccaSync(wide, y);
    expect(result.dimsX).toBe(6);
    Array.from(ccaSync(base, y).rho).forEach((v, i) => expect(result.rho[i]).toBeCloseTo(v, 9));
    expect(Number.isFinite(pwccaSync(wide, y).similarity)).toBe(true);
    expect(Number.isFinite(procrustesSync(wide, y).distance)).toBe(true);
  });

  it('n ≤ p: UNDERDETERMINED with an explanation, unless allowUnderdetermined', async () => {
    const a = randomMatrix(20, 15, 310);
    const b = randomMatrix(20, 10, 311);
    await expect(cca(a, b)).rejects.toMatchObject({
      code: 'UNDERDETERMINED',
      message: expect.stringMatching(/must intersect.*allowUnderdetermined/s),
    });
    const forced = ccaSync(a, b, { allowUnderdetermined: true });
    expect(forced.dimsX + forced.dimsY).toBeGreaterThan(19);
    expect(forced.rho[0]).toBeCloseTo(1, 8); // the intersection, whatever the data
    for (const v of forced.rho) expect(Number.isFinite(v)).toBe(true);
    // SVCCA reduces the dimensions first, which can make it determined.
    expect(svccaSync(a, b, { keep: { dims: 5 } }).rho).toHaveLength(5);
  });

  it('constant, non-finite, mismatched and badly-optioned inputs get typed errors', () => {
    const constant = { data: new Float64Array(300 * 3).fill(2), shape: [300, 3] };
    expect(() => ccaSync(constant, y)).toThrow(expect.objectContaining({ code: 'ZERO_VARIANCE' }));
    const withNaN = { data: Float64Array.from(base.data), shape: base.shape };
    withNaN.data[17] = Number.NaN;
    expect(() => svccaSync(withNaN, y)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => pwccaSync(randomMatrix(299, 3, 1), y)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => ccaSync(base, y, { epsilon: -1 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => svccaSync(base, y, { keep: { variance: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => procrustesSync(base, y, { allowUnderdetermined: true } as never)).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => ccaSync(base, y, { layout: 'nchw' })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('epsilon regularises as google/svcca does: small epsilon ≈ exact CCA, large shrinks rho', () => {
    const exact = ccaSync(base, y).meanRho;
    expect(ccaSync(base, y, { epsilon: 1e-10 }).meanRho).toBeCloseTo(exact, 6);
    expect(ccaSync(base, y, { epsilon: 1 }).meanRho).toBeLessThan(exact);
  });
});

// NHWC maps from a generator f(example, row, col, channel).
function featureMap(
  n: number,
  h: number,
  w: number,
  c: number,
  f: (i: number, a: number, b: number, ch: number) => number,
) {
  const data = new Float64Array(n * h * w * c);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < h; a++)
      for (let b = 0; b < w; b++)
        for (let ch = 0; ch < c; ch++) data[((i * h + a) * w + b) * c + ch] = f(i, a, b, ch);
  return { data, shape: [n, h, w, c] };
}

function toNchw(map: { data: Float64Array; shape: number[] }) {
  const [n = 0, h = 0, w = 0, c = 0] = map.shape;
  const data = new Float64Array(map.data.length);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < h; a++)
      for (let b = 0; b < w; b++)
        for (let ch = 0; ch < c; ch++)
          data[((i * c + ch) * h + a) * w + b] = map.data[((i * h + a) * w + b) * c + ch] ?? 0;
  return { data, shape: [n, c, h, w] };
}

describe('conv feature maps', () => {
  const g1 = randomMatrix(1, 60 * 4 * 4 * 3, 400).data;
  const g2 = randomMatrix(1, 60 * 4 * 4 * 5, 401).data;
  const x = featureMap(60, 4, 4, 3, (i, a, b, ch) => g1[((i * 4 + a) * 4 + b) * 3 + ch] ?? 0);
  const y = featureMap(
    60,
    4,
    4,
    5,
    (i, a, b, ch) =>
      (g2[((i * 4 + a) * 4 + b) * 5 + ch] ?? 0) + (ch < 3 ? (g1[((i * 4 + a) * 4 + b) * 3 + ch] ?? 0) : 0),
  );

  it("'channels' makes (n·h·w) × c samples, 'flatten' n × (h·w·c); NCHW gives the same", () => {
    const channels = ccaSync(x, y, { conv: 'channels' });
    expect([channels.dimsX, channels.dimsY]).toEqual([3, 5]);
    expect(ccaSync(toNchw(x), toNchw(y), { conv: 'channels', layout: 'nchw' }).rho).toEqual(channels.rho);
    const flat = procrustesSync(x, y, { conv: 'flatten' });
    expect(procrustesSync(toNchw(x), toNchw(y), { conv: 'flatten', layout: 'nchw' }).distance).toBeCloseTo(
      flat.distance,
      12,
    );
    expect(() =>
      ccaSync(x, { data: new Float64Array(60 * 9), shape: [60, 3, 3, 1] }, { conv: 'channels' }),
    ).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => ccaSync(randomMatrix(60, 4, 1), y, { conv: 'channels' })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });

  it("'dft' equals the flattened CCA when the dataset is closed under circular shifts", () => {
    // 6 base examples, every one of their 3 x 3 circular shifts: n = 54.
    const h = 3;
    const bx = randomMatrix(1, 6 * 9 * 2, 410).data;
    const by = randomMatrix(1, 6 * 9 * 2, 411).data;
    const shifted = (base: Float64Array, c: number, mix: (v: (ch: number) => number, ch: number) => number) =>
      featureMap(54, h, h, c, (i, a, b, ch) => {
        const e = Math.floor(i / 9);
        const da = Math.floor((i % 9) / 3);
        const db = i % 3;
        const at = (k: number) => base[((e * h + ((a + da) % h)) * h + ((b + db) % h)) * 2 + k] ?? 0;
        return mix(at, ch);
      });
    const mx = shifted(bx, 2, (at, ch) => at(ch));
    const my = shifted(by, 2, (at, ch) => at(ch));
    // y correlates with x through a channel mix of x's shifted values.
    const yx = featureMap(
      54,
      h,
      h,
      2,
      (i, a, b, ch) =>
        (my.data[((i * h + a) * h + b) * 2 + ch] ?? 0) +
        0.7 * (mx.data[((i * h + a) * h + b) * 2 + (1 - ch)] ?? 0),
    );
    const fourier = ccaSync(mx, yx, { conv: 'dft' }) as FourierCCAResult;
    const flat = ccaSync(mx, yx, { conv: 'flatten' });
    expect(fourier.rho).toHaveLength(flat.rho.length);
    Array.from(flat.rho).forEach((v, i) => expect(fourier.rho[i]).toBeCloseTo(v, 8));
    expect(fourier.frequencyHeight * fourier.frequencyWidth).toBe(9);
  });

  it("'dft' matches a numpy restatement of google/svcca's fourier_ccas (same and different sizes)", () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'fourier-cca');
    const load = (file: string) => parseNpy(fs.readFileSync(path.join(dir, file)), file);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
      cases: Record<string, { frequencyHeight: number; frequencyWidth: number; rho: number[][] }>;
    };
    const fx = load('x_300x5x5x4.npy');
    for (const [name, other] of [
      ['same_size', load('y_300x5x5x6.npy')],
      ['resized', load('z_300x2x2x4.npy')],
    ] as const) {
      const e = expected.cases[name];
      if (!e) throw new Error(`fixture case ${name} missing`);
      const result = ccaSync(fx, other, { conv: 'dft' }) as FourierCCAResult;
      expect([result.frequencyHeight, result.frequencyWidth]).toEqual([e.frequencyHeight, e.frequencyWidth]);
      // google's route runs its FFT in complex64: agreement to ~1e-7.
      const pooled = e.rho.flat().sort((a, b) => b - a);
      pooled.forEach((v, i) => expectClose(result.rho[i] ?? NaN, v, 1e-5));
      e.rho.forEach((rho, k) => {
        const mean = rho.reduce((s, v) => s + v, 0) / rho.length;
        expect(result.frequencyMeanRho[k]).toBeCloseTo(mean, 6);
      });
    }
  });
});

describe('layerSimilarity with CCA metrics', () => {
  const layers = [correlated(300, 8, 6, 500), correlated(300, 5, 7, 510)].flatMap((p) => [p.x, p.y]);

  it('every entry equals the pair computation', () => {
    const pairs = {
      cca: (a: Dense, b: Dense) => ccaSync(a, b).meanRho,
      svcca: (a: Dense, b: Dense) => svccaSync(a, b, { keep: { dims: 4 } }).meanRho,
      pwcca: (a: Dense, b: Dense) => pwccaSync(a, b, { weights: 'svcca-repo' }).similarity,
      procrustes: (a: Dense, b: Dense) => procrustesSync(a, b).distance,
    } as const;
    for (const [metric, pair] of Object.entries(pairs)) {
      const options =
        metric === 'svcca'
          ? { keep: { dims: 4 } }
          : metric === 'pwcca'
            ? { weights: 'svcca-repo' as const }
            : {};
      const m = layerSimilaritySync(layers, undefined, { metric: metric as 'cca', ...options });
      expect(m.metric).toBe(metric);
      // The Procrustes distance sqrt(2 - 2s) turns a rounding-level difference
      // in s into ~1e-8 near 0 (a layer against itself), so its square is compared.
      const compared = (v: number) => (metric === 'procrustes' ? v * v : v);
      layers.forEach((a, i) =>
        layers.forEach((b, j) =>
          expect(compared(m.get(i, j)), `${metric} ${i},${j}`).toBeCloseTo(compared(pair(a, b)), 9),
        ),
      );
    }
  });

  it('rejects options of other metrics', () => {
    expect(() => layerSimilaritySync(layers, undefined, { metric: 'cca', keep: { dims: 2 } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining("'svcca'") }),
    );
    expect(() => layerSimilaritySync(layers, undefined, { metric: 'procrustes', debiased: true })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});
