// Cancellation: an AbortSignal stops a Promise call's native work within a
// fraction of its run time and rejects with the signal's reason; an aborted
// signal stops a call before it starts; a signal that never fires changes
// nothing; process.exit() no longer waits for work in flight.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import {
  entropySimilarity,
  kernelCKA,
  knnEntropy,
  layerSimilarity,
  linearCKASync,
  permutationTest,
  svcca,
} from '../../lib/index.js';
import { CJS_ENTRY, requireBuilt } from '../support/built.js';
import { randomMatrix } from '../support/random.js';

const n = 3000;
const x = randomMatrix(n, 96, 1);
const y = randomMatrix(n, 96, 2);

/** `{signal}` when there is one (optional properties may not be given undefined). */
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

const calls: [string, (signal?: AbortSignal) => Promise<unknown>][] = [
  ['kernelCKA', (signal) => kernelCKA(x, y, withSignal(signal))],
  [
    'permutationTest',
    (signal) => permutationTest('linear-cka', x, y, { permutations: 300, ...withSignal(signal) }),
  ],
  [
    'layerSimilarity',
    (signal) => layerSimilarity({ a: x, b: y }, undefined, { metric: 'kernel-cka', ...withSignal(signal) }),
  ],
  ['knnEntropy', (signal) => knnEntropy(x, withSignal(signal))],
];

describe('AbortSignal', () => {
  it.each(calls)(
    '%s stops soon after the signal fires',
    async (_, call) => {
      let started = performance.now();
      await call();
      const full = performance.now() - started;
      const controller = new AbortController();
      started = performance.now();
      const pending = call(controller.signal);
      const abortAfter = full / 5;
      setTimeout(() => controller.abort(), abortAfter);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      const took = performance.now() - started;
      // Stopped well before the end, not merely rejected while the work went on.
      expect(took).toBeLessThan(abortAfter + Math.max(150, full / 2));
    },
    60_000,
  );

  it('an already aborted signal rejects with its reason before any work', async () => {
    const reason = new Error('stop');
    await expect(svcca(x, y, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('a signal that does not fire changes nothing; a non-signal is BAD_OPTION', async () => {
    const value = await kernelCKA(x, y);
    expect(await kernelCKA(x, y, { signal: new AbortController().signal })).toBe(value);
    expect(() => linearCKASync(x, y, { signal: 'stop' as never })).toThrow(/AbortSignal/);
  });
});

const small = (seed: number) => randomMatrix(1500, 32, seed);

/** Checks a run's reports: some, `done` never going back, never past the total, ending complete. */
function expectSoundProgress(seen: [number, number][]): void {
  expect(seen.length).toBeGreaterThan(0);
  const done = seen.map(([d]) => d);
  expect(done).toEqual([...done].sort((p, q) => p - q));
  expect(seen.every(([d, total]) => d <= total && total > 0)).toBe(true);
  const [last, lastTotal] = seen.at(-1) ?? [0, 0];
  expect(last).toBe(lastTotal);
}

const progressCalls: [string, (onProgress: (done: number, total: number) => void) => Promise<unknown>][] = [
  ['kernelCKA', (onProgress) => kernelCKA(x, y, { onProgress })],
  ['layerSimilarity linear-cka', (onProgress) => layerSimilarity({ a: x, b: y }, undefined, { onProgress })],
  [
    'layerSimilarity kernel-cka',
    (onProgress) => layerSimilarity({ a: x, b: y }, undefined, { metric: 'kernel-cka', onProgress }),
  ],
  [
    'layerSimilarity svcca',
    (onProgress) => layerSimilarity({ a: x, b: y }, { c: x }, { metric: 'svcca', onProgress }),
  ],
  ['knnEntropy', (onProgress) => knnEntropy(x, { onProgress })],
  [
    'entropySimilarity',
    (onProgress) => entropySimilarity({ a: small(1), b: small(2) }, { c: small(3) }, { onProgress }),
  ],
];

describe('onProgress', () => {
  it.each(progressCalls)(
    '%s reports units done, never going back, ending complete',
    async (_, call) => {
      const seen: [number, number][] = [];
      await call((done, total) => seen.push([done, total]));
      expectSoundProgress(seen);
    },
    60_000,
  );

  it('is BAD_OPTION when not a function', () => {
    expect(() => linearCKASync(x, y, { onProgress: 1 as never })).toThrow(/onProgress.*function/);
  });

  it('permutationTest reports resamples done, rising to the total, for named and function metrics', async () => {
    for (const metric of ['kernel-cka', (a: never, b: never) => linearCKASync(a, b)] as const) {
      const seen: [number, number][] = [];
      await permutationTest(metric as never, x, y, {
        permutations: 300,
        onProgress: (done: number, total: number) => seen.push([done, total]),
      });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(([, total]) => total === 300)).toBe(true);
      expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((p, q) => p - q));
      expect(seen.at(-1)).toEqual([300, 300]);
    }
  }, 60_000);
});

describe('process.exit with work in flight', () => {
  it('exits at once instead of waiting for the computation', () => {
    requireBuilt();
    const script = `
      const repsim = require(${JSON.stringify(CJS_ENTRY)});
      const n = 4000, p = 128;
      const x = { data: new Float64Array(n * p).map(Math.random), shape: [n, p] };
      const y = { data: new Float64Array(n * p).map(Math.random), shape: [n, p] };
      for (let i = 0; i < 2; i++) repsim.permutationTest('kernel-cka', x, y, { permutations: 2000 });
      setTimeout(() => process.exit(0), 200);
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 70_000);
});
