// Grounding tests (Ding et al. 2021; Kornblith et al. 2019): specificity on
// planted "two seeds" data, rank correlation with a known functional order,
// and sensitivity to deleted principal components.
import { describe, expect, it } from 'vitest';

import {
  grounding,
  rankCorrelation,
  sensitivity,
  spearman,
  specificity,
  type Matrix,
} from '../../lib/index.js';
import { gaussian, multiply, randomMatrix, randomOrthogonal, type Dense } from '../support/random.js';

function relu(x: Dense): Dense {
  return { data: x.data.map((v) => Math.max(0, v)), shape: x.shape };
}

function noisy(x: Dense, scale: number, seed: number): Dense {
  const next = gaussian(seed);
  return { data: x.data.map((v) => v + scale * next()), shape: x.shape };
}

/**
 * "Seeds" of one network: the same hidden states per layer (a random ReLU
 * stack), each seed seeing them through its own rotation plus noise.
 */
function plantedSeeds(seeds: number, layers: number, n: number, width: number): Dense[][] {
  const states: Dense[] = [];
  let h = randomMatrix(n, width, 1);
  for (let l = 0; l < layers; l++) {
    h = relu(multiply(h, randomMatrix(width, width, 100 + l)));
    states.push(h);
  }
  return Array.from({ length: seeds }, (_, s) =>
    states.map((state, l) =>
      noisy(multiply(state, randomOrthogonal(width, 1000 + 10 * s + l)), 0.1, 5000 + 10 * s + l),
    ),
  );
}

describe('specificity', () => {
  it('finds the planted layer correspondence with linear CKA (accuracy 1)', async () => {
    const seeds = plantedSeeds(3, 5, 300, 12);
    const r = await specificity(seeds, 'linear-cka');
    expect(r.accuracy).toBe(1);
    expect(Array.from(r.perLayer)).toEqual([1, 1, 1, 1, 1]);
    expect(r.seeds).toBe(3);
    expect(r.layers).toBe(5);
  });

  it('is near chance when the layers of the seeds have nothing in common', async () => {
    const seeds = [0, 1].map((s) =>
      Array.from({ length: 6 }, (_, l) => randomMatrix(200, 8, 300 + 10 * s + l)),
    );
    const r = await grounding.specificity(seeds, 'linear-cka');
    expect(r.accuracy).toBeLessThan(0.5);
  });

  it('works with Procrustes (a distance: the smallest wins) and with function metrics', async () => {
    const seeds = plantedSeeds(2, 4, 200, 10);
    expect((await specificity(seeds, 'procrustes')).accuracy).toBe(1);
    const minusDistance = async (a: Matrix, b: Matrix) => {
      const { procrustesSync } = await import('../../lib/index.js');
      return -procrustesSync(a, b).distance;
    };
    expect((await specificity(seeds, minusDistance)).accuracy).toBe(1);
  });

  it('refuses seeds with different numbers of layers', async () => {
    const seeds = plantedSeeds(2, 3, 50, 4);
    await expect(
      specificity([seeds[0] as Dense[], (seeds[1] as Dense[]).slice(1)], 'linear-cka'),
    ).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

describe('rank correlation with functional differences', () => {
  const base = randomMatrix(200, 8, 60);
  const levels = [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4];
  const pairs = levels.map((noise, i) => ({
    a: base,
    b: noisy(base, noise, 70 + i),
    functionalDifference: noise,
  }));

  it('is 1 when dissimilarity grows with the functional difference, with a bootstrap interval', async () => {
    const r = await rankCorrelation(pairs, 'linear-cka', { resamples: 200, seed: 1 });
    expect(r.rho).toBeCloseTo(1, 12);
    expect(r.rho).toBeCloseTo(spearman(r.dissimilarities, r.functionalDifferences), 15);
    expect(r.high).toBeCloseTo(1, 12);
    expect(r.low).toBeGreaterThan(0.5);
    expect(r.resamples).toBeGreaterThan(150);
    // Procrustes is a distance and agrees; a shuffled difference does not.
    expect((await rankCorrelation(pairs, 'procrustes', { resamples: 50 })).rho).toBeCloseTo(1, 12);
    const shuffled = pairs.map((p, i) => ({ ...p, functionalDifference: [3, 7, 1, 5, 0, 6, 2, 4][i] ?? 0 }));
    const none = await rankCorrelation(shuffled, 'linear-cka', { resamples: 200 });
    expect(Math.abs(none.rho)).toBeLessThan(0.5);
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
  });

  it('takes function metrics as similarities or distances', async () => {
    const { linearCKASync } = await import('../../lib/index.js');
    const similarity = await rankCorrelation(pairs, (a, b) => linearCKASync(a, b), { resamples: 10 });
    const distance = await rankCorrelation(pairs, (a, b) => 1 - linearCKASync(a, b), {
      resamples: 10,
      direction: 'distance',
    });
    expect(similarity.rho).toBeCloseTo(1, 12);
    expect(distance.dissimilarities).toEqual(similarity.dissimilarities);
    await expect(rankCorrelation(pairs.slice(0, 3), 'linear-cka')).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});

describe('sensitivity to deleted principal components', () => {
  // Widths with clearly ordered variances.
  const x: Dense = (() => {
    const m = randomMatrix(400, 8, 80);
    return { data: m.data.map((v, i) => v * 2 ** (4 - (i % 8) / 2)), shape: m.shape };
  })();

  it('linear CKA falls and Procrustes distance rises as top components go; CCA does not notice', async () => {
    const cka = await sensitivity(x, 'linear-cka', { dropComponents: [0, 1, 2, 4] });
    expect(cka.dropped).toEqual([0, 1, 2, 4]);
    expect(cka.values[0]).toBeCloseTo(1, 12);
    for (let i = 1; i < 4; i++) expect(cka.values[i]).toBeLessThan(cka.values[i - 1] ?? 0);
    expect(cka.removedVariance[0]).toBe(0);
    expect(cka.removedVariance[1]).toBeGreaterThan(0.4);
    const procrustes = await sensitivity(x, 'procrustes', { dropComponents: [0, 1, 2, 4] });
    expect(procrustes.values[0]).toBeLessThan(1e-6);
    for (let i = 1; i < 4; i++) expect(procrustes.values[i]).toBeGreaterThan(procrustes.values[i - 1] ?? 0);
    const ccaValues = await sensitivity(x, 'cca', { dropComponents: [0, 2, 4] });
    for (const v of ccaValues.values) expect(v).toBeCloseTo(1, 6);
  });

  it('defaults to 0, 1, 2, 4, … below the width and refuses deleting everything', async () => {
    expect((await sensitivity(x, 'linear-cka')).dropped).toEqual([0, 1, 2, 4]);
    await expect(sensitivity(x, 'linear-cka', { dropComponents: [8] })).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});
