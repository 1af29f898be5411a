// maxMemoryBytes bounds what a call really allocates: each case runs in its
// own process, and when the call is accepted under a budget its peak resident
// memory (VmHWM) grows by no more than that budget; when the estimate is over
// the budget the call is MEMORY_LIMIT before it allocates.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { METRICS } from '../../lib/index.js';
import { CJS_ENTRY, requireBuilt } from '../support/built.js';

const MiB = 1024 * 1024;
const linux = fs.existsSync('/proc/self/status');

/** Runs `call` (an expression over `repsim`, `x`, `y`, `budget`) and reports its peak growth. */
function peakGrowth(setup: string, call: string, budget: number): { code?: string; grewBytes: number } {
  const script = `
    const fs = require('node:fs');
    const repsim = require(${JSON.stringify(CJS_ENTRY)});
    const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    ${setup}
    const budget = ${budget};
    repsim.knnEntropySync({ data: new Float64Array(64 * 4).map(Math.random), shape: [64, 4] }); // load everything
    const before = hwm();
    let code;
    try { ${call}; } catch (e) { code = e.code; }
    process.stdout.write(JSON.stringify({ code, grewBytes: hwm() - before }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(r.stdout) as { code?: string; grewBytes: number };
}

describe.runIf(linux)('maxMemoryBytes bounds the real peak', () => {
  requireBuilt();
  const cases = [
    [
      'knnEntropy with a wide projection',
      'const x = { data: new Float64Array(60 * 6).map(Math.random), shape: [60, 6] };',
      'repsim.knnEntropySync(x, { project: { dims: 2 ** 18 }, maxMemoryBytes: budget, threads: 2 })',
    ],
    [
      'converterRatio',
      'const x = { data: new Float64Array(3000 * 700).map(Math.random), shape: [3000, 700] }; const y = { data: new Float64Array(3000 * 500).map(Math.random), shape: [3000, 500] };',
      'repsim.converterRatioSync(x, y, { maxMemoryBytes: budget, threads: 2 })',
    ],
    ...(['cca', 'svcca', 'pwcca', 'procrustes'] as const).map(
      (metric) =>
        [
          metric,
          'const x = { data: new Float64Array(3000 * 800).map(Math.random), shape: [3000, 800] }; const y = { data: new Float64Array(3000 * 800).map(Math.random), shape: [3000, 800] };',
          `repsim.${metric}Sync(x, y, ${metric === 'svcca' ? '{ keep: { variance: 0.99 }, ' : '{ '}maxMemoryBytes: budget, threads: 2 })`,
        ] as const,
    ),
    [
      'layerSimilarity, PWCCA over three layers',
      'const layer = (p) => ({ data: new Float64Array(3000 * p).map(Math.random), shape: [3000, p] }); const layers = { a: layer(500), b: layer(400), c: layer(300) };',
      "repsim.layerSimilaritySync(layers, undefined, { metric: 'pwcca', maxMemoryBytes: budget, threads: 2 })",
    ],
    // Every measure of the native measure table, by its registry name.
    ...METRICS.filter((m) => m.family === 'measure').map(
      (m) =>
        [
          `measure ${m.name}`,
          'const x = { data: new Float64Array(1500 * 300).map(Math.random), shape: [1500, 300] }; const y = { data: new Float64Array(1500 * 250).map(Math.random), shape: [1500, 250] };',
          `repsim.layerSimilaritySync([x], [y], { metric: '${m.name}', maxMemoryBytes: budget, threads: 2 })`,
        ] as const,
    ),
    [
      'StreamingCKA batch',
      'const layer = (p) => ({ data: new Float64Array(2500 * p).map(Math.random), shape: [2500, p] }); const a = { a: layer(300) }, b = { b: layer(200) };',
      'new repsim.StreamingCKA({ maxMemoryBytes: budget, threads: 2 }).update(a, b)',
    ],
  ] as const;

  it.each(cases)(
    '%s',
    (_, setup, call) => {
      const outcomes: string[] = [];
      for (const budget of [16 * MiB, 96 * MiB, 128 * MiB, 192 * MiB, 1024 * MiB]) {
        const r = peakGrowth(setup, call, budget);
        outcomes.push(`${budget / MiB} MiB: ${r.code ?? 'ok'} (+${Math.round(r.grewBytes / MiB)} MiB)`);
        if (r.code === 'MEMORY_LIMIT') continue;
        expect(r.code, outcomes.join('; ')).toBeUndefined();
        expect(r.grewBytes, outcomes.join('; ')).toBeLessThanOrEqual(budget);
      }
      // The largest budget is enough: the case is not refused everywhere.
      expect(outcomes.at(-1), outcomes.join('; ')).toContain('ok');
    },
    300_000,
  );
});
