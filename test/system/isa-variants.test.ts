// The native builds: the loader never picks one the CPU cannot run, picks the
// fastest one present otherwise, and every build present here that this CPU
// runs gives the golden values. A source build has only the variant for its
// machine; `REPSIM_BUILD_VARIANTS=all npm run build:native` (or the prebuilds)
// gives all three, and then each is checked here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { RepsimError, buildInfo } from '../../lib/index.js';
import { NATIVE_VARIANTS, type NativeVariant } from '../../lib/native/addon.js';
import { cpuRuns, cpuSupportOf, pickVariant, variantFile } from '../../lib/native/load.js';
import { relativeError, syntheticGolden } from '../support/golden.js';
import { CJS_ENTRY, ROOT, requireBuilt } from '../support/built.js';

const { tolerance, cases } = syntheticGolden();
const RELEASE = path.join(ROOT, 'build', 'Release');
const present = NATIVE_VARIANTS.filter((v) => fs.existsSync(path.join(RELEASE, variantFile(v))));

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
    signal: result.signal,
    stderr: result.stderr,
    output:
      result.status === 0 ? (JSON.parse(result.stdout) as { isa: string; values: number[] }) : undefined,
  };
}

/** The CPU flags Linux reports, to check the native probe independently. */
function linuxCpuFlags(): Set<string> | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const line = fs
    .readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('flags'));
  return line ? new Set((line.split(':')[1] ?? '').trim().split(/\s+/)) : undefined;
}

beforeAll(requireBuilt);

describe('picking a native build', () => {
  const all: NativeVariant[] = [...NATIVE_VARIANTS];
  const none = { x86_64_v3: false, x86_64_v4: false };
  const avx2 = { x86_64_v3: true, x86_64_v4: false };
  const avx512 = { x86_64_v3: true, x86_64_v4: true };

  it('auto picks the fastest build present that the CPU runs, never x86-64-v4 without AVX-512', () => {
    expect(pickVariant('auto', all, avx512)).toBe('x86-64-v4');
    expect(pickVariant('auto', all, avx2)).toBe('x86-64-v3');
    expect(pickVariant('auto', all, none)).toBe('baseline');
    expect(pickVariant('auto', ['x86-64-v3', 'baseline'], avx512)).toBe('x86-64-v3');
    expect(pickVariant('auto', ['x86-64-v4', 'baseline'], avx2)).toBe('baseline');
  });

  it('a folder with only builds this CPU cannot run is an error, not an illegal instruction', () => {
    expect(() => pickVariant('auto', ['x86-64-v4'], avx2)).toThrow(/no native build .* runs on this CPU/);
    expect(() => pickVariant('auto', ['x86-64-v4'], avx2)).toThrow(RepsimError);
  });

  it('REPSIM_ISA forces a build, and refuses one that is missing or that the CPU cannot run', () => {
    expect(pickVariant('baseline', all, avx512)).toBe('baseline');
    expect(pickVariant('x86-64-v3', all, avx512)).toBe('x86-64-v3');
    expect(() => pickVariant('x86-64-v4', all, avx2)).toThrow(/lacks AVX-512/);
    expect(() => pickVariant('x86-64-v3', all, none)).toThrow(/lacks AVX2/);
    expect(() => pickVariant('baseline', ['x86-64-v4'], avx512)).toThrow(/has no repsim_baseline.so/);
    expect(() => pickVariant('avx9000', all, avx512)).toThrow(/REPSIM_ISA must be auto/);
  });
});

describe('native build variants', () => {
  const info = buildInfo();

  it('the CPU probe agrees with the flags Linux reports', () => {
    const flags = linuxCpuFlags();
    if (!flags) return; // only checkable on Linux x64
    const has = (...names: string[]) => names.every((n) => flags.has(n));
    expect(info.cpuSupportsX86_64_v3).toBe(has('avx2', 'fma', 'f16c'));
    expect(info.cpuSupportsX86_64_v4).toBe(
      has('avx2', 'fma', 'f16c', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl'),
    );
  });

  it('this checkout has at least one build, and by default the fastest one the CPU runs is loaded', () => {
    expect(present.length).toBeGreaterThan(0);
    const expected = pickVariant('auto', present, cpuSupportOf(info));
    if (!process.env.REPSIM_ISA) expect(info.isa).toBe(expected); // this process may be forced
    expect(runWith('auto').output?.isa).toBe(expected);
  });

  for (const variant of NATIVE_VARIANTS) {
    const runnable = cpuRuns(variant, cpuSupportOf(info));
    if (present.includes(variant) && runnable) {
      it(`the ${variant} build loads and gives the golden values`, () => {
        const run = runWith(variant);
        expect(run.status, run.stderr).toBe(0);
        expect(run.output?.isa).toBe(variant);
        cases.forEach((c, i) => {
          // Values travel as float64 here, so the float64 tolerance applies to every case.
          expect(
            relativeError(run.output?.values[i] ?? NaN, c.expected.linear_cka as number),
          ).toBeLessThanOrEqual(c.dtype === 'float64' ? tolerance.float64 : tolerance.float32);
        });
      });
    } else {
      it(`forcing ${variant} here is a clear error, not a crash`, () => {
        const run = runWith(variant);
        expect(run.signal).toBeNull();
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/NATIVE_UNAVAILABLE/);
      });
    }
  }
});
