// Functional similarity: JSD, KL, prediction agreement, Spearman and Pearson
// against hand-computed values and scipy (test/fixtures/functional), their
// bounds and symmetries, and the errors for inputs that are not distributions.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { functional, jsd, kl, pearson, predictionAgreement, softmax, spearman } from '../../lib/index.js';
import { loadReferenceArray } from '../support/golden.js';
import { rng } from '../support/random.js';
import { ROOT } from '../support/built.js';

interface Fixture {
  p: number[][];
  q: number[][];
  jsd_nats: number;
  jsd_bits: number;
  kl_p_q_from_row_2: number;
  kl_q_p_from_row_2: number;
  a: number[];
  b: number[];
  spearman: number;
  pearson: number;
  mnist_rows: number;
  mnist_jsd: number;
  mnist_kl_ab: number;
  mnist_agreement: number;
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'functional', 'expected.json'), 'utf8'),
) as Fixture;

function randomDistributions(rows: number, cols: number, seed: number): number[][] {
  const next = rng(seed);
  return Array.from({ length: rows }, () => {
    const row = Array.from({ length: cols }, () => -Math.log(1 - next()));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / sum);
  });
}

describe('Jensen–Shannon divergence', () => {
  it('matches hand-computed values', () => {
    expect(jsd([[1, 0]], [[0, 1]])).toBeCloseTo(Math.LN2, 15);
    expect(jsd([[1, 0]], [[0, 1]], { base: 2 })).toBeCloseTo(1, 15);
    // p = (½, ½), q = (1, 0): m = (¾, ¼); ½·½ ln(4/3) + ½ ln(4/3) = ¾ ln(4/3).
    expect(jsd([[0.5, 0.5]], [[1, 0]])).toBeCloseTo(0.75 * Math.log(4 / 3), 15);
    expect(jsd([[0.2, 0.3, 0.5]], [[0.2, 0.3, 0.5]])).toBe(0);
  });

  it('matches scipy (jensenshannon², mean over rows; zeros included)', () => {
    expect(jsd(fixture.p, fixture.q)).toBeCloseTo(fixture.jsd_nats, 13);
    expect(jsd(fixture.p, fixture.q, { base: 2 })).toBeCloseTo(fixture.jsd_bits, 13);
  });

  it('is symmetric and within [0, ln 2] on random distributions', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const p = randomDistributions(30, 1 + seed, seed);
      const q = randomDistributions(30, 1 + seed, seed + 100);
      const value = jsd(p, q);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(Math.LN2);
      expect(jsd(q, p)).toBeCloseTo(value, 14);
    }
  });

  it('reads logits with inputs: logits (= softmax first), and real MNIST outputs match scipy', () => {
    const logitsA = loadReferenceArray('real', 'mnist_fc_logits_a.npy');
    const logitsB = loadReferenceArray('real', 'mnist_fc_logits_b.npy');
    const n = fixture.mnist_rows;
    const head = (a: typeof logitsA) => ({ data: a.data.subarray(0, n * 10), shape: [n, 10] });
    const viaLogits = jsd(head(logitsA), head(logitsB), { inputs: 'logits' });
    expect(viaLogits).toBeCloseTo(fixture.mnist_jsd, 9);
    expect(jsd(softmax(head(logitsA)), softmax(head(logitsB)))).toBeCloseTo(viaLogits, 12);
    expect(kl(head(logitsA), head(logitsB), { inputs: 'logits' })).toBeCloseTo(fixture.mnist_kl_ab, 9);
    expect(predictionAgreement(head(logitsA), head(logitsB))).toBeCloseTo(fixture.mnist_agreement, 15);
  });

  it('refuses negative entries and rows that do not sum to 1, naming the row', () => {
    expect(() => jsd([[1.2, -0.2]], [[0.5, 0.5]])).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('row 0, column 1') }),
    );
    expect(() =>
      jsd(
        [
          [0.5, 0.5],
          [0.5, 0.6],
        ],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    ).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('row 1 sums to 1.1') }),
    );
    expect(() =>
      jsd(
        [[0.5, 0.5]],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    ).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => jsd([[NaN, 1]], [[0.5, 0.5]])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => jsd([[1, 0]], [[0, 1]], { base: 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('does not modify its inputs', () => {
    const p = { data: new Float64Array([0.3, 0.7000001]), shape: [1, 2] };
    const before = Float64Array.from(p.data);
    jsd(p, [[0.5, 0.5]]);
    expect(p.data).toEqual(before);
  });
});

describe('KL divergence', () => {
  it('matches scipy.stats.entropy in both directions, and is Infinity where q has a zero that p has not', () => {
    expect(kl(fixture.p.slice(2), fixture.q.slice(2))).toBeCloseTo(fixture.kl_p_q_from_row_2, 12);
    expect(kl(fixture.q.slice(2), fixture.p.slice(2))).toBeCloseTo(fixture.kl_q_p_from_row_2, 12);
    expect(kl([fixture.p[0] as number[]], [fixture.q[0] as number[]])).toBe(Infinity);
    expect(kl([[0.5, 0.5]], [[0.5, 0.5]])).toBe(0);
  });
});

describe('prediction agreement', () => {
  it('compares argmax of logits, probabilities and class ids alike', () => {
    const logits = [
      [2, 1, 0],
      [0, 3, 1],
      [1, 0, 5],
      [4, 4, 0], // tie: the lower class
    ];
    expect(predictionAgreement(logits, [0, 1, 2, 0])).toBe(1);
    expect(predictionAgreement(logits, [0, 1, 0, 1])).toBe(0.5);
    expect(predictionAgreement(softmax(logits), logits)).toBe(1);
    expect(() => predictionAgreement([0.5, 1], [0, 1])).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    expect(() => predictionAgreement([0, 1], [0, 1, 2])).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('rank and linear correlation', () => {
  it('Spearman averages tied ranks (hand-computed and scipy)', () => {
    // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): 4.5 / √(4.5 · 5).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 15);
    expect(spearman(fixture.a, fixture.b)).toBeCloseTo(fixture.spearman, 13);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 15);
  });

  it('Pearson matches scipy; both refuse constant series instead of returning NaN', () => {
    expect(pearson(fixture.a, fixture.b)).toBeCloseTo(fixture.pearson, 13);
    expect(functional.pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(() => spearman([1, 1, 1], [1, 2, 3])).toThrow(expect.objectContaining({ code: 'ZERO_VARIANCE' }));
    expect(() => pearson([1], [1])).toThrow(expect.objectContaining({ code: 'TOO_FEW_SAMPLES' }));
    expect(() => pearson([1, Infinity], [1, 2])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });

  it('Spearman is invariant to monotone transforms', () => {
    const next = rng(5);
    const a = Array.from({ length: 50 }, next);
    const b = a.map((v) => v + 0.3 * next());
    expect(
      spearman(
        a.map(Math.exp),
        b.map((v) => v ** 3),
      ),
    ).toBeCloseTo(spearman(a, b), 14);
  });
});
