// The measure table against ReSi's own code (test/fixtures/reference/resi,
// copied from the project's reference cases): every case, every measure with
// a reference value, within the case's tolerance (or the measure's override).
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  alignedCosineSync,
  angularShapeSync,
  concentricityDifferenceSync,
  distanceCorrelationSync,
  eigenspaceOverlapSync,
  gulpSync,
  hardCorrelationMatchSync,
  jaccardKnnSync,
  linearRegressionSync,
  loadNpy,
  magnitudeDifferenceSync,
  permutationProcrustesSync,
  procrustesSizeShapeSync,
  procrustesSync,
  rankSimilaritySync,
  rsaSync,
  rsmNormDifferenceSync,
  secondOrderCosineSync,
  softCorrelationMatchSync,
  uniformityDifferenceSync,
  type MatrixInput,
} from '../../../lib/index.js';
import { ROOT } from '../../support/built.js';

const folder = path.join(ROOT, 'test', 'fixtures', 'reference', 'resi');

interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

interface GoldenCase {
  readonly x: string;
  readonly y: string;
  readonly tolerance: Tolerance;
  readonly tolerance_overrides?: Record<string, Tolerance>;
  readonly expected: Record<string, number | null>;
}

const golden = JSON.parse(fs.readFileSync(path.join(folder, 'golden.json'), 'utf8')) as {
  cases: Record<string, GoldenCase>;
};

/** ReSi's measure name → repsim's function. */
const MEASURES: Record<string, (x: MatrixInput, y: MatrixInput) => number> = {
  AlignedCosineSimilarity: alignedCosineSync,
  OrthogonalAngularShapeMetricCentered: angularShapeSync,
  ProcrustesSizeAndShapeDistance: procrustesSizeShapeSync,
  PermutationProcrustes: permutationProcrustesSync,
  OrthogonalProcrustesCenteredAndNormalized: (x, y) => procrustesSync(x, y).distance,
  HardCorrelationMatch: hardCorrelationMatchSync,
  SoftCorrelationMatch: softCorrelationMatchSync,
  LinearRegression: linearRegressionSync,
  Gulp: gulpSync,
  EigenspaceOverlapScore: eigenspaceOverlapSync,
  MagnitudeDifference: magnitudeDifferenceSync,
  ConcentricityDifference: concentricityDifferenceSync,
  UniformityDifference: uniformityDifferenceSync,
  RSA: rsaSync,
  RSMNormDifference: rsmNormDifferenceSync,
  DistanceCorrelation: distanceCorrelationSync,
  JaccardSimilarity: jaccardKnnSync,
  RankSimilarity: rankSimilaritySync,
  SecondOrderCosineSimilarity: secondOrderCosineSync,
};

describe.each(Object.entries(golden.cases))('ReSi golden case %s', (_, c) => {
  const cases = Object.entries(MEASURES).filter(
    ([name]) => c.expected[name] !== null && c.expected[name] !== undefined,
  );
  it.each(cases)('%s', async (name, measure) => {
    // float32 inputs are cast to float64 first, as the reference did.
    const read = async (file: string) => {
      const a = await loadNpy(path.join(folder, file));
      return { data: Float64Array.from(a.data as ArrayLike<number>), shape: a.shape };
    };
    const [x, y] = await Promise.all([read(c.x), read(c.y)]);
    const want = c.expected[name] as number;
    const { rel, abs } = c.tolerance_overrides?.[name] ?? c.tolerance;
    const got = measure(x, y);
    expect(Math.abs(got - want), `${name}: got ${got}, want ${want}`).toBeLessThanOrEqual(
      Math.max(abs, rel * Math.abs(want)),
    );
  });
});
