// Faults around a Promise call, each in its own process so that a crash fails
// the test instead of the test runner: the caller transfers, shrinks or
// overwrites an input while the call runs, or terminates the worker_thread
// that made it. The call must read the values as they were at the call, and
// nothing may take the process down.
import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, it } from 'vitest';

import { CJS_ENTRY, requireBuilt } from '../support/built.js';

beforeAll(requireBuilt);

/** Runs `body` (CommonJS, with `repsim` and `layer(seed, buffer)` in scope) in a child process. */
function runChild(body: string): {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
} {
  const script = `
    const repsim = require(${JSON.stringify(CJS_ENTRY)});
    const n = 3000, p = 64;
    function layer(seed, buffer = new ArrayBuffer(n * p * 8)) {
      const data = new Float64Array(buffer);
      let s = seed;
      for (let i = 0; i < data.length; i++) { s = (s * 16807) % 2147483647; data[i] = s / 2147483647 - 0.5; }
      return { data, shape: [n, p] };
    }
    ${body}
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('inputs changed during a Promise call', () => {
  for (const [what, change] of [
    ['transferred', 'structuredClone(x.data.buffer, { transfer: [x.data.buffer] });'],
    ['shrunk', 'x.data.buffer.resize(8);'],
    ['overwritten', 'x.data.fill(1e300);'],
  ] as const) {
    it(`reads the values at the call when an input is ${what} right after it`, () => {
      const r = runChild(`
        const bytes = n * p * 8;
        const x = layer(1, new ArrayBuffer(bytes, { maxByteLength: bytes }));
        const y = layer(2);
        const before = repsim.kernelCKASync(x, y);
        const pending = [repsim.kernelCKA(x, y), repsim.linearCKA(x, y), repsim.cca(x, y), repsim.knnEntropy(x)];
        ${change}
        Promise.all(pending).then(([kernel, linear, cca, entropy]) => {
          const fresh = layer(1);
          const same = kernel === before && linear === repsim.linearCKASync(fresh, y) &&
            cca.meanRho === repsim.ccaSync(fresh, y).meanRho && entropy.entropy === repsim.knnEntropySync(fresh).entropy;
          console.log(same ? 'same' : 'different ' + kernel + ' ' + before);
        }, (e) => console.log('rejected ' + e.code));
      `);
      expect(r.signal).toBeNull();
      expect(r.stdout.trim()).toBe('same');
      expect(r.status).toBe(0);
    });
  }
});

describe('a worker_thread terminated during a Promise call', () => {
  it('leaves the process running and the worker gone', () => {
    const r = runChild(`
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(${'`'}
        const repsim = require(${JSON.stringify(CJS_ENTRY)});
        const n = 3000, p = 256;
        const x = { data: new Float64Array(n * p).map(Math.random), shape: [n, p] };
        const y = { data: new Float64Array(n * p).map(Math.random), shape: [n, p] };
        for (let i = 0; i < 4; i++) repsim.kernelCKA(x, y);
        require('node:worker_threads').parentPort.postMessage('started');
      ${'`'}, { eval: true });
      worker.on('message', () => setTimeout(() => worker.terminate().then(() => {
        // The main thread still computes.
        const v = repsim.linearCKASync(layer(1), layer(1));
        console.log(Math.abs(v - 1) < 1e-12 ? 'alive' : 'wrong ' + v);
      }), 20));
    `);
    expect(r.stderr).not.toMatch(/terminate called|Napi::Error/);
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('alive');
    expect(r.status).toBe(0);
  });
});
