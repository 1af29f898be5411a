// Mathematical properties of linear CKA, on seeded random data of many shapes.
import { describe, expect, it } from 'vitest';

import { linearCKASync, type MatrixInput } from '../../../lib/index.js';
import { referenceLinearCKA } from '../../support/reference-cka.js';
import {
  gaussian,
  mapValues,
  multiply,
  randomMatrix,
  randomOrthogonal,
  rng,
  type Dense,
} from '../../support/random.js';

/** y = x·w + noise: related, not identical. */
function related(x: Dense, q: number, noise: number, seed: number): Dense {
  const mixed = multiply(x, randomMatrix(x.shape[1], q, seed));
  const next = gaussian(seed + 1);
  return mapValues(mixed, (v) => v + noise * next());
}

const x = randomMatrix(200, 30, 1);
const y = related(x, 20, 2, 2);
const base = linearCKASync(x, y);

describe('linear CKA properties', () => {
  it('is 1 for identical inputs', () => {
    expect(linearCKASync(x, x)).toBeCloseTo(1, 12);
    expect(linearCKASync(y, y, { form: 'gram' })).toBeCloseTo(1, 12);
  });

  it('is symmetric', () => {
    expect(linearCKASync(y, x)).toBeCloseTo(base, 13);
  });

  it('is strictly between 0 and 1 for related, non-identical inputs', () => {
    expect(base).toBeGreaterThan(0.05);
    expect(base).toBeLessThan(0.95);
  });

  it('is invariant to orthogonal transforms of either input', () => {
    expect(linearCKASync(multiply(x, randomOrthogonal(30, 3)), y)).toBeCloseTo(base, 12);
    expect(linearCKASync(x, multiply(y, randomOrthogonal(20, 4)))).toBeCloseTo(base, 12);
  });

  it('is invariant to isotropic scaling and translation', () => {
    const shift = gaussian(5);
    const offsets = Array.from({ length: 30 }, () => 100 * shift());
    const moved = mapValues(x, (v, _, col) => 0.003 * v + (offsets[col] ?? 0));
    expect(linearCKASync(moved, y)).toBeCloseTo(base, 11);
  });

  it('is not invariant to anisotropic scaling (it is not CCA)', () => {
    const stretched = mapValues(x, (v, _, col) => (col < 3 ? 10 * v : v));
    expect(Math.abs(linearCKASync(stretched, y) - base)).toBeGreaterThan(1e-3);
  });

  it('feature-space and Gram forms agree, and both match the plain implementation', () => {
    const random = rng(6);
    for (let trial = 0; trial < 25; trial++) {
      const n = 2 + Math.floor(random() * 60);
      const p = 1 + Math.floor(random() * 40);
      const q = 1 + Math.floor(random() * 40);
      const a = randomMatrix(n, p, 100 + trial);
      const b = random() < 0.5 ? randomMatrix(n, q, 200 + trial) : related(a, q, random(), 300 + trial);
      const expected = referenceLinearCKA(a.data, b.data, n, p, q);
      const feature = linearCKASync(a, b, { form: 'feature' });
      const gram = linearCKASync(a, b, { form: 'gram' });
      expect(Math.abs(feature - expected)).toBeLessThan(1e-10);
      expect(Math.abs(gram - expected)).toBeLessThan(1e-10);
      expect(feature).toBeGreaterThanOrEqual(0);
      expect(feature).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('gives float32 inputs float32 accuracy', () => {
    const big = randomMatrix(3000, 64, 7);
    const other = related(big, 48, 1, 8);
    const expected = linearCKASync(big, other);
    const single = (m: Dense) => ({ data: Float32Array.from(m.data), shape: m.shape });
    expect(Math.abs(linearCKASync(single(big), single(other)) - expected)).toBeLessThan(1e-4 * expected);
  });

  it('gives the same result whatever the thread count (to rounding)', () => {
    const big = randomMatrix(5000, 40, 9);
    const other = related(big, 30, 1, 10);
    const one = linearCKASync(big, other, { threads: 1 });
    expect(linearCKASync(big, other, { threads: 2 })).toBeCloseTo(one, 12);
    expect(linearCKASync(big, other, { threads: 3 })).toBeCloseTo(one, 12);
  });
});

describe('input forms', () => {
  const nested = Array.from({ length: 6 }, (_, i) => [i, (i * 7) % 5, Math.sin(i)]);
  const flat = Float64Array.from(nested.flat());
  const other = { data: Float64Array.from({ length: 12 }, (_, i) => Math.cos(i * 1.3)), shape: [6, 2] };
  const expected = linearCKASync(nested, other);

  const forms: Record<string, MatrixInput> = {
    'number[][]': nested,
    '{data: Float64Array, shape}': { data: flat, shape: [6, 3] },
    '{data: Float32Array, shape}': { data: Float32Array.from(flat), shape: [6, 3] },
    '{data: number[], shape}': { data: Array.from(flat), shape: [6, 3] },
    'onnxruntime-style {data, dims}': { data: flat, dims: [6, 3] },
    'tfjs-style {shape, dataSync()}': { shape: [6, 3], dataSync: () => flat },
    '3-D [6, 1, 3] flattened to 6 x 3': { data: flat, shape: [6, 1, 3] },
  };
  for (const [name, input] of Object.entries(forms)) {
    it(`accepts ${name}`, () => {
      expect(linearCKASync(input, other)).toBeCloseTo(expected, name.includes('Float32') ? 6 : 13);
    });
  }

  it('accepts integer typed arrays (converted to float64)', () => {
    const ints = { data: Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]), shape: [6, 2] };
    const asFloat = { data: Float64Array.from(ints.data), shape: [6, 2] };
    expect(linearCKASync(ints, other)).toBe(linearCKASync(asFloat, other));
  });

  it('treats a flat number[] as n examples of one feature', () => {
    const column = [1, 2, 4, 8, 16, 32];
    expect(linearCKASync(column, { data: Float64Array.from(column), shape: [6, 1] })).toBeCloseTo(1, 14);
  });

  it('never modifies what the caller passed in', async () => {
    const data = Float32Array.from(flat);
    const before = Float32Array.from(data);
    const nestedCopy = structuredClone(nested);
    linearCKASync({ data, shape: [6, 3] }, nested);
    await import('../../../lib/index.js').then(({ linearCKA }) => linearCKA({ data, shape: [6, 3] }, nested));
    expect(data).toEqual(before);
    expect(nested).toEqual(nestedCopy);
  });
});
