// Extreme but finite scales: every metric either gives the value it gives at
// ordinary scale or refuses with OUT_OF_RANGE, never a wrong number, a crash
// or a hang. Scale-invariant named metrics come from the registry, so a metric
// added later is checked without new code here.
import { describe, expect, it } from 'vitest';

import {
  METRICS,
  StreamingCKA,
  ckaFromGramsSync,
  converterRatioSync,
  functional,
  knnEntropySync,
  layerSimilaritySync,
  type LayerMetric,
} from '../../lib/index.js';
import { randomMatrix } from '../support/random.js';

const n = 120;
const p = 6;
const baseX = randomMatrix(n, p, 11).data;
const noise = randomMatrix(n, p, 12).data;
const baseY = baseX.map((v, i) => 0.7 * v + (noise[i] ?? 0));

function scaled(data: Float64Array, factor: number, type: 'float64' | 'float32') {
  const values = data.map((v) => v * factor);
  return { data: type === 'float32' ? Float32Array.from(values) : values, shape: [n, p] };
}

/** Within the range: 2^±k leaves every value exact up to rounding; outside: OUT_OF_RANGE or the same value. */
function expectSameOrRefused(
  compute: (factor: number) => number,
  factors: readonly number[],
  inRange: readonly number[],
) {
  const reference = compute(1);
  for (const factor of inRange) expect(compute(factor), `factor ${factor}`).toBeCloseTo(reference, 9);
  for (const factor of factors) {
    let value: number;
    try {
      value = compute(factor);
    } catch (error) {
      expect((error as { code?: string }).code, `factor ${factor}: ${(error as Error).message}`).toBe(
        'OUT_OF_RANGE',
      );
      continue;
    }
    expect(value, `factor ${factor}`).toBeCloseTo(reference, 9);
  }
}

const F64_EXTREMES = [1e-300, 1e-200, 1e-165, 1e-100, 1e-50, 1e40, 1e100, 1e154, 1e160, 1e300];
const F64_IN_RANGE = [2 ** -90, 2 ** -40, 2 ** 40, 2 ** 90];
const F32_EXTREMES = [1e-30, 1e-25, 1e-18, 1e18, 1e19, 1e25, 1e30];
const F32_IN_RANGE = [2 ** -40, 2 ** 40];

const scaleInvariant = METRICS.filter((m) => m.pairwise && m.invariances.includes('isotropic-scaling'));

describe.each([
  ['float64', F64_EXTREMES, F64_IN_RANGE],
  ['float32', F32_EXTREMES, F32_IN_RANGE],
] as const)('%s inputs at extreme scales', (type, extremes, inRange) => {
  it.each(scaleInvariant.map((m) => m.name))('%s (from the registry)', (metric) => {
    expectSameOrRefused(
      (f) =>
        layerSimilaritySync(
          { x: scaled(baseX, f, type) },
          { y: scaled(baseY, f, type) },
          { metric: metric as LayerMetric },
        ).get('x', 'y'),
      extremes,
      inRange,
    );
  });

  it('knnEntropy (normalised, so scale-free) and converterRatio', () => {
    expectSameOrRefused((f) => knnEntropySync(scaled(baseX, f, type)).entropy, extremes, inRange);
    expectSameOrRefused(
      (f) => converterRatioSync(scaled(baseX, f, type), scaled(baseY, f, type)).ratio,
      extremes,
      inRange,
    );
  });

  it('StreamingCKA: self-similarity 1, cross value as at scale 1', () => {
    expectSameOrRefused(
      (f) =>
        new StreamingCKA()
          .update({ x: scaled(baseX, f, type) }, { y: scaled(baseY, f, type) })
          .value()
          .get('x', 'y'),
      extremes,
      inRange,
    );
  });
});

describe('Gram matrices and functional metrics at extreme scales', () => {
  const gram = (data: Float64Array) => {
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let c = 0; c < p; c++) dot += (data[i * p + c] ?? 0) * (data[j * p + c] ?? 0);
        k[i * n + j] = dot;
      }
    return k;
  };
  const kx = gram(baseX);
  const ky = gram(baseY);
  it('ckaFromGrams', () => {
    expectSameOrRefused(
      (f) =>
        ckaFromGramsSync(
          { data: kx.map((v) => v * f), shape: [n, n] },
          { data: ky.map((v) => v * f), shape: [n, n] },
        ),
      [1e-300, 1e-100, 1e100, 1e200, 1e300],
      [2 ** -150, 2 ** 150],
    );
  });
  it('pearson and spearman are exact at any finite scale', () => {
    const a = Array.from(baseX.subarray(0, 100));
    const b = Array.from(baseY.subarray(0, 100));
    for (const f of [1e-310, 1e-300, 1e-165, 1e160, 1e300]) {
      expect(
        functional.pearson(
          a.map((v) => v * f),
          b.map((v) => v * f),
        ),
      ).toBeCloseTo(functional.pearson(a, b), 12);
      expect(
        functional.spearman(
          a.map((v) => v * f),
          b.map((v) => v * f),
        ),
      ).toBeCloseTo(functional.spearman(a, b), 12);
    }
  });
});
