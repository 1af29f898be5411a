// permutationTestLayers: every cell equals permutationTest of that pair (same
// shuffles, same p-value), while each layer's Gram is built once, not once
// per cell; the budget fallback, the other routes, progress and bad input.
import { describe, expect, it } from 'vitest';

import {
  kernelCKASync,
  permutationTestLayers,
  permutationTestLayersSync,
  permutationTestSync,
  type LayerMetric,
} from '../../lib/index.js';
import { randomMatrix, type Dense } from '../support/random.js';

const n = 150;
const a = { a1: randomMatrix(n, 40, 1), a2: randomMatrix(n, 30, 2), a3: randomMatrix(n, 20, 3) };
// b1 shares a1's signal, so its p-value is small; b2 is independent.
const b1: Dense = {
  data: a.a1.data.map((v, i) => v + 0.5 * (randomMatrix(n, 40, 4).data[i] ?? 0)),
  shape: [n, 40],
};
const b = { b1, b2: randomMatrix(n, 25, 5) };

function expectCellsMatchPairTests(
  metric: LayerMetric,
  options: Record<string, unknown>,
  tolerance: number,
  layersA: Record<string, Dense> = a,
  layersB: Record<string, Dense> = b,
) {
  const t = permutationTestLayersSync(metric, layersA, layersB, { permutations: 200, seed: 3, ...options });
  const count = (options.permutations as number | undefined) ?? 200;
  for (const [i, x] of Object.values(layersA).entries()) {
    for (const [j, y] of Object.values(layersB).entries()) {
      const pair = permutationTestSync(metric, x, y, { permutations: count, seed: 3, ...options });
      expect(t.pValues.get(i, j), `${metric} cell ${i},${j}`).toBe(pair.pValue);
      expect(t.values.get(i, j)).toBeCloseTo(pair.value, tolerance);
      expect(t.nullMeans.get(i, j)).toBeCloseTo(pair.nullMean, tolerance);
    }
  }
  return t;
}

describe('permutationTestLayers', () => {
  it('kernel CKA: every cell is the pair test, from one Gram per layer (A + B, not 2·A·B)', () => {
    const t = expectCellsMatchPairTests('kernel-cka', {}, 10);
    expect(t.routes.every((r) => r === 'gram')).toBe(true);
    expect(t.gramsBuilt).toBe(5);
    expect(t.values.get('a1', 'b1')).toBeCloseTo(kernelCKASync(a.a1, b1), 10);
    expect(t.pValues.get('a1', 'b1')).toBeCloseTo(1 / 201, 12);
    expect(t.pValues.get('a3', 'b2')).toBeGreaterThan(0.01);
    expect(t.pValues.labelsA).toEqual(['a1', 'a2', 'a3']);
  });

  it('within one model, each layer Gram serves both sides', () => {
    const t = permutationTestLayersSync('kernel-cka', a, undefined, { permutations: 50 });
    expect(t.gramsBuilt).toBe(3);
    expect(t.values.rows).toBe(3);
    expect(t.values.cols).toBe(3);
    for (let i = 0; i < 3; i++) expect(t.values.get(i, i)).toBeCloseTo(1, 12);
  });

  it('the feature and whitened routes give the pair tests exactly', () => {
    const linear = expectCellsMatchPairTests('linear-cka', {}, 12);
    expect(linear.gramsBuilt).toBe(0);
    const svcca = expectCellsMatchPairTests('svcca', {}, 12);
    expect(svcca.routes.every((r) => r === 'whitened')).toBe(true);
  });

  it('when the Grams do not fit together, cells fall back to their own (same p-values)', () => {
    const big = 2000; // Grams large next to the tiles the budget also covers (~24 MiB)
    const oneGram = 8 * big * big;
    const t = expectCellsMatchPairTests(
      'kernel-cka',
      { maxMemoryBytes: 2.5 * oneGram, permutations: 20 },
      10,
      { x1: randomMatrix(big, 8, 7), x2: randomMatrix(big, 6, 8) },
      { y1: randomMatrix(big, 7, 9) },
    );
    expect(t.gramsBuilt).toBe(2 * 2);
  });

  it('reports cells × permutations of progress, and stops at its signal', async () => {
    const seen: [number, number][] = [];
    await permutationTestLayers('kernel-cka', a, b, {
      permutations: 100,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen.at(-1)).toEqual([600, 600]);
    expect(seen.every(([, total]) => total === 600)).toBe(true);
    await expect(
      permutationTestLayers('kernel-cka', a, b, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses what permutationTest refuses', () => {
    expect(() => permutationTestLayersSync('nope' as never, a, b)).toThrow(/metric must be one of/);
    expect(() => permutationTestLayersSync('linear-cka', a, b, { permutations: 0 })).toThrow(/permutations/);
    expect(() => permutationTestLayersSync('linear-cka', a, b, { keep: { dims: 2 } })).toThrow(
      /does not apply/,
    );
    expect(() => permutationTestLayersSync('linear-cka', a, { short: randomMatrix(10, 3, 6) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
