// Permutation tests and bootstraps side by side in one run: repsim's
// permutationTest / bootstrap (resampling in the native core, split over
// threads) against the loop a numpy user writes (bench/numpy_resampling.py)
// and a pure-JS loop (ml-matrix linear CKA on the permuted rows).
// Writes its section of bench/RESULTS.md; BENCH_QUICK=1 prints smaller sizes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { bootstrapSync, buildInfo, permutationTestSync, saveNpy } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { pureJsLinearCKA } from './pure-js-cka.mjs';
import { benchSetup, bestOf, machineLine, writeSection } from './results.mjs';

const { here, dataDir, quick, numpyVersion } = benchSetup(['numpy']);

function pair(n, p, seed) {
  const next = seeded.gaussian(seed);
  const x = Float64Array.from({ length: n * p }, next);
  const y = x.map((v) => v + next());
  return [
    { data: x, shape: [n, p] },
    { data: y, shape: [n, p] },
  ];
}

function numpyRun(metric, kind, x, y, count) {
  if (numpyVersion === 'not available') return undefined;
  const files = [0, 1].map((i) => path.join(dataDir, `resampling_${i}.npy`));
  return Promise.all(files.map((file, i) => saveNpy(file, i === 0 ? x : y))).then(() => {
    const run = spawnSync(
      'python3',
      [path.join(here, 'numpy_resampling.py'), metric, kind, ...files, String(count)],
      {
        encoding: 'utf8',
      },
    );
    files.forEach((file) => fs.rmSync(file));
    return run.status === 0 ? JSON.parse(run.stdout) : undefined;
  });
}

/** Pure JS: the permutation loop with ml-matrix linear CKA, timed on `count` permutations. */
function pureJsPermutations(x, y, count) {
  const [n, p] = x.shape;
  const q = y.shape[1];
  const shuffled = new Float64Array(n * q);
  const order = Array.from({ length: n }, (_, i) => i);
  const uniform = seeded.uniform(1);
  const start = process.hrtime.bigint();
  for (let s = 0; s < count; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    order.forEach((row, i) => shuffled.set(y.data.subarray(row * q, (row + 1) * q), i * q));
    pureJsLinearCKA(x.data, shuffled, n, p, q);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const count = quick ? 100 : 1000;
const cases = quick
  ? [['linear-cka', 'permutation', 500, 64, 'linear-cka']]
  : [
      ['linear-cka', 'permutation', 1000, 256, 'linear-cka'],
      ['linear-cka', 'permutation', 5000, 64, 'linear-cka'],
      ['linear-cka', 'bootstrap', 1000, 256, 'linear-cka'],
      ['kernel-cka', 'permutation', 2000, 64, 'rbf-cka'],
      ['cca', 'permutation', 2000, 64, 'cca'],
      ['cca', 'bootstrap', 2000, 64, 'cca'],
    ];

const lines = [
  '## Permutation tests and bootstraps (bench/stats.bench.mjs)',
  '',
  machineLine(buildInfo(), numpyVersion),
  '',
  `${count} resamples, float64, x and y = x + noise (n × p each). numpy: the loop a user writes around the`,
  "reference function (Kornblith's `feature_space_linear_cka`; for RBF the notebook's Gram matrices built once",
  "and indexed per resample; google/svcca's QR CCA). Pure JS: the same loop around ml-matrix linear CKA, timed",
  'on 20 permutations and scaled. repsim: best of 2; numpy and JS: one run.',
  '',
  '| metric | resampling | n | p | repsim route | vs numpy | mean of resamples (repsim / numpy) | vs pure JS |',
  '|---|---|---:|---:|---|---:|---|---:|',
];
for (const [metric, kind, n, p, numpyMetric] of cases) {
  const [x, y] = pair(n, p, n + p);
  const run = () =>
    kind === 'permutation'
      ? permutationTestSync(metric, x, y, { permutations: count, seed: 1 })
      : bootstrapSync(metric, x, y, { resamples: count, seed: 1 });
  const mine = bestOf(run, 2);
  const values = kind === 'permutation' ? mine.value.nullValues : mine.value.replicates;
  const myMean = values.reduce((a, b) => a + b, 0) / values.length;
  const theirs = await numpyRun(numpyMetric, kind, x, y, count);
  const ratio = theirs ? `${(theirs.seconds / mine.seconds).toFixed(1)}×` : '—';
  const means = theirs ? `${myMean.toFixed(4)} / ${theirs.mean.toFixed(4)}` : myMean.toFixed(4);
  const js =
    metric === 'linear-cka' && kind === 'permutation'
      ? `${((pureJsPermutations(x, y, 20) * (count / 20)) / mine.seconds).toFixed(0)}×`
      : '—';
  lines.push(`| ${metric} | ${kind} | ${n} | ${p} | ${mine.value.route} | ${ratio} | ${means} | ${js} |`);
  console.log(lines.at(-1));
}
lines.push(
  '',
  'The resampled means differ only because repsim and numpy draw different resamples (different generators);',
  "each side's values are checked against recomputing the metric on the same rows in test/stats.test.ts.",
);
if (quick) console.log(lines.join('\n'));
else writeSection('stats', lines.join('\n'));
