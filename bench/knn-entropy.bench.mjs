// kNN entropy side by side in one run: repsim's knnEntropy against numpy
// brute force (bench/numpy_knn_entropy.py: full S x S distance matrix +
// np.partition) and a pure-JS double loop, float64, k = 1, 2, 3, max-norm.
// Writes its section of bench/RESULTS.md; BENCH_QUICK=1 prints smaller sizes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { buildInfo, entropySimilaritySync, knnEntropySync, saveNpy } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { benchSetup, bestOf, machineLine, writeSection } from './results.mjs';

const { here, dataDir, quick, numpyVersion } = benchSetup(['numpy', 'scipy']);

/** Pure JS: the k smallest squared distances per row by a double loop. */
function pureJsEntropy(data, s, d) {
  const kth = [new Float64Array(s), new Float64Array(s), new Float64Array(s)];
  for (let i = 0; i < s; i++) {
    const best = [Infinity, Infinity, Infinity];
    for (let j = 0; j < s; j++) {
      if (j === i) continue;
      let sum = 0;
      for (let c = 0; c < d; c++) {
        const diff = data[i * d + c] - data[j * d + c];
        sum += diff * diff;
      }
      if (sum < best[2]) {
        best[2] = sum;
        best.sort((a, b) => a - b);
      }
    }
    for (let k = 0; k < 3; k++) kth[k][i] = Math.sqrt(best[k]);
  }
  return kth; // entropy formula omitted: only the search is timed
}

const lines = [
  '## kNN entropy (bench/knn-entropy.bench.mjs)',
  '',
  machineLine(buildInfo(), numpyVersion),
  '',
  'repsim `knnEntropy` (k = 1, 2, 3, max-norm; best of 2) against numpy brute force (full S × S',
  'distance matrix + `np.partition`, one run) and, at S = 5000, a pure-JS double loop (one run).',
  '',
  '| S | d | vs numpy | relative difference | vs pure JS |',
  '|---:|---:|---:|---:|---:|',
];
for (const [s, d] of quick
  ? [[2000, 32]]
  : [
      [5000, 64],
      [5000, 512],
      [20000, 64],
      [20000, 512],
    ]) {
  const next = seeded.gaussian(s + d);
  const x = { data: Float64Array.from({ length: s * d }, next), shape: [s, d] };
  const mine = bestOf(() => knnEntropySync(x).entropy, 2);
  let ratio = '—';
  let diff = '—';
  if (numpyVersion !== 'not available') {
    const file = path.join(dataDir, `knn_${s}_${d}.npy`);
    await saveNpy(file, x);
    const run = spawnSync('python3', [path.join(here, 'numpy_knn_entropy.py'), file], { encoding: 'utf8' });
    fs.rmSync(file);
    if (run.status === 0) {
      const theirs = JSON.parse(run.stdout);
      ratio = `${(theirs.seconds / mine.seconds).toFixed(1)}×`;
      diff = (Math.abs(theirs.value - mine.value) / Math.abs(theirs.value)).toExponential(1);
    } else {
      ratio = 'numpy failed';
    }
  }
  const js =
    s <= 5000 ? `${(bestOf(() => pureJsEntropy(x.data, s, d), 1).seconds / mine.seconds).toFixed(0)}×` : '—';
  lines.push(`| ${s} | ${d} | ${ratio} | ${diff} | ${js} |`);
  console.log(lines.at(-1));
}
// The whole Si(l, r) for two 6-layer ReLU MLPs (width 256, 10 outputs) on the same inputs.
{
  const s = quick ? 500 : 2000;
  const next = seeded.gaussian(77);
  const inputs = { data: Float64Array.from({ length: s * 32 }, next), shape: [s, 32] };
  const mlp = (seed) => {
    const draw = seeded.gaussian(seed);
    const layers = [];
    let current = inputs;
    for (let l = 0; l < 6; l++) {
      const [rows, width] = current.shape;
      const out = l === 5 ? 10 : 256;
      const w = Float64Array.from({ length: width * out }, () => draw() / Math.sqrt(width));
      const data = new Float64Array(rows * out);
      for (let i = 0; i < rows; i++) {
        for (let k = 0; k < width; k++) {
          const v = current.data[i * width + k];
          for (let j = 0; j < out; j++) data[i * out + j] += v * w[k * out + j];
        }
      }
      if (l < 5) for (let i = 0; i < data.length; i++) data[i] = Math.max(0, data[i]);
      current = { data, shape: [rows, out] };
      layers.push(current);
    }
    return layers;
  };
  const a = mlp(1);
  const b = mlp(2);
  const run = bestOf(() => entropySimilaritySync(a, b), 2);
  lines.push(
    '',
    `### Whole entropySimilarity: two 6-layer MLPs, S = ${s}, width 256`,
    '',
    '12 entropies, every converter ratio the lookahead rule needs, the assembly (best of 2):',
    `**${run.seconds.toFixed(2)} s**.`,
  );
  console.log(lines.at(-1));
}
if (quick) console.log(lines.join('\n'));
else writeSection('knn-entropy', lines.join('\n'));
