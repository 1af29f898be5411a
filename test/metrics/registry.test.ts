// The metric registry: one entry per named metric, and what each entry says
// (direction, invariances, options, former names) holds for the metric itself.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  COMPARE_METRICS,
  METRICS,
  METRIC_ALIASES,
  layerSimilaritySync,
  metricEntry,
  type MetricEntry,
} from '../../lib/index.js';
import { ROOT } from '../support/built.js';
import { mapValues, multiply, randomMatrix, randomOrthogonal, type Dense } from '../support/random.js';

// Directions of decaying variance, so that SVCCA's 99 % cut drops some (and
// is not invariant to invertible maps on this data either).
const x = mapValues(randomMatrix(200, 5, 1), (v, _row, col) => v * ([1, 0.6, 0.3, 0.1, 0.03][col] ?? 1));
const y = mapValues(multiply(x, randomMatrix(5, 6, 2)), (v) => Math.tanh(v)); // related to x, not linearly
const pairwise = METRICS.filter((m) => m.pairwise);
const value = (m: MetricEntry, a: Dense, b: Dense) =>
  layerSimilaritySync([a], [b], { metric: m.name as 'linear-cka' }).get(0, 0);

describe('the metric registry', () => {
  it('has one entry per name, and compare offers every one', () => {
    const names = METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...COMPARE_METRICS]).toEqual(names);
    for (const [alias, name] of Object.entries(METRIC_ALIASES)) {
      expect(metricEntry(alias)?.name).toBe(name);
      expect(names).not.toContain(alias);
    }
    expect(metricEntry('nope')).toBeUndefined();
  });

  it("each pairwise metric's direction: a layer against itself is 1 (similarity) or 0 (distance)", () => {
    for (const m of pairwise) {
      expect(value(m, x, x), m.name).toBeCloseTo(m.direction === 'distance' ? 0 : 1, 6);
    }
  });

  it('each pairwise metric is invariant to what its entry lists, and to nothing else it could be', () => {
    const q = randomOrthogonal(5, 7);
    const transformed: Record<string, Dense> = {
      // A shift that differs per feature: a constant one (v + 3) would let
      // row-centred measures (RSA's correlations) pass for the wrong reason.
      translation: mapValues(x, (v, _row, col) => v + 3 + 1.5 * col),
      'isotropic-scaling': mapValues(x, (v) => 3.7 * v),
      orthogonal: multiply(x, q),
      'invertible-linear': multiply(
        x,
        mapValues(randomMatrix(5, 5, 9), (v) => v + 0.5),
      ),
      permutation: {
        data: x.data.map((_, k) => x.data[Math.floor(k / 5) * 5 + (4 - (k % 5))] ?? 0),
        shape: x.shape,
      },
    };
    for (const m of pairwise) {
      const base = value(m, x, y);
      // What an entry does not list, it is not invariant to: the value moves.
      for (const [transformation, input] of Object.entries(transformed)) {
        if (m.invariances.includes(transformation as never)) continue;
        expect(Math.abs(value(m, input, y) - base), `${m.name}: not ${transformation}`).toBeGreaterThan(1e-6);
      }
      for (const invariance of m.invariances) {
        expect(value(m, transformed[invariance] as Dense, y), `${m.name}: ${invariance}`).toBeCloseTo(
          base,
          9,
        );
      }
    }
  });

  it('each pairwise metric takes exactly the options its entry lists', () => {
    const samples: Record<string, unknown> = {
      form: 'gram',
      kernel: 'rbf',
      threshold: 0.8,
      sigma: 2,
      degree: 2,
      gamma: 0.5,
      coef0: 1,
      debiased: true,
      keep: { dims: 2 },
      weights: 'paper',
      epsilon: 1e-6,
      allowUnderdetermined: true,
      alpha: 0.5,
      distance: 'euclidean',
      lambda: 0.1,
      t: 1,
      inner: 'cosine',
      outer: 'pearson',
      norm: 'frobenius',
      k: 3,
      normalize: false,
    };
    for (const m of pairwise) {
      for (const [option, sample] of Object.entries(samples)) {
        const call = () => layerSimilaritySync([x], [y], { metric: m.name, [option]: sample } as never);
        if (m.options.includes(option)) {
          if (option === 'sigma' || option === 'threshold' || option === 'debiased') {
            expect(call, `${m.name} ${option}`).not.toThrow();
          }
        } else {
          expect(call, `${m.name} ${option}`).toThrow(/does not apply to metric/);
        }
      }
    }
  });

  it("agrees with the core's measure table (native/core/measures/measure_table.cpp)", () => {
    const table = fs.readFileSync(path.join(ROOT, 'native', 'core', 'measures', 'measure_table.cpp'), 'utf8');
    const native = [...table.matchAll(/\{"([a-z-]+)", [a-z_]+, [a-z_]+\}/g)].map((m) => m[1]);
    expect(native).toEqual(METRICS.filter((m) => m.family === 'measure').map((m) => m.name));
  });

  it("agrees with the binding's table of CCA-family names (native/binding/metric_names.hpp)", () => {
    const header = fs.readFileSync(path.join(ROOT, 'native', 'binding', 'metric_names.hpp'), 'utf8');
    const native = [...header.matchAll(/\{"([a-z-]+)", LayerCcaMetric::/g)].map((m) => m[1]);
    expect(native).toEqual(METRICS.filter((m) => m.family === 'cca').map((m) => m.name));
  });
});
