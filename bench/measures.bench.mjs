// The measure table (ReSi's and platonic-rep's measures) side by side in one
// run: repsim's function for each measure against the reference's
// computation in numpy/scipy (bench/numpy_measures.py, which does what ReSi's
// code does, with numpy products where ReSi calls scikit-learn), at
// n = 5000, p = q = 256; then repsim alone at n = 20 000 for the O(n²)
// measures with each one's peak resident memory (a child process per
// measure). Writes its section of bench/RESULTS.md; BENCH_QUICK=1 runs
// n = 1500 and prints instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import * as repsim from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { benchSetup, bestOf, machineLine, numpyEnv, writeSection } from './results.mjs';

const { here, dataDir, quick, numpyVersion } = benchSetup(['numpy', 'scipy']);
const hasNumpy = numpyVersion !== 'not available';

const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const measures = repsim.METRICS.filter((m) => m.family === 'measure').map((m) => m.name);
const quadratic = new Set([
  'rsa',
  'rsm-norm-difference',
  'distance-correlation',
  'jaccard-knn',
  'rank-similarity',
  'second-order-cosine',
  'mutual-knn',
  'cknna',
  'uniformity-difference',
]);

/** x and a related y: a random linear map of x through tanh, plus noise. */
function pair(n, p, seed) {
  const next = seeded.gaussian(seed);
  const x = Float64Array.from({ length: n * p }, next);
  const w = Float64Array.from({ length: p * p }, () => next() / Math.sqrt(p));
  const y = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p; k++) {
      const xik = x[i * p + k];
      for (let j = 0; j < p; j++) y[i * p + j] += xik * w[k * p + j];
    }
  }
  for (let k = 0; k < y.length; k++) y[k] = Math.tanh(y[k]) + 0.3 * next();
  return { x: { data: x, shape: [n, p] }, y: { data: y, shape: [n, p] } };
}

/**
 * The reference's run of one measure in its own python process, or undefined
 * when it is not in the reference script or failed; with `limits` (seconds,
 * GiB of address space) a run past either is reported as `{ failed: why }`.
 */
function numpy(name, fx, fy, limits) {
  const script = [path.join(here, 'numpy_measures.py'), name, fx, fy];
  const run = limits
    ? spawnSync(
        'bash',
        ['-c', `ulimit -v ${limits.gib * 1024 * 1024}; exec python3 "$@"`, 'bash', ...script],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
          env: numpyEnv(),
          timeout: limits.seconds * 1000,
          killSignal: 'SIGKILL',
        },
      )
    : spawnSync('python3', script, { encoding: 'utf8', maxBuffer: 1 << 20, env: numpyEnv() });
  if (run.status === 0) return JSON.parse(run.stdout);
  if (!limits) return undefined;
  if (run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGKILL')
    return { failed: `over ${limits.seconds} s` };
  if (/MemoryError|Unable to allocate|cannot allocate/i.test(run.stderr))
    return { failed: `over ${limits.gib} GiB` };
  return { failed: run.stderr.trim().split('\n').at(-1)?.slice(0, 60) ?? 'failed' };
}

const n = quick ? 1500 : 5000;
const p = 256;
const { x, y } = pair(n, p, 7);
const fx = path.join(dataDir, 'measures_x.npy');
const fy = path.join(dataDir, 'measures_y.npy');
if (hasNumpy) {
  await repsim.saveNpy(fx, x);
  await repsim.saveNpy(fy, y);
}

const lines = [
  '## The measure table (bench/measures.bench.mjs)',
  '',
  machineLine(repsim.buildInfo(), numpyVersion),
  '',
  `### Against the reference's computation (numpy ${numpyVersion}, scipy), n = ${n}, p = q = ${p}, float64`,
  '',
  "numpy/scipy doing what the reference code does (bench/numpy_measures.py: ReSi's measures, netrep's",
  "shape metric, platonic-rep's mutual kNN and CKNNA; their scikit-learn and torch calls are the n × n",
  'numpy products they amount to, as neither is installed here). Each side: the best of up to ten runs',
  'as fit in a few seconds, else one. The last column is |repsim − reference| / |reference| (the',
  "neighbourhood measures can differ where two neighbours tie). CKNNA's reference leaves out",
  "platonic-rep's +1e-6 in the denominator, as repsim does (README).",
  '',
  '| measure | repsim (s) | vs reference | relative difference |',
  '|:---|---:|---:|---:|',
];
repsim.alignedCosineSync(pair(200, 8, 1).x, pair(200, 8, 1).y); // load the addon
for (const name of measures) {
  const fn = repsim[`${camel(name)}Sync`];
  // The best of ten for the fast ones, three for the rest, one run for the slow
  // (the numpy side: as many of ten as fit in five seconds).
  const first = bestOf(() => fn(x, y), 1);
  const mine = first.seconds < 1.5 ? bestOf(() => fn(x, y), first.seconds < 0.3 ? 10 : 3) : first;
  const theirs = hasNumpy ? numpy(name, fx, fy) : undefined;
  const ratio = theirs ? `${(theirs.seconds / mine.seconds).toFixed(1)}×` : '— (no reference here)';
  const diff = theirs
    ? (Math.abs(mine.value - theirs.value) / Math.max(Math.abs(theirs.value), 1e-300)).toExponential(1)
    : '—';
  lines.push(`| ${name} | ${mine.seconds.toFixed(3)} | ${ratio} | ${diff} |`);
  console.log(lines.at(-1));
}

// Peak memory at n = 20 000 (p = 64): each O(n²) measure in its own process,
// and the reference's run beside it where it finishes within the limits.
const big = quick ? 4000 : 20000;
const bigLimits = { seconds: quick ? 60 : 300, gib: 20 };
const bigData = (() => {
  const next = seeded.gaussian(3);
  const bx = { data: Float64Array.from({ length: big * 64 }, next), shape: [big, 64] };
  const by = { data: bx.data.map((v) => Math.tanh(v) + 0.5 * next()), shape: [big, 64] };
  return { bx, by };
})();
const fbx = path.join(dataDir, 'measures_big_x.npy');
const fby = path.join(dataDir, 'measures_big_y.npy');
if (hasNumpy) {
  await repsim.saveNpy(fbx, bigData.bx);
  await repsim.saveNpy(fby, bigData.by);
}
lines.push(
  '',
  `### The O(n²) measures at n = ${big}, p = q = 64: time and peak resident memory`,
  '',
  `An n × n float64 matrix is ${((8 * big * big) / 2 ** 30).toFixed(1)} GiB; the references hold two or more.`,
  'Peak RSS of a child process computing the one measure (inputs included); repsim with the default',
  "`maxMemoryBytes` (2 GiB), so RSA runs with `outer: 'pearson'` here (Spearman needs 32 bytes per pair",
  `of examples) and the reference likewise. The reference gets ${bigLimits.seconds} s and ${bigLimits.gib} GiB of address space`,
  "(rsm-norm-difference's `np.linalg.norm(D, 2)` is a full SVD of D, O(n³); CKNNA's unbiased HSIC",
  'multiplies n × n matrices, O(n³)).',
  '',
  '| measure | repsim (s) | repsim peak RSS (MiB) | reference (s) | reference peak RSS (MiB) | vs reference |',
  '|:---|---:|---:|---:|---:|---:|',
);
for (const name of measures.filter((m) => quadratic.has(m))) {
  const options = name === 'rsa' ? "{ outer: 'pearson' }" : '{}';
  const script = `
    const repsim = require(${JSON.stringify(path.join(here, '..', 'dist', 'cjs', 'index.js'))});
    const fs = require('node:fs');
    const x = repsim.parseNpy(fs.readFileSync(${JSON.stringify(fbx)}));
    const y = repsim.parseNpy(fs.readFileSync(${JSON.stringify(fby)}));
    const start = performance.now();
    const value = repsim[${JSON.stringify(`${camel(name)}Sync`)}](x, y, ${options});
    console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, value,
      rss: process.resourceUsage().maxRSS / 1024 }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 600_000 });
  const r = run.status === 0 ? JSON.parse(run.stdout) : undefined;
  const theirs = hasNumpy ? numpy(name === 'rsa' ? 'rsa-pearson' : name, fbx, fby, bigLimits) : undefined;
  const reference = !theirs
    ? '— | — | —'
    : theirs.failed
      ? `did not finish (${theirs.failed}) | — | —`
      : `${theirs.seconds.toFixed(1)} | ${theirs.peak_mib.toFixed(0)} | ${r ? (theirs.seconds / r.seconds).toFixed(1) + '×' : '—'}`;
  lines.push(
    r
      ? `| ${name} | ${r.seconds.toFixed(1)} | ${r.rss.toFixed(0)} | ${reference} |`
      : `| ${name} | failed: ${run.stderr.split('\n')[0]} | — | ${reference} |`,
  );
  console.log(lines.at(-1));
}

if (quick) console.log(lines.join('\n'));
else writeSection('measures', lines.join('\n'));
