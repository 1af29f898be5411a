// The native core's reusable scratch memory: kept between calls, bounded,
// releasable, and without effect on results.
import { describe, expect, it } from 'vitest';

import { RepsimError, linearCKASync, scratchMemory, setScratchMemoryLimit } from '../../lib/index.js';
import { randomMatrix } from '../support/random.js';

const x = randomMatrix(3000, 300, 1);
const y = randomMatrix(3000, 200, 2);

describe('scratch memory', () => {
  it('keeps buffers after a large computation, within the limit', () => {
    const value = linearCKASync(x, y);
    const after = scratchMemory();
    expect(after.limitBytes).toBe(256 * 2 ** 20);
    expect(after.retainedBytes).toBeGreaterThan(2 ** 20); // the 500 x 500 accumulator at least
    expect(after.retainedBytes).toBeLessThanOrEqual(after.limitBytes);
    expect(linearCKASync(x, y)).toBe(value); // reused buffers give the same bits
  });

  it('a limit of 0 frees everything and keeps nothing afterwards, with identical results', () => {
    const value = linearCKASync(x, y);
    expect(setScratchMemoryLimit(0).retainedBytes).toBe(0);
    expect(linearCKASync(x, y)).toBe(value);
    expect(scratchMemory().retainedBytes).toBe(0);
    setScratchMemoryLimit(256 * 2 ** 20);
  });

  it('rejects a bad limit', () => {
    expect(() => setScratchMemoryLimit(-1)).toThrow(RepsimError);
    expect(() => setScratchMemoryLimit(Number.NaN)).toThrow(/bytes must be a number >= 0/);
  });
});
