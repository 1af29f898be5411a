// Linear CKA, side by side in one run: repsim (native), pure JS (ml-matrix)
// and numpy (when python3 + numpy are available), on the same data files.
// Writes ratios (not absolute times: machines are shared and noisy) to
// bench/RESULTS.md. Run with `npm run bench`; BENCH_QUICK=1 runs a subset.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { buildInfo, linearCKASync, saveNpy } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';
import { pureJsLinearCKA } from './pure-js-cka.mjs';
import { machineLine, numpyEnv, writeSection } from './results.mjs';

const { gaussian } = seeded;

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '.data');
const quick = process.env.BENCH_QUICK === '1';
const sizes = quick
  ? [
      [1000, 64],
      [5000, 512],
    ]
  : [1000, 5000, 20000].flatMap((n) => [64, 512, 2048].map((p) => [n, p]));
const dtypes = ['float32', 'float64'];
// Pure JS is run only where it finishes in reasonable time (n·p² MACs, 3 products).
const PURE_JS_MAX_WORK = 1.4e9;

/** y shares half its signal with x, so CKA is neither 0 nor 1. */
function makePair(n, p, dtype) {
  const Array_ = dtype === 'float32' ? Float32Array : Float64Array;
  const next = gaussian(n * 7919 + p);
  const x = Array_.from({ length: n * p }, next);
  const y = Array_.from(x, (v) => 0.7 * v + next() + 3);
  return { x, y };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn, reps) {
  fn(); // warm-up
  const seconds = [];
  let value;
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    value = fn();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: median(seconds), value };
}

function hasNumpy() {
  return spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

const numpyEnvironment = numpyEnv();
const numpyVersion = hasNumpy()
  ? spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], {
      encoding: 'utf8',
      env: numpyEnvironment,
    }).stdout.trim()
  : 'not available';

/** A persistent numpy process (bench/numpy_cka.py) answering one request per line. */
function startNumpy() {
  const child = spawn('python3', [path.join(here, 'numpy_cka.py')], {
    env: numpyEnvironment,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  return {
    ask: (request) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${JSON.stringify(request)}\n`);
      }),
    stop: () => child.stdin.end(),
  };
}

// OpenBLAS's worker threads spin for a while after each call before they
// sleep; a pause before every timed block keeps one side from timing the
// other's idle spinning.
const quiet = () => sleep(300);

/**
 * Times repsim and numpy in blocks of back-to-back runs (each after a warm-up),
 * in the order repsim, numpy, repsim, numpy, and keeps each side's better
 * block median: both see the same machine drift, neither the other's threads.
 */
async function timeSideBySide(repsimFn, numpy, files, reps) {
  const mine = [];
  const theirs = [];
  let numpyValue;
  let value;
  for (let round = 0; round < 2; round++) {
    await quiet();
    const block = time(repsimFn, reps);
    mine.push(block.seconds);
    value = block.value;
    if (numpy) {
      await quiet();
      const reply = await numpy.ask({ ...files, reps });
      theirs.push(median(reply.seconds));
      numpyValue = reply.value;
    }
  }
  const repsim = { seconds: Math.min(...mine), value };
  if (!numpy) return { repsim };
  const { value: reference } = await numpy.ask({ ...files, reference: true });
  return { repsim, numpy: { seconds: Math.min(...theirs), value: numpyValue, reference } };
}

const rows = [];
fs.mkdirSync(dataDir, { recursive: true });
const numpy = numpyVersion === 'not available' ? undefined : startNumpy();
const info = buildInfo();
console.log(`repsim ${info.version}, native build ${info.isa}, ${os.availableParallelism()} threads`);

for (const [n, p] of sizes) {
  for (const dtype of dtypes) {
    const { x, y } = makePair(n, p, dtype);
    const reps = n * p * p > 2e10 ? 5 : n * p * p > 1e9 ? 7 : 15;
    const files = {
      x: path.join(dataDir, `${dtype}_${n}x${p}_x.npy`),
      y: path.join(dataDir, `${dtype}_${n}x${p}_y.npy`),
    };
    await saveNpy(files.x, { data: x, shape: [n, p] });
    await saveNpy(files.y, { data: y, shape: [n, p] });
    const compute = () => linearCKASync({ data: x, shape: [n, p] }, { data: y, shape: [n, p] });
    const timed = await timeSideBySide(compute, numpy, files, reps);
    await quiet();
    const pureJs = n * p * p <= PURE_JS_MAX_WORK ? time(() => pureJsLinearCKA(x, y, n, p, p), 1) : undefined;
    const { repsim } = timed;
    rows.push({ n, p, dtype, repsim, pureJs, numpy: timed.numpy });
    console.log(
      `n=${n} p=${p} ${dtype}: repsim ${repsim.seconds.toFixed(4)} s${pureJs ? `, pure JS ${pureJs.seconds.toFixed(3)} s` : ''}`,
    );
  }
}

numpy?.stop();

const ratio = (other, mine) =>
  other === undefined ? '—' : `${(other / mine).toFixed(other / mine >= 10 ? 0 : 2)}×`;
const relErr = (value, reference) =>
  reference === undefined ? '—' : (Math.abs(value - reference) / reference).toExponential(1);
const lines = [
  '## Linear CKA (bench/linear-cka.bench.mjs)',
  '',
  machineLine(info, numpyVersion),
  '',
  'Ratios are *other time ÷ repsim time* for the same inputs in the same run. Each side is timed in',
  'blocks of 5–15 back-to-back runs after a warm-up, in the order repsim, numpy, repsim, numpy, and',
  'the better block median counts (pure JS: one run); above 1× means repsim is faster. "Rel. error" is',
  'the relative difference from numpy computing the same formula in float64 on the same data.',
  'Pure JS (ml-matrix) is skipped where it would take minutes (—).',
  '',
  '| n | p | dtype | vs numpy | vs pure JS | rel. error repsim | rel. error numpy |',
  '|---:|---:|:---|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${r.p} | ${r.dtype} | ${ratio(r.numpy?.seconds, r.repsim.seconds)} | ${ratio(r.pureJs?.seconds, r.repsim.seconds)} | ${relErr(r.repsim.value, r.numpy?.reference)} | ${r.numpy ? relErr(r.numpy.value, r.numpy.reference) : '—'} |`,
  ),
];
if (quick) fs.writeFileSync(path.join(here, 'RESULTS.quick.md'), lines.join('\n'));
else writeSection('linear-cka', lines.join('\n'));
console.log(lines.join('\n'));
