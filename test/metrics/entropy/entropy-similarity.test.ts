// The converter ratio and the Si(l, r) assembly of docs/entropy-similarity.md.
import { describe, expect, it } from 'vitest';

import {
  ConverterTable,
  converterRatio,
  converterRatioSync,
  entropySimilarity,
  entropySimilaritySync,
  knnEntropySync,
} from '../../../lib/index.js';
import { mapValues, multiply, randomMatrix, randomOrthogonal, type Dense } from '../../support/random.js';

const relu = (m: Dense) => mapValues(m, (v) => Math.max(0, v));

/** A small seeded MLP: hidden ReLU layers of `width`, a linear output of 4 classes. */
function mlp(inputs: Dense, depth: number, width: number, seed: number): Dense[] {
  const layers: Dense[] = [];
  let current = inputs;
  for (let l = 0; l < depth; l++) {
    const out = l === depth - 1 ? 4 : width;
    const w = mapValues(
      randomMatrix(current.shape[1], out, seed + l),
      (v) => v / Math.sqrt(current.shape[1]),
    );
    current = l === depth - 1 ? multiply(current, w) : relu(multiply(current, w));
    layers.push(current);
  }
  return layers;
}

const inputs = randomMatrix(400, 6, 1);
const modelA = mlp(inputs, 4, 8, 100);
const modelB = mlp(inputs, 4, 8, 200);

describe('converterRatio', () => {
  const p = randomMatrix(500, 6, 2);
  it('is ≈ 1 for a linear target, ≈ 0 for an independent one; Promise equals Sync', async () => {
    expect(converterRatioSync(p, multiply(p, randomMatrix(6, 3, 3))).ratio).toBeGreaterThan(0.999);
    const none = await converterRatio(p, randomMatrix(500, 3, 4));
    expect(none.ratio).toBeLessThan(0.05);
    expect(none.ratio + none.loss).toBeCloseTo(1, 15);
    expect(converterRatioSync(p, randomMatrix(500, 3, 4))).toEqual(none);
  });

  it('is invariant to isotropic scaling and rotations of the source and the target', () => {
    const q = mapValues(multiply(p, randomMatrix(6, 4, 5)), (v, i) => Math.tanh(v) + 0.1 * ((i * 7919) % 13));
    const base = converterRatioSync(p, q).ratio;
    const p2 = mapValues(multiply(p, randomOrthogonal(6, 6)), (v) => 3 * v + 1);
    const q2 = mapValues(multiply(q, randomOrthogonal(4, 7)), (v) => 0.2 * v);
    expect(converterRatioSync(p2, q2).ratio).toBeCloseTo(base, 8);
  });

  it('rejects bad options', () => {
    expect(() => converterRatioSync(p, p, { holdout: 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => converterRatioSync(p, p, { ridge: -1 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});

/** A table with every ratio needed set to `value`. */
function fullTable(value: number, la: number, lb: number): ConverterTable {
  const table = new ConverterTable();
  for (let l = 0; l < la; l++) {
    for (let r = 0; r < lb; r++) {
      table.setRatio({ model: 'A', layer: l }, { model: 'B', layer: r }, value);
      table.setRatio({ model: 'B', layer: r }, { model: 'A', layer: l }, value);
    }
  }
  return table;
}

describe('entropySimilarity assembles Si(l, r) as the spec says', () => {
  it('l < r, l > r, l = r with lookahead, the output layers, clipping', () => {
    const table = fullTable(0.5, 4, 4);
    table.setRatio({ model: 'A', layer: 1 }, { model: 'B', layer: 2 }, 0.9);
    table.setRatio({ model: 'A', layer: 1 }, { model: 'B', layer: 3 }, 0.3);
    const r = entropySimilaritySync(modelA, modelB, { converter: table, asymmetric: true });
    const ha = r.entropiesA;
    const hb = r.entropiesB;
    const clip = (v: number) => Math.min(1, Math.max(0, v));
    const h = (arr: Float64Array, i: number) => arr[i] ?? NaN;
    // l < r: ratio(A_l → B_r) · H_B(r) / H_A(l)
    expect(r.si.get(0, 2)).toBeCloseTo(clip((0.5 * h(hb, 2)) / h(ha, 0)), 12);
    // l > r: ratio(B_r → A_l) · H_A(l) / H_B(r)
    expect(r.si.get(3, 1)).toBeCloseTo(clip((0.5 * h(ha, 3)) / h(hb, 1)), 12);
    // l = r = 1: mean over B_2, B_3 of ratio(A_1 → ·) vs mean over A_2, A_3 of ratio(B_1 → ·)
    const ab = ((0.9 + 0.3) / 2) * (h(hb, 1) / h(ha, 1));
    const ba = 0.5 * (h(ha, 1) / h(hb, 1));
    expect(r.si.get(1, 1)).toBeCloseTo(clip(Math.max(ab, ba)), 12);
    // last layers: agreement · min(H) / max(H)
    const last = ((r.agreement ?? NaN) * Math.min(h(ha, 3), h(hb, 3))) / Math.max(h(ha, 3), h(hb, 3));
    expect(r.si.get(3, 3)).toBeCloseTo(last, 12);
    expect(r.agreement).toBeGreaterThan(0);
    for (const v of r.si.values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // asymmetric shares come from the same ratio: B's share of A_0 → B_2 is the ratio itself
    expect(r.siBgivenA?.get(0, 2)).toBeCloseTo(0.5, 12);
    // 'direct' uses ratio(A_l → B_r) on the diagonal
    const direct = entropySimilaritySync(modelA, modelB, { converter: table, sameDepth: 'direct' });
    expect(direct.si.get(1, 1)).toBeCloseTo(clip(0.5 * (h(hb, 1) / h(ha, 1))), 12);
  });

  it('shifts every entropy when one is negative, so the smallest becomes 1', () => {
    const tiny = modelA.map((m, i) => (i === 3 ? mapValues(m, (v) => v * 1e-3) : m));
    const r = entropySimilaritySync(tiny, modelB, { converter: fullTable(0.5, 4, 4) });
    expect(r.shift).toBeGreaterThan(0);
    const raw = knnEntropySync(tiny[3] as Dense, { normalize: 'none' }).entropy;
    expect(raw).toBeLessThan(0);
    expect(Math.min(...r.entropiesA, ...r.entropiesB)).toBeCloseTo(1, 9);
    expect(r.entropiesA[3]).toBeCloseTo(raw + r.shift, 9);
  });

  it('checks k, project and the outputs as knnEntropy and every matrix input do', () => {
    const bad = (options: object, pattern: RegExp) =>
      expect(() => entropySimilaritySync(modelA, modelB, options as never)).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringMatching(pattern) }),
      );
    bad({ k: [1, 1001] }, /integers from 1 to 1000/);
    bad({ project: () => 3 }, /dims: a positive integer/);
    bad({ project: { dims: 0 } }, /dims: a positive integer/);
    bad({ outputsA: () => [[1]] }, /a matrix/);
    bad({ asymmetric: 'yes' }, /true or false/);
  });

  it('a missing ConverterTable pair is an error naming it', () => {
    const table = new ConverterTable().setLoss({ model: 'A', layer: 0 }, { model: 'B', layer: 1 }, 0.2);
    expect(() => entropySimilaritySync(modelA, modelB, { converter: table })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/A\[0\] → B\[2\]/) }),
    );
    expect(table.ratio({ model: 'A', layer: 0 }, { model: 'B', layer: 1 })).toBeCloseTo(0.8, 15);
  });

  it('a network against itself (direct) has Si ≈ 1 on the diagonal', async () => {
    const r = await entropySimilarity(modelA, modelA, { sameDepth: 'direct' });
    for (let l = 0; l < 4; l++) expect(r.si.get(l, l)).toBeGreaterThan(0.99);
    expect(r.agreement).toBe(1);
  });

  it('Si is invariant to isotropic scaling and rotation of a hidden layer', () => {
    const base = entropySimilaritySync(modelA, modelB);
    const moved = modelB.map((m, i) =>
      i === 1 ? mapValues(multiply(m, randomOrthogonal(8, 9)), (v) => 2.5 * v) : m,
    );
    const after = entropySimilaritySync(modelA, moved);
    after.si.values.forEach((v, i) => expect(v).toBeCloseTo(base.si.values[i] ?? NaN, 6));
  });

  it('per-label entropies average per-class ratios', () => {
    const labels = Int32Array.from({ length: 400 }, (_, i) => i % 3);
    const r = entropySimilaritySync(modelA, modelB, { labels, converter: fullTable(0.5, 4, 4) });
    expect(r.si.rows).toBe(4);
    expect(Number.isFinite(r.si.get(0, 1))).toBe(true);
  });
});
