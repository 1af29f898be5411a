// The worked examples under examples/, run as a user runs them (small sizes).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ROOT, requireBuilt } from '../support/built.js';

beforeAll(requireBuilt);

describe("Yellapragada's counterexample (examples/functional-counterexample.js)", () => {
  it('shows near-identical representations with opposite predictions', () => {
    const script = path.join(ROOT, 'examples', 'functional-counterexample.js');
    const args = ['--json', '--train', '100', '--test', '50', '--epochs', '6', '--permutations', '99'];
    const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as {
      accuracy: { headA: number; headB: number; headBOnFlippedLabels: number };
      representation: {
        sharedFeaturesLinearCKA: number;
        logitsLinearCKA: number;
        logitsLinearCKAPValue: number;
        logitsCCAMeanRho: number;
      };
      function: { jsd: number; predictionAgreement: number };
    };
    // Both heads learned their task on real digits.
    expect(r.accuracy.headA).toBeGreaterThan(0.7);
    expect(r.accuracy.headBOnFlippedLabels).toBeGreaterThan(0.7);
    expect(r.accuracy.headB).toBeLessThan(0.1);
    // Representationally almost the same...
    expect(r.representation.sharedFeaturesLinearCKA).toBeCloseTo(1, 12);
    expect(r.representation.logitsLinearCKA).toBeGreaterThan(0.9);
    expect(r.representation.logitsCCAMeanRho).toBeGreaterThan(0.9);
    expect(r.representation.logitsLinearCKAPValue).toBeCloseTo(0.01, 12);
    // ...functionally opposite.
    expect(r.function.predictionAgreement).toBeLessThan(0.1);
    expect(r.function.jsd).toBeGreaterThan(0.4);
  });

  it('exits 2 on a bad argument', () => {
    const script = path.join(ROOT, 'examples', 'functional-counterexample.js');
    const run = spawnSync(process.execPath, [script, '--epochs', 'many'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--epochs');
  });
});
