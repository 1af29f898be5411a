// The Promise form runs off the main thread: timers keep firing while a
// large CKA is computed, whereas the Sync form blocks them.
import { describe, expect, it } from 'vitest';

import { linearCKA, linearCKASync } from '../../lib/index.js';
import { randomMatrix } from '../support/random.js';

// Large enough to take a noticeable time (about 0.1-0.5 s here).
const x = { data: Float32Array.from(randomMatrix(6000, 900, 1).data), shape: [6000, 900] };
const y = { data: Float32Array.from(randomMatrix(6000, 900, 2).data), shape: [6000, 900] };

async function ticksDuring(work: () => unknown): Promise<{ ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 2);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5)); // let the timer start
  ticks = 0;
  await work();
  const ms = performance.now() - start;
  clearInterval(timer);
  return { ticks, ms };
}

describe('async form', () => {
  it('does not block the event loop while it computes', async () => {
    const asyncRun = await ticksDuring(() => linearCKA(x, y));
    const syncRun = await ticksDuring(() => linearCKASync(x, y));
    // While the async call is in flight the 2 ms timer keeps firing...
    expect(asyncRun.ticks).toBeGreaterThanOrEqual(Math.min(10, asyncRun.ms / 20));
    // ...whereas the synchronous call starves it completely.
    expect(syncRun.ticks).toBe(0);
  });

  it('runs several calls concurrently and gives the same values as the Sync form', async () => {
    const expected = linearCKASync(x, y);
    const [same, swapped, oneThread] = await Promise.all([
      linearCKA(x, y),
      linearCKA(y, x),
      linearCKA(x, y, { threads: 1 }),
    ]);
    expect(same).toBe(expected); // the same computation, bit for bit
    // Swapped arguments and another thread count sum the float32 products in
    // another order: equal to float32 rounding, not bit for bit.
    expect(swapped).toBeCloseTo(expected, 8);
    expect(oneThread).toBeCloseTo(expected, 8);
  });
});
