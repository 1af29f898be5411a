// Both native builds -- the portable one and the x86-64-v3 (AVX2/FMA) one the
// loader prefers on capable CPUs -- give the golden values.
import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, it } from 'vitest';

import { buildInfo } from '../lib/index.js';
import { relativeError, syntheticGolden } from './support/golden.js';
import { CJS_ENTRY, requireBuilt } from './support/built.js';

const { tolerance, cases } = syntheticGolden();

/** Runs the golden computations in a child process with REPSIM_ISA set. */
function runWith(isa: string) {
  const script = `
    const fs = require('node:fs');
    const repsim = require(${JSON.stringify(CJS_ENTRY)});
    const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
    const values = cases.map(([x, y]) => repsim.linearCKASync(x, y));
    process.stdout.write(JSON.stringify({ isa: repsim.buildInfo().isa, values }));`;
  const input = JSON.stringify(
    cases.map((c) => [
      { data: Array.from(c.x.data as Float64Array), shape: c.x.shape },
      { data: Array.from(c.y.data as Float64Array), shape: c.y.shape },
    ]),
  );
  const result = spawnSync(process.execPath, ['-e', script], {
    input,
    env: { ...process.env, REPSIM_ISA: isa },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return {
    status: result.status,
    stderr: result.stderr,
    output:
      result.status === 0 ? (JSON.parse(result.stdout) as { isa: string; values: number[] }) : undefined,
  };
}

beforeAll(requireBuilt);

describe('native build variants', () => {
  it('the portable build gives the golden values', () => {
    const run = runWith('baseline');
    expect(run.output?.isa).toBe('baseline');
    cases.forEach((c, i) => {
      // Values travel as float64 here, so the float64 tolerance applies to every case.
      expect(
        relativeError(run.output?.values[i] ?? NaN, c.expected.linear_cka as number),
      ).toBeLessThanOrEqual(c.dtype === 'float64' ? tolerance.float64 : tolerance.float32);
    });
  });

  const capable = buildInfo().cpuSupportsX86_64_v3;
  it(
    capable
      ? 'the x86-64-v3 build gives the golden values'
      : 'forcing x86-64-v3 on this CPU is a clear error',
    () => {
      const run = runWith('x86-64-v3');
      if (!capable) {
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/NATIVE_UNAVAILABLE|lacks AVX2/);
        return;
      }
      expect(run.output?.isa).toBe('x86-64-v3');
      cases.forEach((c, i) => {
        expect(
          relativeError(run.output?.values[i] ?? NaN, c.expected.linear_cka as number),
        ).toBeLessThanOrEqual(c.dtype === 'float64' ? tolerance.float64 : tolerance.float32);
      });
    },
  );

  it('by default the loader picks the fastest build the CPU supports', () => {
    expect(runWith('auto').output?.isa).toBe(capable ? 'x86-64-v3' : 'baseline');
  });
});
