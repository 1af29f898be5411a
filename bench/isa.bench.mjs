// The native builds side by side: each workload timed with every build this
// machine has and runs (x86-64-v4 = AVX-512, x86-64-v3 = AVX2 + FMA, the
// portable baseline), each in its own process (REPSIM_ISA), and with numpy
// running the reference code on the same files. Rounds alternate the sides
// (v4, v3, ..., numpy, then again) and each side's best round counts.
// Needs the variants built: REPSIM_BUILD_VARIANTS=all npm run build:native
// (or x86-64-v3,x86-64-v4). Writes its section of bench/RESULTS.md;
// BENCH_QUICK=1 runs smaller sizes and writes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { buildInfo, saveNpy, saveNpz } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { benchSetup, machineLine, numpyEnv, writeSection } from './results.mjs';

const require = createRequire(import.meta.url);
const { NATIVE_VARIANTS } = require('../dist/cjs/native/addon.js');
const { cpuRuns, cpuSupportOf, variantFile } = require('../dist/cjs/native/load.js');
const { here, dataDir, quick, numpyVersion } = benchSetup(['numpy']);
const hasNumpy = numpyVersion !== 'not available';
const numpyEnvironment = numpyEnv();

const info = buildInfo();
const release = path.join(here, '..', 'build', 'Release');
const variants = NATIVE_VARIANTS.filter(
  (v) => cpuRuns(v, cpuSupportOf(info)) && fs.existsSync(path.join(release, variantFile(v))),
);
if (variants.length < 2) {
  console.log(`only ${variants.join(', ')} built here: REPSIM_BUILD_VARIANTS=all npm run build:native first`);
}

function layer(n, p, next, Array_ = Float64Array) {
  return { data: Array_.from({ length: n * p }, next), shape: [n, p] };
}

/** y shares part of its signal with x, so the similarity is neither 0 nor 1. */
async function savePair(tag, n, p, Array_ = Float64Array) {
  const next = seeded.gaussian(n * 31 + p);
  const x = layer(n, p, next, Array_);
  const y = { data: x.data.map((v) => 0.6 * v + next()), shape: [n, p] };
  const files = [path.join(dataDir, `isa_${tag}_x.npy`), path.join(dataDir, `isa_${tag}_y.npy`)];
  await saveNpy(files[0], x);
  await saveNpy(files[1], y);
  return files;
}

async function saveLayers(tag, n, count, p) {
  const next = seeded.gaussian(n);
  const file = path.join(dataDir, `isa_${tag}.npz`);
  const arrays = {};
  for (let i = 0; i < count; i++) arrays[`a${i}`] = layer(n, p, next);
  for (let i = 0; i < count; i++) arrays[`b${i}`] = layer(n, p, next);
  await saveNpz(file, arrays);
  return [file, String(count)];
}

const s = quick ? 0.25 : 1;
const workloads = [
  {
    label: `linear CKA, float32, n = ${20000 * s}, p = 2048`,
    name: 'linear',
    reps: 3,
    files: () => savePair('lin32', 20000 * s, 2048, Float32Array),
  },
  {
    label: `linear CKA, float64, n = ${5000 * s}, p = 512`,
    name: 'linear',
    reps: 7,
    files: () => savePair('lin64', 5000 * s, 512),
  },
  {
    label: `all-pairs linear CKA, 12 × 12 layers, p = 768, n = ${2000 * s}`,
    name: 'pairs',
    reps: 2,
    files: () => saveLayers('pairs2k', 2000 * s, 12, 768),
  },
  {
    label: `all-pairs linear CKA, 12 × 12 layers, p = 768, n = ${5000 * s}`,
    name: 'pairs',
    reps: 2,
    numpyReps: 1,
    files: () => saveLayers('pairs5k', 5000 * s, 12, 768),
  },
  {
    label: `RBF CKA, n = ${5000 * s}, p = 512`,
    name: 'rbf',
    reps: 3,
    numpyReps: 1,
    files: () => savePair('rbf', 5000 * s, 512),
  },
  {
    label: `CCA, n = ${5000 * s}, p = 256`,
    name: 'cca',
    reps: 5,
    files: () => savePair('cca', 5000 * s, 256),
  },
];

function repsimTime(variant, name, files, reps) {
  const run = spawnSync(process.execPath, [path.join(here, 'isa-child.mjs'), name, ...files, String(reps)], {
    encoding: 'utf8',
    env: { ...process.env, REPSIM_ISA: variant },
  });
  if (run.status !== 0) throw new Error(`${variant} ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout).seconds;
}

function numpyTime(name, files, reps) {
  const run = spawnSync('python3', [path.join(here, 'numpy_isa.py'), name, ...files, String(reps)], {
    encoding: 'utf8',
    env: numpyEnvironment,
  });
  if (run.status !== 0) throw new Error(`numpy ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout).seconds;
}

const rows = [];
for (const w of workloads) {
  const files = await w.files();
  const best = Object.fromEntries(variants.map((v) => [v, Infinity]));
  let numpyBest = Infinity;
  for (let round = 0; round < 2; round++) {
    for (const v of variants) best[v] = Math.min(best[v], repsimTime(v, w.name, files, w.reps));
    if (hasNumpy) numpyBest = Math.min(numpyBest, numpyTime(w.name, files, w.numpyReps ?? w.reps));
  }
  for (const f of files) if (f.endsWith('.npy') || f.endsWith('.npz')) fs.rmSync(f, { force: true });
  rows.push({ label: w.label, best, numpyBest });
  console.log(w.label, JSON.stringify(best), hasNumpy ? `numpy ${numpyBest.toFixed(3)} s` : '');
}

const ratio = (other, mine) => (Number.isFinite(other) ? `${(other / mine).toFixed(2)}×` : '—');
const lines = [
  '## Native builds by instruction set (bench/isa.bench.mjs)',
  '',
  machineLine(info, numpyVersion),
  '',
  'Each build in its own process (`REPSIM_ISA`), numpy running the reference code on the same files;',
  'two alternating rounds, best time per side (repsim: best of several runs after a warm-up). Columns',
  '"vs numpy" are *numpy time ÷ that build\'s time* (above 1× = repsim faster); the last column is',
  '*x86-64-v3 time ÷ x86-64-v4 time* (above 1× = the AVX-512 build is faster).',
  '',
  `| workload | ${variants.map((v) => `${v} vs numpy`).join(' | ')} | v4 gain over v3 |`,
  `|:---|${variants.map(() => '---:').join('|')}|---:|`,
  ...rows.map(
    (r) =>
      `| ${r.label} | ${variants.map((v) => ratio(r.numpyBest, r.best[v])).join(' | ')} | ${r.best['x86-64-v4'] && r.best['x86-64-v3'] ? ratio(r.best['x86-64-v3'], r.best['x86-64-v4']) : '—'} |`,
  ),
];
console.log(lines.join('\n'));
if (!quick) writeSection('isa', lines.join('\n'));
