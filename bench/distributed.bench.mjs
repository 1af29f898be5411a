// repsim/distributed on one machine: 1, 2 and 4 local worker processes
// (`repsim worker`, BullMQ on a redis-server this script starts on a Unix
// socket) against one process, on a 12 x 12 linear-CKA layer matrix
// (n = 5000, p = 768, float32, like a BERT-base's layers) and a sharded
// minibatch CKA over 200 000 examples (3 layers, p = 128, 16 shards). Also
// the queue's overhead per job, from 144 one-pair jobs on tiny layers.
// On a 2-core machine the workers share two cores: expect the overhead, not
// a speed-up. Writes its section of bench/RESULTS.md; BENCH_QUICK=1 runs
// smaller and prints instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as repsim from '../dist/esm/index.mjs';
import { submitLayerMatrix, submitShardedCKA, batchRanges } from '../dist/esm/distributed/index.mjs';

import { haveRedisServer, startRedisServer } from '../test/support/redis-server.js';
import { writeSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '..', 'dist', 'cjs', 'cli', 'main.js');
const quick = process.env.BENCH_QUICK === '1';
const cores = os.availableParallelism();
const MATRIX = quick ? { n: 1000, p: 256, layers: 6 } : { n: 5000, p: 768, layers: 12 };
const SHARDED = quick
  ? { n: 20_000, p: 64, layers: 3, shards: 8 }
  : { n: 200_000, p: 128, layers: 3, shards: 16 };
const BATCH = 1000;
const WORKERS = [1, 2, 4];

if (!haveRedisServer()) {
  console.log(
    'redis-server is not installed (apt-get install redis-server); skipping the distributed benchmark',
  );
  process.exit(0);
}

const data = path.join(here, '.data', 'distributed');
fs.mkdirSync(data, { recursive: true });
const redis = await startRedisServer();
const socket = redis.socket;
const connection = { path: socket };

/** Seeded float32 layers written as .npy; returns their paths and arrays. */
async function layers(prefix, count, n, p, seed) {
  const out = [];
  for (let l = 0; l < count; l++) {
    const next = gaussian(seed + l);
    const array = { data: Float32Array.from({ length: n * p }, next), shape: [n, p] };
    const file = path.join(data, `${prefix}-${l}.npy`);
    await repsim.saveNpy(file, array);
    out.push({ file, array });
  }
  return out;
}

/** mulberry32 + Box–Muller, seeded. */
function gaussian(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

async function startWorkers(count, queue) {
  const threads = Math.max(1, Math.floor(cores / count));
  const children = [];
  for (let w = 0; w < count; w++) {
    const child = spawn(
      process.execPath,
      [CLI, 'worker', '--redis', `unix://${socket}`, '--queue', queue, '--threads', String(threads)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    children.push(child);
  }
  return async () => {
    await Promise.all(
      children.map((c) => {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        return exited;
      }),
    );
  };
}

async function seconds(fn) {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

let runs = 0;
/** A fresh queue per run: a resubmitted run would return its stored result. */
async function overQueue(count, submit) {
  const queue = `bench-${process.pid}-${runs++}`;
  const stop = await startWorkers(count, queue);
  try {
    return await seconds(() => submit(queue));
  } finally {
    await stop();
  }
}

const lines = [
  '## More than one machine, on one (bench/distributed.bench.mjs)',
  '',
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} threads, Node ${process.version}, repsim ${repsim.buildInfo().version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Workers are \`repsim worker\` processes on this machine (each with ${cores} / workers threads), BullMQ on a local redis-server over a Unix socket; each run on a fresh queue, timed from submit to result (hashing the files included).`,
  '',
];

// 1. The layer matrix.
const m = await layers('matrix', MATRIX.layers, MATRIX.n, MATRIX.p, 100);
const files = m.map((l) => l.file);
const one = await seconds(() => repsim.layerSimilarity(m.map((l) => l.array)));
// The same tiles, one after another in this process: what splitting costs before any queue.
const tile = Math.ceil(MATRIX.layers / 4); // the library's default tile
let tiles = 0;
const blocksInProcess = await seconds(async () => {
  for (let row = 0; row < MATRIX.layers; row += tile) {
    for (let col = row; col < MATRIX.layers; col += tile) {
      tiles++;
      const rows = m.slice(row, row + tile).map((l) => l.array);
      const cols = m.slice(col, col + tile).map((l) => l.array);
      await (row === col ? repsim.layerSimilarity(rows) : repsim.layerSimilarity(rows, cols));
    }
  }
});
lines.push(
  `### ${MATRIX.layers} x ${MATRIX.layers} linear CKA, n = ${MATRIX.n}, p = ${MATRIX.p} (float32), in the default tiles of ${tile} x ${tile} layers (${tiles} jobs; the tiles below the diagonal are mirrors)`,
  '',
  '| how | seconds | vs one process |',
  '|:---|---:|---:|',
  `| one process, one all-pairs call | ${one.seconds.toFixed(2)} | 1.00× |`,
  `| one process, the same ${tiles} tiles in turn | ${blocksInProcess.seconds.toFixed(2)} | ${(one.seconds / blocksInProcess.seconds).toFixed(2)}× |`,
);
let maxError = 0;
for (const count of WORKERS) {
  const run = await overQueue(count, (queue) => submitLayerMatrix({ connection, queue, a: files }));
  for (let k = 0; k < run.value.values.length; k++)
    maxError = Math.max(maxError, Math.abs(run.value.values[k] - one.value.values[k]));
  lines.push(
    `| ${count} worker${count > 1 ? 's' : ''} | ${run.seconds.toFixed(2)} | ${(one.seconds / run.seconds).toFixed(2)}× |`,
  );
}
lines.push(
  '',
  `Largest difference from the one-process matrix: ${maxError.toExponential(1)} (float32 layers: each tile is its own float32 product).`,
  '',
);

// 2. Sharded minibatch CKA.
const s = await layers('sharded', SHARDED.layers, SHARDED.n, SHARDED.p, 200);
const single = await seconds(async () => {
  const acc = new repsim.StreamingCKA();
  for (let i = 0; i < SHARDED.shards; i++) {
    const start = Math.floor((i * SHARDED.n) / SHARDED.shards);
    const end = Math.floor(((i + 1) * SHARDED.n) / SHARDED.shards);
    for (const [from, to] of batchRanges(end - start, BATCH)) {
      await acc.updateAsync(
        s.map((l) => ({
          data: l.array.data.subarray((start + from) * SHARDED.p, (start + to) * SHARDED.p),
          shape: [to - from, SHARDED.p],
        })),
      );
    }
  }
  return acc;
});
lines.push(
  `### Minibatch CKA over ${SHARDED.n.toLocaleString('en')} examples, ${SHARDED.layers} layers of p = ${SHARDED.p} (float32), ${SHARDED.shards} shards, batches of ${BATCH}`,
  '',
  '| how | seconds | vs one process |',
  '|:---|---:|---:|',
  `| one process, the same batches in turn | ${single.seconds.toFixed(2)} | 1.00× |`,
);
let shardedError = 0;
for (const count of WORKERS) {
  const run = await overQueue(count, (queue) =>
    submitShardedCKA({
      connection,
      queue,
      a: s.map((l) => l.file),
      shards: SHARDED.shards,
      batchSize: BATCH,
    }),
  );
  const got = run.value.value().values;
  const want = single.value.value().values;
  for (let k = 0; k < got.length; k++) shardedError = Math.max(shardedError, Math.abs(got[k] - want[k]));
  lines.push(
    `| ${count} worker${count > 1 ? 's' : ''} | ${run.seconds.toFixed(2)} | ${(single.seconds / run.seconds).toFixed(2)}× |`,
  );
}
lines.push(
  '',
  `Largest difference from the one-process value: ${shardedError.toExponential(1)}. The layers are float32, whose products run in float32 blocked by thread count: workers with ${cores} / workers threads round differently from the one process with ${cores} (float64 layers give the same bits whatever the thread count).`,
  '',
);

// 3. The queue's own cost per job: 144 one-pair jobs on tiny layers.
const tiny = await layers('tiny', 12, 64, 4, 300);
const tinyLocal = await seconds(async () => {
  for (const x of tiny) for (const y of tiny) await repsim.layerSimilarity([x.array], [y.array]);
});
const tinyRun = await overQueue(1, (queue) =>
  submitLayerMatrix({ connection, queue, a: tiny.map((l) => l.file), block: { rows: 1, cols: 1 } }),
);
const perJob = ((tinyRun.seconds - tinyLocal.seconds) / 144) * 1000;
lines.push(
  "### The queue's overhead per job",
  '',
  `144 one-pair jobs (12 x 12 layers of 64 x 4) on one worker took ${tinyRun.seconds.toFixed(2)} s from submit to result; the same 144 calls in one process ${tinyLocal.seconds.toFixed(3)} s: **${perJob.toFixed(1)} ms of queue per job** (Redis round trips, job locks, reading and checking each file, the parent's assembly).`,
  '',
  cores <= 2
    ? `With ${cores} cores the workers share them: more workers cannot be faster than one process, whose native calls already use every core. The figures to read here are the overhead and the cost of splitting an all-pairs call into blocks (each block recomputes what the one call shares); on several machines the same runs spread over their cores.`
    : 'Speed-ups need more cores than one process already uses; the one-process calls use every core here.',
);

await redis.stop();
const markdown = lines.join('\n');
if (quick) console.log(markdown);
else {
  writeSection('distributed', markdown);
  console.log(markdown);
}
