// The CCA family side by side in one run: repsim's cca / svcca / pwcca
// against numpy computing them the way the reference code does (QR + SVD,
// bench/numpy_cca.py) and against pure JavaScript on ml-matrix
// (bench/pure-js-cca.mjs). Float64 inputs; y = 0.3 x + noise, so the
// correlations are neither 0 nor 1. Writes its section of bench/RESULTS.md.
// BENCH_QUICK=1 runs smaller sizes and prints instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { buildInfo, ccaSync, pwccaSync, saveNpy, svccaSync } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { pureJsCca, pureJsPwcca } from './pure-js-cca.mjs';
import { benchSetup, bestOf, machineLine, writeSection } from './results.mjs';

const { here, dataDir, quick, numpyVersion } = benchSetup(['numpy']);
const hasNumpy = numpyVersion !== 'not available';

function numpy(method, fx, fy, reps) {
  const run = spawnSync('python3', [path.join(here, 'numpy_cca.py'), method, fx, fy, String(reps)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`numpy ${method} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function pair(n, p, seed) {
  const next = seeded.gaussian(seed);
  const x = { data: Float64Array.from({ length: n * p }, next), shape: [n, p] };
  const y = { data: x.data.map((v) => 0.3 * v + next()), shape: [n, p] };
  return { x, y };
}

const methods = {
  cca: (x, y) => ccaSync(x, y).meanRho,
  svcca: (x, y) => svccaSync(x, y).meanRho,
  pwcca: (x, y) => pwccaSync(x, y).similarity,
};

const lines = [
  '## CCA family (bench/cca.bench.mjs)',
  '',
  machineLine(buildInfo(), numpyVersion),
  '',
  "### Against numpy (the reference code's QR + SVD route), float64",
  '',
  'numpy: centre, `np.linalg.qr` of each side, SVD of QxᵀQy (CCA); SVD of each centred layer keeping',
  "99 % of Σs², then that CCA (SVCCA); the QR route plus Morcos et al.'s weights from the canonical",
  'variates (PWCCA). Both sides: best of 3 after a warm-up at n = 5000, one run at',
  'n = 20 000. The last column is |repsim − numpy| / numpy of the value (mean ρ or PWCCA).',
  '',
  '| n | p = q | metric | vs numpy | relative difference |',
  '|---:|---:|:---|---:|---:|',
];
ccaSync(pair(500, 20, 1).x, pair(500, 20, 1).y); // load the addon, fault in the scratch pool
for (const [n, p] of quick
  ? [[2000, 128]]
  : [
      [5000, 512],
      [20000, 2048],
    ]) {
  const { x, y } = pair(n, p, n + p);
  const fx = path.join(dataDir, `cca_x_${n}.npy`);
  const fy = path.join(dataDir, `cca_y_${n}.npy`);
  if (hasNumpy) {
    await saveNpy(fx, x);
    await saveNpy(fy, y);
  }
  for (const [name, method] of Object.entries(methods)) {
    const mine = bestOf(() => method(x, y), n > 5000 ? 1 : 3);
    let ratio = '—';
    let diff = '—';
    if (hasNumpy) {
      const theirs = numpy(name, fx, fy, n > 5000 ? 1 : 3);
      ratio = `${(theirs.seconds / mine.seconds).toFixed(1)}×`;
      diff = (Math.abs(mine.value - theirs.value) / Math.abs(theirs.value)).toExponential(1);
    }
    lines.push(`| ${n} | ${p} | ${name} | ${ratio} | ${diff} |`);
    console.log(lines.at(-1));
  }
  if (hasNumpy) {
    fs.rmSync(fx);
    fs.rmSync(fy);
  }
}

const [jsN, jsP] = quick ? [1000, 64] : [5000, 512];
lines.push(
  '',
  `### Against pure JavaScript (ml-matrix), n = ${jsN}, p = q = ${jsP}, float64`,
  '',
  'ml-matrix: the same QR route (`QrDecomposition`, `SingularValueDecomposition`), one run.',
  '',
  '| metric | vs pure JS | relative difference |',
  '|:---|---:|---:|',
);
{
  const { x, y } = pair(jsN, jsP, 7);
  for (const [name, js] of [
    ['cca', pureJsCca],
    ['pwcca', pureJsPwcca],
  ]) {
    const mine = bestOf(() => methods[name](x, y), 3);
    const theirs = bestOf(() => js(x.data, y.data, jsN, jsP, jsP), 1);
    lines.push(
      `| ${name} | ${(theirs.seconds / mine.seconds).toFixed(0)}× | ${(Math.abs(mine.value - theirs.value) / Math.abs(theirs.value)).toExponential(1)} |`,
    );
    console.log(lines.at(-1));
  }
}
if (quick) console.log(lines.join('\n'));
else writeSection('cca', lines.join('\n'));
