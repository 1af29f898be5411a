// All-pairs layer matrices equal the pairwise values and have the expected structure.
import { describe, expect, it } from 'vitest';

import {
  LayerMatrix,
  RepsimError,
  kernelCKASync,
  layerSimilarity,
  layerSimilaritySync,
  linearCKASync,
  type LayerSimilarityOptions,
} from '../../lib/index.js';
import { gaussian, mapValues, multiply, randomMatrix, type Dense } from '../support/random.js';

/** A small "network": each layer a noisy nonlinear function of the previous one. */
function network(seed: number, widths: number[], input: Dense): Dense[] {
  const layers: Dense[] = [];
  let current = input;
  widths.forEach((width, i) => {
    const next = gaussian(seed * 100 + i);
    current = mapValues(
      multiply(current, randomMatrix(current.shape[1], width, seed * 1000 + i)),
      (v) => Math.max(0, v) + 0.1 * next(),
    );
    layers.push(current);
  });
  return layers;
}

const input = randomMatrix(120, 10, 1);
const modelA = network(2, [16, 12, 8, 6], input);
const modelB = network(3, [14, 10, 9], input);

const metrics: [LayerSimilarityOptions, (x: Dense, y: Dense) => number][] = [
  [{ metric: 'linear-cka' }, (x, y) => linearCKASync(x, y)],
  [{ metric: 'linear-cka', form: 'gram' }, (x, y) => linearCKASync(x, y, { form: 'gram' })],
  [{ metric: 'debiased-cka' }, (x, y) => linearCKASync(x, y, { debiased: true })],
  [{ metric: 'kernel-cka' }, (x, y) => kernelCKASync(x, y)],
  [
    { metric: 'kernel-cka', debiased: true, threshold: 0.5 },
    (x, y) => kernelCKASync(x, y, { debiased: true, threshold: 0.5 }),
  ],
  [
    { metric: 'kernel-cka', kernel: 'polynomial', degree: 2 },
    (x, y) => kernelCKASync(x, y, { kernel: 'polynomial', degree: 2 }),
  ],
];

describe('layerSimilarity', () => {
  for (const [options, pair] of metrics) {
    const label = JSON.stringify(options);

    it(`between two models equals the per-pair values to 1e-10: ${label}`, async () => {
      const m = await layerSimilarity(modelA, modelB, options);
      expect(m).toBeInstanceOf(LayerMatrix);
      expect([m.rows, m.cols]).toEqual([4, 3]);
      expect(m.metric).toBe(options.metric);
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 3; j++) {
          expect(Math.abs(m.get(i, j) - pair(modelA[i] as Dense, modelB[j] as Dense))).toBeLessThan(1e-10);
        }
      }
    });

    it(`within one model is symmetric with a unit diagonal: ${label}`, () => {
      const m = layerSimilaritySync(modelA, undefined, options);
      expect([m.rows, m.cols]).toEqual([4, 4]);
      for (let i = 0; i < 4; i++) {
        expect(m.get(i, i)).toBe(1);
        for (let j = 0; j < 4; j++) {
          expect(m.get(i, j)).toBe(m.get(j, i));
          if (i !== j)
            expect(Math.abs(m.get(i, j) - pair(modelA[i] as Dense, modelA[j] as Dense))).toBeLessThan(1e-10);
        }
      }
    });
  }

  it('named layers (object or Map) label the matrix; get() takes names', () => {
    const named = { conv: modelA[0] as Dense, fc: modelA[3] as Dense };
    const m = layerSimilaritySync(named, new Map([['head', modelB[2] as Dense]]));
    expect(m.labelsA).toEqual(['conv', 'fc']);
    expect(m.labelsB).toEqual(['head']);
    expect(m.get('fc', 'head')).toBe(m.get(1, 0));
    expect(() => m.get('nope', 'head')).toThrow(/no row layer named 'nope' \(names: conv, fc\)/);
    expect(() => m.get(2, 0)).toThrow(/row 2 is outside 0\.\.1/);
    expect(m.toJSON()).toEqual({
      metric: 'linear-cka',
      rows: 2,
      cols: 1,
      values: [m.get(0, 0), m.get(1, 0)],
      labelsA: ['conv', 'fc'],
      labelsB: ['head'],
    });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m.toJSON());
    expect(m.toArray()).toEqual([[m.get(0, 0)], [m.get(1, 0)]]);
  });

  it('names the layer in errors', () => {
    const broken = [...modelA];
    broken[2] = randomMatrix(119, 8, 9);
    expect(() => layerSimilaritySync(broken)).toThrow(/layersA\[0\] has 120 rows but layersA\[2\] has 119/);
    const constant = {
      a: modelA[0] as Dense,
      flat: { data: new Float64Array(120 * 3).fill(4), shape: [120, 3] },
    };
    expect(() => layerSimilaritySync(constant)).toThrow(/layersA\.flat has zero variance/);
  });

  it('rejects options of the wrong metric and empty layer lists', () => {
    expect(() => layerSimilaritySync(modelA, modelB, { sigma: 2 })).toThrow(
      /'sigma' does not apply to metric 'linear-cka'/,
    );
    expect(() => layerSimilaritySync(modelA, modelB, { metric: 'kernel-cka', form: 'feature' })).toThrow(
      /'form' does not apply to metric 'kernel-cka'/,
    );
    expect(() => layerSimilaritySync([], modelB)).toThrow(RepsimError);
    expect(() => layerSimilaritySync(modelA, modelB, { metric: 'bogus' as 'linear-cka' })).toThrow(
      /'metric' must be one of/,
    );
  });
});

describe('Gram form with and without centred copies of the layers', () => {
  // 4 layers of 600 x 2000: the copies (38 MB) fit the default budget but not
  // 50 MB beside the tiled engine's ~35 MB, so the second call centres every
  // tile's rows on the fly instead. Both routes must agree.
  const layers = [1, 2, 3, 4].map((seed) => randomMatrix(600, 2000, seed));

  it('gives the same matrix (linear and RBF kernels)', () => {
    for (const options of [{ form: 'gram' as const }, { metric: 'kernel-cka' as const, sigma: 60 }]) {
      const copied = layerSimilaritySync(layers, undefined, options);
      const onTheFly = layerSimilaritySync(layers, undefined, { ...options, maxMemoryBytes: 50 * 2 ** 20 });
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          expect(Math.abs(copied.get(i, j) - onTheFly.get(i, j))).toBeLessThan(1e-13);
        }
      }
    }
  });
});
