// The CKA family, side by side in one run with numpy (Kornblith et al.'s
// notebook code): all-pairs linear CKA of two 12-layer models against a numpy
// per-pair loop, RBF CKA against numpy's gram_rbf + cka, and the peak memory
// of RBF CKA at n = 20000 and of StreamingCKA over 200000 examples.
// Writes its section of bench/RESULTS.md. BENCH_QUICK=1 runs smaller sizes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildInfo, kernelCKASync, layerSimilaritySync, saveNpy, saveNpz } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { bestOf, machineLine, numpyEnv, writeSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '.data');
const quick = process.env.BENCH_QUICK === '1';
const numpyEnvironment = numpyEnv();
const numpyVersion =
  spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], {
    encoding: 'utf8',
    env: numpyEnvironment,
  }).stdout?.trim() || 'not available';
const hasNumpy = numpyVersion !== 'not available';
fs.mkdirSync(dataDir, { recursive: true });

function numpy(...args) {
  const run = spawnSync('python3', [path.join(here, 'numpy_cka_family.py'), ...args], {
    encoding: 'utf8',
    env: numpyEnvironment,
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`numpy failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const best = (fn, reps) => bestOf(fn, reps, { warmUp: true });

function matrix(rows, cols, next) {
  return { data: Float64Array.from({ length: rows * cols }, next), shape: [rows, cols] };
}

const lines = ['## CKA family (bench/cka-family.bench.mjs)', '', machineLine(buildInfo(), numpyVersion), ''];

// 1. All-pairs linear CKA, 12 x 12 layers of 768 features, float64.
lines.push(
  '### All-pairs linear CKA: 12 × 12 layers, p = 768, float64',
  '',
  'repsim `layerSimilarity` (one call) against a numpy loop over the 144 pairs calling',
  "Kornblith et al.'s `feature_space_linear_cka` (what torch_cka-style tools do). repsim: best of",
  '2 runs after a warm-up; numpy: one loop. The last column compares the 144 values.',
  '',
  '| n | vs numpy loop | max abs difference |',
  '|---:|---:|---:|',
);
for (const n of quick ? [500] : [2000, 5000]) {
  const next = seeded.gaussian(n);
  const layers = 12;
  const a = Array.from({ length: layers }, () => matrix(n, 768, next));
  const b = Array.from({ length: layers }, () => matrix(n, 768, next));
  const mine = best(() => layerSimilaritySync(a, b), 2);
  let ratio = '—';
  let diff = '—';
  if (hasNumpy) {
    const file = path.join(dataDir, `layers_${n}.npz`);
    await saveNpz(
      file,
      Object.fromEntries([...a.map((m, i) => [`a${i}`, m]), ...b.map((m, i) => [`b${i}`, m])]),
    );
    const theirs = numpy('pairs', file, String(layers));
    ratio = `${(theirs.seconds / mine.seconds).toFixed(1)}×`;
    diff = Math.max(...theirs.values.map((v, k) => Math.abs(v - mine.value.values[k]))).toExponential(1);
    fs.rmSync(file);
  }
  lines.push(`| ${n} | ${ratio} | ${diff} |`);
  console.log(lines.at(-1));
}

// 2. RBF CKA against numpy.
const rbfN = quick ? 1000 : 5000;
{
  const next = seeded.gaussian(99);
  const x = matrix(rbfN, 512, next);
  const y = { data: x.data.map((v) => 0.5 * v + next()), shape: [rbfN, 512] };
  const mine = best(() => kernelCKASync(x, y), 3);
  let ratio = '—';
  let diff = '—';
  if (hasNumpy) {
    const fx = path.join(dataDir, 'rbf_x.npy');
    const fy = path.join(dataDir, 'rbf_y.npy');
    await saveNpy(fx, x);
    await saveNpy(fy, y);
    const runs = [numpy('rbf', fx, fy), numpy('rbf', fx, fy)];
    const theirs = Math.min(...runs.map((r) => r.seconds));
    ratio = `${(theirs / mine.seconds).toFixed(1)}×`;
    diff = (Math.abs((runs[0]?.values[0] ?? NaN) - mine.value) / Math.abs(mine.value)).toExponential(1);
  }
  lines.push(
    '',
    `### RBF CKA (threshold 1), n = ${rbfN}, p = 512, float64`,
    '',
    "repsim `kernelCKA` (best of 3 after a warm-up) against numpy's `cka(gram_rbf(x), gram_rbf(y))`",
    '(best of 2).',
    '',
    '| vs numpy | relative difference |',
    '|---:|---:|',
    `| ${ratio} | ${diff} |`,
  );
  console.log(lines.at(-1));
}

// 3. Peak memory, each in a fresh process.
function peak(...args) {
  const run = spawnSync(process.execPath, [path.join(here, 'peak-memory.mjs'), ...args], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`peak-memory ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const rbfBig = quick ? 4000 : 20000;
const rbf = peak('rbf', String(rbfBig), '512');
const streamTotal = quick ? 20000 : 200000;
const stream = peak('streaming', String(streamTotal), '1000', '256');
lines.push(
  '',
  '### Peak memory (resident set of a fresh Node process, inputs included)',
  '',
  '| computation | peak RSS | compute time |',
  '|:---|---:|---:|',
  `| RBF CKA, n = ${rbfBig}, p = 512 (numpy's code holds about 5.5 n × n float64 arrays at once: ≈ ${(((8 * rbfBig * rbfBig) / 2 ** 30) * 5.5).toFixed(1)} GiB, not run) | ${gib(rbf.peakRssBytes)} | ${rbf.seconds.toFixed(1)} s |`,
  `| StreamingCKA, ${streamTotal} examples in batches of 1000, 4 + 4 layers of 256 features | ${gib(stream.peakRssBytes)} | ${stream.seconds.toFixed(1)} s in update() |`,
);
console.log(lines.slice(-2).join('\n'));
if (!quick) writeSection('cka-family', lines.join('\n'));
else console.log(lines.join('\n'));
