// The measure table through every door: the function pair of each measure,
// layerSimilarity and permutationTest with its registry name, symmetry,
// bounds, the options that belong to one measure, and the errors.
import { describe, expect, it } from 'vitest';

import * as repsim from '../../../lib/index.js';
import { METRICS, layerSimilaritySync, permutationTestSync, type LayerMetric } from '../../../lib/index.js';
import { mapValues, multiply, randomMatrix } from '../../support/random.js';

const measures = METRICS.filter((m) => m.family === 'measure');
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
type PairFn = (x: unknown, y: unknown, options?: unknown) => number;
const syncOf = (name: string) =>
  (repsim as unknown as Record<string, PairFn>)[`${camel(name)}Sync`] as PairFn;
type AsyncFn = (x: unknown, y: unknown, options?: unknown) => Promise<number>;
const asyncOf = (name: string) => (repsim as unknown as Record<string, AsyncFn>)[camel(name)] as AsyncFn;

const x = randomMatrix(90, 5, 1);
const y = mapValues(multiply(x, randomMatrix(5, 7, 2)), (v) => Math.tanh(v) + 0.1);
const z = randomMatrix(90, 4, 3);

/** What each measure promises about its range. */
const BOUNDS: Record<string, [number, number]> = {
  'aligned-cosine': [-1, 1],
  'angular-shape': [0, Math.PI / 2],
  'shape-metric': [0, Math.PI / 2],
  'hard-correlation-match': [-1, 1],
  'soft-correlation-match': [-1, 1],
  'linear-regression': [0, 1],
  'eigenspace-overlap': [0, 1],
  'concentricity-difference': [0, 2],
};

describe.each(measures.map((m) => [m.name, m] as const))('%s', (name, entry) => {
  const sync = syncOf(name);

  it('has a function pair giving the same value, and is the registry metric of layerSimilarity', async () => {
    expect(typeof sync).toBe('function');
    const value = sync(x, y);
    expect(Number.isFinite(value)).toBe(true);
    expect(await asyncOf(name)(x, y)).toBe(value);
    const m = layerSimilaritySync({ x, z }, { y }, { metric: name as LayerMetric });
    expect(m.get('x', 'y')).toBe(value);
    expect(m.get('z', 'y')).toBe(sync(z, y));
  });

  it('keeps its bounds, is symmetric unless it says otherwise, and names its direction', () => {
    const [low, high] = BOUNDS[name] ?? [0, Infinity];
    for (const [a, b] of [
      [x, y],
      [y, z],
      [z, x],
    ] as const) {
      const v = sync(a, b);
      expect(v).toBeGreaterThanOrEqual(low - 1e-12);
      expect(v).toBeLessThanOrEqual(high + 1e-12);
      // Linear regression is asymmetric by definition; CKNNA because its masked kernels are not
      // symmetric (platonic-rep's Σ K̃L̃ differs from Σ L̃K̃).
      if (name !== 'linear-regression' && name !== 'cknna') expect(sync(b, a)).toBeCloseTo(v, 9);
    }
    expect(['similarity', 'distance']).toContain(entry.direction);
  });

  it('runs in permutationTest by name (its value the pair value)', () => {
    const t = permutationTestSync(name as LayerMetric, x, y, { permutations: 20, seed: 1 });
    expect(t.value).toBe(sync(x, y));
    expect(t.route).toBe('recompute');
    expect(t.alternative).toBe(entry.direction === 'distance' ? 'less' : 'greater');
  });

  it('refuses bad input and options of other measures with typed errors', () => {
    expect(() => sync(x, randomMatrix(80, 5, 4))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    const nan = mapValues(x, (v, i, j) => (i === 3 && j === 2 ? Number.NaN : v));
    expect(() => sync(nan, y)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    const foreign = name === 'gulp' ? { t: 1 } : { lambda: 1 };
    expect(() => sync(x, y, foreign)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => sync(x, y, { nope: 1 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('measure options', () => {
  it('shape-metric: alpha moves between the angular shape metric (1) and arccos(mean ρ) (0)', () => {
    const same = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);
    const wide = randomMatrix(90, 5, 5);
    same(repsim.shapeMetricSync(x, wide, { alpha: 1 }), repsim.angularShapeSync(x, wide));
    same(
      repsim.shapeMetricSync(x, wide, { alpha: 1, distance: 'euclidean' }),
      repsim.procrustesSizeShapeSync(x, wide),
    );
    same(repsim.shapeMetricSync(x, wide, { alpha: 0 }), Math.acos(repsim.ccaSync(x, wide).meanRho));
    expect(() => repsim.shapeMetricSync(x, y, { alpha: 2 })).toThrow(/alpha/);
  });

  it('gulp: lambda = 0 is rank x + rank y − 2 Σρ², and the ridge shrinks it', () => {
    const rho = repsim.ccaSync(x, y).rho;
    const sum = Array.from(rho).reduce((s, r) => s + r * r, 0);
    expect(repsim.gulpSync(x, y)).toBeCloseTo(5 + 7 - 2 * sum, 8);
    expect(repsim.gulpSync(x, y, { lambda: 10 })).toBeLessThan(repsim.gulpSync(x, y));
  });

  it("rsa: Kendall's τ-b and Pearson as the outer comparison; each 1 for a layer with itself", () => {
    for (const outer of ['spearman', 'kendall', 'pearson'] as const) {
      expect(repsim.rsaSync(x, x, { outer })).toBeCloseTo(1, 12);
      const v = repsim.rsaSync(x, y, { outer, inner: 'euclidean' });
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    // τ is smaller than ρ for the same monotone association.
    expect(repsim.rsaSync(x, y, { outer: 'kendall' })).toBeLessThan(repsim.rsaSync(x, y));
  });

  it('uniformity-difference: t is the temperature', () => {
    expect(repsim.uniformityDifferenceSync(x, z, { t: 0.5 })).not.toBeCloseTo(
      repsim.uniformityDifferenceSync(x, z),
      6,
    );
    expect(() => repsim.uniformityDifferenceSync(x, z, { t: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('linear-regression is asymmetric: a layer explains its own projection fully, not the reverse', () => {
    const part = { data: x.data.filter((_, k) => k % 5 < 2), shape: [90, 2] as [number, number] };
    expect(repsim.linearRegressionSync(part, x)).toBeCloseTo(1, 12);
    expect(repsim.linearRegressionSync(x, part)).toBeLessThan(0.9);
  });
});

describe('CCA family extras', () => {
  it("procrustes reports the angular shape metric; cca and svcca google/svcca's thresholded mean", () => {
    const w = randomMatrix(90, 6, 6);
    const p = repsim.procrustesSync(x, w);
    expect(p.angular).toBeCloseTo(Math.acos(p.similarity), 14);
    expect(p.angular).toBeCloseTo(repsim.angularShapeSync(x, w), 10);
    // sum_threshold(ρ, t): the first i with Σρ[:i] ≥ t·Σρ; the mean of ρ[:i].
    const google = (rho: Float64Array, t: number) => {
      const total = rho.reduce((s, r) => s + r, 0);
      let head = 0;
      for (let i = 0; i < rho.length; i++) {
        if (head >= t * total) return i === 0 ? 0 : head / i;
        head += rho[i] ?? 0;
      }
      return total / rho.length;
    };
    for (const t of [0.98, 0.5, 0.9]) {
      const c = repsim.ccaSync(x, w, { threshold: t });
      expect(c.thresholdMeanRho).toBeCloseTo(google(c.rho, t), 14);
      const s = repsim.svccaSync(x, w, { threshold: t, keep: { dims: 3 } });
      expect(s.thresholdMeanRho).toBeCloseTo(google(s.rho, t), 14);
    }
    expect(repsim.ccaSync(x, w).thresholdMeanRho).toBeCloseTo(google(repsim.ccaSync(x, w).rho, 0.98), 14);
    expect(() => repsim.ccaSync(x, w, { threshold: 2 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});
