// Linear CKA against the golden values in test/fixtures/reference (independent
// numpy implementations) and, for the real MNIST pair, against a plain
// TypeScript implementation.
import { describe, expect, it } from 'vitest';

import { linearCKA, linearCKASync } from '../../../lib/index.js';
import { loadReferenceArray, relativeError, syntheticGolden } from '../../support/golden.js';
import { referenceLinearCKA } from '../../support/reference-cka.js';

const { tolerance, cases } = syntheticGolden();

describe('linear CKA matches the golden cases', () => {
  it('covers every synthetic case, float32 and float64', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(
      [
        'float32_500x32',
        'indep_300x12_300x16',
        'rotated_scaled_250x10',
        'shared_latent_400x20_400x24',
        'wide_n60_p90_q30',
      ].sort(),
    );
    expect(new Set(cases.map((c) => c.dtype))).toEqual(new Set(['float32', 'float64']));
  });

  for (const c of cases) {
    const expected = c.expected.linear_cka as number;
    const limit = tolerance[c.dtype];

    it(`${c.name} (${c.dtype}, x ${c.x.shape.join('x')}, y ${c.y.shape.join('x')}) within ${limit}`, async () => {
      expect(c.x.dtype).toBe(c.dtype); // float32 data reaches the core as float32
      expect(relativeError(await linearCKA(c.x, c.y), expected)).toBeLessThanOrEqual(limit);
      for (const form of ['feature', 'gram'] as const) {
        expect(relativeError(linearCKASync(c.x, c.y, { form }), expected)).toBeLessThanOrEqual(limit);
      }
    });
  }
});

describe('linear CKA on real activations (two MNIST networks, 10000 x 10, float32)', () => {
  const a = loadReferenceArray('real', 'mnist_fc_logits_a.npy');
  const b = loadReferenceArray('real', 'mnist_fc_logits_b.npy');

  it('equals an independent TypeScript implementation to 1e-4 (float32 input)', async () => {
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([10000, 10]);
    const expected = referenceLinearCKA(a.data as Float32Array, b.data as Float32Array, 10000, 10, 10);
    const actual = await linearCKA(a, b);
    expect(relativeError(actual, expected)).toBeLessThanOrEqual(1e-4);
    // Not a degenerate value: the two networks agree partly, not fully.
    expect(expected).toBeGreaterThan(0.3);
    expect(expected).toBeLessThan(0.9);
  });

  it('equals the same computation on float64 copies to 1e-8', async () => {
    const a64 = { data: Float64Array.from(a.data as Float32Array), shape: a.shape };
    const b64 = { data: Float64Array.from(b.data as Float32Array), shape: b.shape };
    const expected = referenceLinearCKA(a64.data, b64.data, 10000, 10, 10);
    expect(relativeError(await linearCKA(a64, b64), expected)).toBeLessThanOrEqual(1e-8);
  });
});
