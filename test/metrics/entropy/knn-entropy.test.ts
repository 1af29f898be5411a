// kNN differential entropy: golden values from test/fixtures/reference/entropy,
// Gaussian truth, duplicates, projection and invariances.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { knnEntropy, knnEntropyByLabel, knnEntropyByLabelSync, knnEntropySync } from '../../../lib/index.js';
import { REFERENCE_DIR, loadReferenceArray, relativeError } from '../../support/golden.js';
import { mapValues, multiply, randomMatrix, randomOrthogonal, type Dense } from '../../support/random.js';

interface EntropyGolden {
  tolerance: number;
  cases: Record<
    string,
    {
      x: string;
      expected: Record<'none' | 'max-norm', { k1: number; k2: number; k3: number; mean_k123: number }>;
      per_label_max_norm_mean_k123?: number[];
    }
  >;
}

const golden = JSON.parse(
  fs.readFileSync(path.join(REFERENCE_DIR, 'entropy', 'golden.json'), 'utf8'),
) as EntropyGolden;

describe('kNN entropy matches the golden cases', () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    it(`${name}: k = 1, 2, 3 and their mean, with and without max-norm`, async () => {
      const x = loadReferenceArray('entropy', c.x);
      for (const normalize of ['none', 'max-norm'] as const) {
        const e = c.expected[normalize];
        const r = await knnEntropy(x, { normalize });
        [e.k1, e.k2, e.k3].forEach((v, i) =>
          expect(relativeError(r.perK[i] ?? NaN, v)).toBeLessThanOrEqual(golden.tolerance),
        );
        expect(relativeError(r.entropy, e.mean_k123)).toBeLessThanOrEqual(golden.tolerance);
        expect(r.k).toEqual([1, 2, 3]);
      }
      if (c.per_label_max_norm_mean_k123) {
        const labels = loadReferenceArray('entropy', 'clusters_900x8_labels.npy');
        const byLabel = await knnEntropyByLabel(x, labels.data as Int32Array);
        expect(byLabel.classes).toEqual([0, 1, 2]);
        c.per_label_max_norm_mean_k123.forEach((v, i) =>
          expect(relativeError(byLabel.results[i]?.entropy ?? NaN, v)).toBeLessThanOrEqual(golden.tolerance),
        );
        expect(knnEntropyByLabelSync(x, labels.data as Int32Array).results.map((r) => r.entropy)).toEqual(
          byLabel.results.map((r) => r.entropy),
        );
      }
    });
  }
});

function gaussian(n: number, scales: number[], seed: number): Dense {
  const base = randomMatrix(n, scales.length, seed);
  return mapValues(base, (v, _i, j) => v * (scales[j] ?? 1));
}

function gaussianEntropy(scales: number[]): number {
  const d = scales.length;
  return 0.5 * (d * Math.log(2 * Math.PI * Math.E) + 2 * scales.reduce((s, v) => s + Math.log(v), 0));
}

describe('kNN entropy against known truth', () => {
  it('Gaussians N(0, Σ), d ≤ 10, S = 2000: within 5 % of ½ log((2πe)^d |Σ|)', () => {
    for (const scales of [
      [1, 2, 0.5, 3],
      [0.7, 1.1, 1.3, 0.9, 2, 1.5, 0.8, 1.2, 1, 2.5],
    ]) {
      const estimate = knnEntropySync(gaussian(2000, scales, scales.length), { normalize: 'none' }).entropy;
      const truth = gaussianEntropy(scales);
      expect(Math.abs(estimate - truth) / Math.abs(truth)).toBeLessThan(0.05);
    }
  });

  it('the ratio of two Gaussians’ entropies within 3 %', () => {
    const a = [2, 3, 1.5, 2.5, 4, 3];
    const b = [6, 9, 4.5, 7.5, 12, 9];
    const ha = knnEntropySync(gaussian(2000, a, 11), { normalize: 'none' }).entropy;
    const hb = knnEntropySync(gaussian(2000, b, 12), { normalize: 'none' }).entropy;
    const ratio = hb / ha;
    const truth = gaussianEntropy(b) / gaussianEntropy(a);
    expect(Math.abs(ratio - truth) / truth).toBeLessThan(0.03);
  });
});

describe('kNN entropy behaviour', () => {
  const x = randomMatrix(500, 8, 20);

  it('max-norm makes it invariant to translation, isotropic scaling and orthogonal maps', () => {
    const base = knnEntropySync(x).entropy;
    const moved = mapValues(multiply(x, randomOrthogonal(8, 21)), (v, _i, j) => 4.2 * v + j);
    expect(knnEntropySync(moved).entropy).toBeCloseTo(base, 9);
  });

  it('duplicate rows are floored and counted, never −∞', () => {
    const dup = { data: Float64Array.from(x.data), shape: x.shape };
    dup.data.copyWithin(8 * 5, 8 * 2, 8 * 3); // row 5 = row 2
    const r = knnEntropySync(dup);
    expect(r.flooredRows).toBe(2);
    expect(Number.isFinite(r.entropy)).toBe(true);
  });

  it('a seeded projection is reproducible and changes the dimension', () => {
    const wide = randomMatrix(400, 64, 22);
    const a = knnEntropySync(wide, { project: { dims: 16, seed: 3 } });
    expect(knnEntropySync(wide, { project: { dims: 16, seed: 3 } }).entropy).toBe(a.entropy);
    expect(knnEntropySync(wide, { project: { dims: 16, seed: 4 } }).entropy).not.toBe(a.entropy);
    expect(a.entropy).not.toBeCloseTo(knnEntropySync(wide).entropy, 1);
  });

  it('float32 input gives the float64 answer to float32 rounding', () => {
    const f32 = { data: Float32Array.from(x.data), shape: x.shape };
    const f64 = { data: Float64Array.from(f32.data), shape: x.shape };
    expect(knnEntropySync(f32).entropy).toBeCloseTo(knnEntropySync(f64).entropy, 10);
  });

  it('typed errors for bad k, too few rows, label mismatches', async () => {
    expect(() => knnEntropySync(x, { k: [0] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => knnEntropySync(x, { project: { dims: 0 } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => knnEntropySync(randomMatrix(3, 2, 1))).toThrow(
      expect.objectContaining({ code: 'TOO_FEW_SAMPLES' }),
    );
    await expect(knnEntropyByLabel(x, [1, 2])).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    const constant = { data: new Float64Array(40).fill(1), shape: [20, 2] };
    expect(() => knnEntropySync(constant)).toThrow(expect.objectContaining({ code: 'ZERO_VARIANCE' }));
  });
});
