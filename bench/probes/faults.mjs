// Concurrency and fault checks (each in its own child process, with a kill
// timeout) and the two measurements of the hardening issue: event-loop lag
// during a long Promise call and cancellation latency.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, '..', '..', 'dist', 'cjs', 'index.js');
const cli = path.join(here, '..', '..', 'dist', 'cjs', 'cli', 'main.js');

const PRELUDE = `
  const r = require(${JSON.stringify(entry)});
  const fs = require('node:fs');
  const rand = (n, p, s) => { let t = s >>> 0; const d = new Float64Array(n * p);
    for (let i = 0; i < d.length; i++) { t = (t * 1664525 + 1013904223) >>> 0; d[i] = t / 2 ** 32 - 0.5; }
    return { data: d, shape: [n, p] }; };
  const fail = (why) => { console.log('FAIL ' + why); process.exit(3); };
`;

function node(script, timeout = 120_000, args = []) {
  return spawnSync(process.execPath, ['-e', PRELUDE + script, ...args], { encoding: 'utf8', timeout });
}

const CHECKS = [
  [
    '32 concurrent Promise calls equal the Sync values bit for bit',
    `(async () => { const x = rand(800, 40, 1), y = rand(800, 30, 2);
      const want = [r.kernelCKASync(x, y), r.svccaSync(x, y).meanRho];
      const got = await Promise.all(Array.from({ length: 32 }, (_, i) => i % 2 ? r.svcca(x, y).then(v => v.meanRho) : r.kernelCKA(x, y)));
      got.forEach((v, i) => { if (v !== want[i % 2]) fail('call ' + i + ': ' + v); }); })()`,
  ],
  [
    '4 worker_threads each compute the right value',
    `const { Worker } = require('node:worker_threads');
     const x = rand(500, 20, 1), y = rand(500, 10, 2); const want = r.linearCKASync(x, y);
     let left = 4; for (let i = 0; i < 4; i++) {
       const w = new Worker(\`const r = require(\${JSON.stringify(${JSON.stringify(entry)})}); const { parentPort, workerData } = require('node:worker_threads');
         r.linearCKA(workerData.x, workerData.y).then(v => parentPort.postMessage(v));\`, { eval: true, workerData: { x, y } });
       w.on('message', (v) => { if (v !== want) fail('worker got ' + v); w.terminate(); if (--left === 0) process.exit(0); }); }`,
  ],
  [
    'worker.terminate() during a Promise call leaves the process alive',
    `const { Worker } = require('node:worker_threads');
     const w = new Worker(\`const r = require(\${JSON.stringify(${JSON.stringify(entry)})});
       const d = new Float64Array(2000 * 64).map(Math.random); r.permutationTest('kernel-cka', { data: d, shape: [2000, 64] }, { data: d.slice(), shape: [2000, 64] }, { permutations: 1500 });
       require('node:worker_threads').parentPort.postMessage('started');\`, { eval: true });
     w.on('message', () => setTimeout(() => { const t0 = Date.now(); w.terminate().then(() => { console.log('terminated after ' + (Date.now() - t0) + ' ms'); process.exit(0); }); }, 100));`,
  ],
  [
    'an input transferred away mid-call: no crash, the value of the data at the call',
    `(async () => { const x = rand(3000, 64, 1), y = rand(3000, 64, 2); const want = r.kernelCKASync(x, y);
      const p = r.kernelCKA(x, y); structuredClone(x.data.buffer, { transfer: [x.data.buffer] });
      const v = await p; if (v !== want) fail('got ' + v + ' want ' + want); })()`,
  ],
  [
    '8 concurrent saveNpy to one path leave one whole array',
    `(async () => { const dir = fs.mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'p-')); const file = dir + '/x.npy';
      const arrays = Array.from({ length: 8 }, (_, i) => ({ data: new Float64Array(20000 * (i + 1)).fill(i), shape: [20000 * (i + 1)] }));
      await Promise.allSettled(arrays.map(a => r.saveNpy(file, a)));
      const back = await r.loadNpy(file); const i = back.data[0];
      if (back.shape[0] !== 20000 * (i + 1) || back.data.some(v => v !== i)) fail('torn file');
      if (fs.readdirSync(dir).length !== 1) fail('temporary files left: ' + fs.readdirSync(dir)); })()`,
  ],
  [
    'an AbortSignal stops a long call within 200 ms',
    `(async () => { const x = rand(3000, 64, 1), y = rand(3000, 64, 2); const c = new AbortController();
      const p = r.permutationTest('kernel-cka', x, y, { permutations: 100000, signal: c.signal });
      setTimeout(() => c.abort(), 300); const t0 = Date.now() + 300;
      try { await p; fail('not aborted'); } catch (e) { if (e.name !== 'AbortError') fail(e.name); if (Date.now() - t0 > 200) fail('took ' + (Date.now() - t0)); } })()`,
  ],
  [
    'process.exit() with native work in flight exits at once',
    `const x = rand(3000, 128, 1); r.permutationTest('kernel-cka', x, x, { permutations: 100000 }); setTimeout(() => process.exit(0), 200);`,
    10_000,
  ],
];

function sigtermMidWrite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-sigterm-'));
  const file = path.join(dir, 'big.npy');
  const script = `${PRELUDE} r.saveNpy(${JSON.stringify(file)}, { data: new Float64Array(32 * 1024 * 1024).fill(1), shape: [32 * 1024 * 1024] }); setTimeout(() => process.kill(process.pid, 'SIGTERM'), 150);`;
  spawnSync(process.execPath, ['-e', script], { timeout: 60_000 });
  if (!fs.existsSync(file)) return { outcome: 'ok', detail: 'no target written' };
  const size = fs.statSync(file).size;
  return size >= 32 * 1024 * 1024 * 8
    ? { outcome: 'ok', detail: 'whole file written' }
    : { outcome: 'silent wrong', detail: `a partial file of ${size} bytes` };
}

function concurrentCompare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-two-writers-'));
  const script = `${PRELUDE}
    const { spawn } = require('node:child_process'); const path = require('node:path');
    const m = (name, k) => { fs.mkdirSync(path.join(${JSON.stringify(dir)}, name));
      for (let i = 0; i < k; i++) fs.writeFileSync(path.join(${JSON.stringify(dir)}, name, 'l' + i + '.npy'), r.serializeNpy(rand(200, 8, i + k))); };
    m('three', 3); m('six', 6); const out = path.join(${JSON.stringify(dir)}, 'out');
    let left = 2; for (const model of ['three', 'six']) spawn(process.execPath, [${JSON.stringify(cli)}, 'compare', path.join(${JSON.stringify(dir)}, model), '--metrics', 'linear-cka', '--out', out]).on('exit', () => {
      if (--left) return; const res = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      const csv = fs.readFileSync(path.join(out, 'linear-cka.csv'), 'utf8').trim().split('\\n').length - 1;
      if (res.metrics[0].values.length !== csv) fail('results.json has ' + res.metrics[0].values.length + ' rows, the CSV ' + csv); });`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
}

function outcomeOf(r) {
  if (r.error?.code === 'ETIMEDOUT') return { outcome: 'hang', detail: 'timed out' };
  if (r.signal) return { outcome: 'crash', detail: `signal ${r.signal}` };
  if (r.status !== 0)
    return {
      outcome: r.stdout.includes('FAIL') ? 'silent wrong' : 'crash',
      detail: (r.stdout + r.stderr).trim().split('\n')[0],
    };
  return { outcome: 'ok', detail: r.stdout.trim().split('\n').at(-1) || 'ok' };
}

/** The concurrency and fault checks, as probe rows. */
export async function faultChecks() {
  const rows = CHECKS.map(([label, script, timeout]) => ({
    category: 'concurrency and faults',
    label,
    ...outcomeOf(node(script, timeout)),
  }));
  rows.push({
    category: 'concurrency and faults',
    label: 'SIGTERM during a 256 MiB saveNpy',
    ...sigtermMidWrite(),
  });
  rows.push({
    category: 'concurrency and faults',
    label: 'two compare runs into one --out agree',
    ...outcomeOf(concurrentCompare()),
  });
  return rows;
}

/** Event-loop lag during a long Promise call, and cancellation latency. */
export async function measurements() {
  const lag = node(`(async () => { const x = rand(4000, 256, 1), y = rand(4000, 256, 2);
    const gaps = []; let last = performance.now(); const t = setInterval(() => { const now = performance.now(); gaps.push(now - last - 5); last = now; }, 5);
    await r.kernelCKA(x, y); await r.permutationTest('kernel-cka', x, y, { permutations: 300 }); clearInterval(t);
    gaps.sort((a, b) => a - b); console.log(JSON.stringify({ max: gaps.at(-1), p99: gaps[Math.floor(gaps.length * 0.99)], samples: gaps.length })); })()`);
  const cancel = node(`(async () => { const x = rand(3000, 64, 1), y = rand(3000, 64, 2); const took = [];
    for (const [name, call] of [['kernelCKA', (s) => r.kernelCKA(rand(6000, 256, 3), rand(6000, 256, 4), { signal: s })],
      ['permutationTest', (s) => r.permutationTest('kernel-cka', x, y, { permutations: 100000, signal: s })],
      ['layerSimilarity', (s) => r.layerSimilarity([rand(6000, 256, 5), rand(6000, 256, 6)], undefined, { metric: 'kernel-cka', signal: s })],
      ['knnEntropy', (s) => r.knnEntropy(rand(20000, 64, 7), { signal: s })],
      ['entropySimilarity', (s) => r.entropySimilarity([rand(8000, 64, 8)], [rand(8000, 64, 9)], { signal: s })]]) {
      const c = new AbortController(); const p = call(c.signal); await new Promise((ok) => setTimeout(ok, 150));
      const t0 = performance.now(); c.abort(); try { await p; } catch {} took.push(name + ' ' + (performance.now() - t0).toFixed(0) + ' ms'); }
    console.log(JSON.stringify(took)); })()`);
  const lines = [];
  try {
    const l = JSON.parse(lag.stdout.trim().split('\n').at(-1));
    lines.push(
      `event-loop lag during a kernel CKA (n = 4000, p = 256) and a 300-permutation test: max ${l.max.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms over ${l.samples} 5 ms ticks`,
    );
  } catch {
    lines.push(`event-loop lag: not measured (${lag.stderr.split('\n')[0]})`);
  }
  try {
    lines.push(
      `cancellation latency, abort → rejection: ${JSON.parse(cancel.stdout.trim().split('\n').at(-1)).join(', ')}`,
    );
  } catch {
    lines.push(`cancellation latency: not measured (${cancel.stderr.split('\n')[0]})`);
  }
  return lines;
}
