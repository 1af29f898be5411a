// Runs one large computation in its own process and prints its peak resident
// memory, for the memory claims of bench/cka-family.bench.mjs:
//   node bench/peak-memory.mjs rbf <n> <p>                RBF CKA of n examples
//   node bench/peak-memory.mjs streaming <n> <batch> <p>  StreamingCKA, 4 + 4 layers
// Data are generated batch by batch, as a pipeline would produce them.
import { performance } from 'node:perf_hooks';

import { StreamingCKA, kernelCKA } from '../dist/esm/index.mjs';
import seeded from '../scripts/seeded-gaussian.js';

const [what, ...sizes] = process.argv.slice(2);
const next = seeded.gaussian(11);
let seconds = 0;
let value;

if (what === 'rbf') {
  const [n, p] = sizes.map(Number);
  const x = { data: Float64Array.from({ length: n * p }, next), shape: [n, p] };
  const y = { data: x.data.map((v) => 0.6 * v + next()), shape: [n, p] };
  const start = performance.now();
  value = await kernelCKA(x, y);
  seconds = (performance.now() - start) / 1000;
} else {
  const [total, batch, p] = sizes.map(Number);
  const s = new StreamingCKA();
  for (let begin = 0; begin < total; begin += batch) {
    const base = Float64Array.from({ length: batch * p }, next);
    const layer = (k) => ({
      data: base.map((v) => Math.tanh(v * (1 + k / 4)) + 0.3 * next()),
      shape: [batch, p],
    });
    const a = [0, 1, 2, 3].map(layer);
    const b = [0.5, 1.5, 2.5, 3.5].map(layer);
    const start = performance.now();
    s.update(a, b);
    seconds += (performance.now() - start) / 1000;
  }
  value = s.value().get(0, 0);
}
console.log(
  JSON.stringify({ what, sizes, seconds, value, peakRssBytes: process.resourceUsage().maxRSS * 1024 }),
);
