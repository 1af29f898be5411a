// The worked examples under examples/, run as a user runs them (small sizes).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

describe("Raghu et al.'s learning dynamics (examples/learning-dynamics.js)", () => {
  it('trains on real digits and finds the layers converging bottom up, with the report', () => {
    const script = path.join(ROOT, 'examples', 'learning-dynamics.js');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-dynamics-'));
    try {
      const args = [
        '--json',
        '--train',
        '150',
        '--probe',
        '30',
        '--epochs',
        '8',
        '--out',
        path.join(out, 'report'),
      ];
      const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      const r = JSON.parse(run.stdout) as {
        probeAccuracy: number;
        layers: Record<string, { svcca: { values: number[]; firstEpochAtThreshold: number | null } }>;
        svccaFirstEpochAtThreshold: (number | null)[];
        bottomUp: boolean;
      };
      expect(r.probeAccuracy).toBeGreaterThan(0.7); // it learned
      // One value per epoch per layer; the last is the layer against itself.
      for (const layer of ['dense1', 'dense2', 'dense3']) {
        const values = r.layers[layer]?.svcca.values ?? [];
        expect(values).toHaveLength(8);
        expect(values.at(-1)).toBeCloseTo(1, 6);
      }
      // The paper's finding on this seeded run: lower layers reach 0.9 first.
      const [first, second, third] = r.svccaFirstEpochAtThreshold as number[];
      expect(r.bottomUp).toBe(true);
      expect(first).toBeLessThanOrEqual(second as number);
      expect(second).toBeLessThanOrEqual(third as number);
      expect((first as number) < (third as number)).toBe(true);
      const files = fs.readdirSync(path.join(out, 'report'));
      expect(files).toEqual(
        expect.arrayContaining(['dynamics-svcca.svg', 'dynamics-svcca.png', 'dynamics.csv', 'report.html']),
      );
      const html = fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8');
      expect(html).toContain('over training');
      const csv = fs
        .readFileSync(path.join(out, 'report', 'dynamics.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(csv[0]).toBe('epoch,batch,layer,metric,value');
      expect(csv).toHaveLength(1 + 8 * 3 * 2);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 150_000);
});
