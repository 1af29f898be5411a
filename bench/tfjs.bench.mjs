// repsim/tfjs overheads, side by side in one run on TensorFlow.js's CPU
// backend: recordLayers (every hidden layer, batched, read back into one
// float32 array per layer) against a plain model.predict of the same
// examples read back with data(); and similarityCallback's cost per epoch
// against the epoch's training time. Writes its section of bench/RESULTS.md;
// BENCH_QUICK=1 runs smaller and prints instead.
import * as tf from '@tensorflow/tfjs';

import * as repsim from '../dist/esm/index.mjs';
import { recordLayers, similarityCallback } from '../dist/esm/tfjs/index.mjs';
import os from 'node:os';

import { writeSection } from './results.mjs';

const quick = process.env.BENCH_QUICK === '1';
const n = quick ? 500 : 1000;
const widths = [784, 256, 128, 64, 10];

function mlp() {
  const layers = widths.slice(1).map((units, i) =>
    tf.layers.dense({
      ...(i === 0 ? { inputShape: [widths[0]] } : {}),
      units,
      activation: i === widths.length - 2 ? 'softmax' : 'relu',
      name: i === widths.length - 2 ? 'output' : `dense${i + 1}`,
      kernelInitializer: tf.initializers.heNormal({ seed: i + 1 }),
    }),
  );
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

async function best(fn, reps) {
  await fn(); // warm-up: kernels, lazy state
  let seconds = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    await fn();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return seconds;
}

const model = mlp();
const x = tf.randomUniform([n, widths[0]], 0, 1, 'float32', 7);
const labels = tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 8), 10);

const lines = [
  '## TensorFlow.js recording and the training callback (bench/tfjs.bench.mjs)',
  '',
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} threads, Node ${process.version}, repsim ${repsim.buildInfo().version}, ${new Date().toISOString().slice(0, 10)}.`,
  `TensorFlow.js ${tf.version.tfjs}, backend \`${tf.getBackend()}\` (pure JS); an MLP ${widths.join('-')}, ${n} examples.`,
  '',
  '| what | seconds | ratio |',
  '|:---|---:|---:|',
];

for (const batchSize of [256, n]) {
  const predict = await best(async () => {
    for (let start = 0; start < n; start += batchSize) {
      const y = tf.tidy(() => model.predict(x.slice(start, Math.min(batchSize, n - start))));
      await y.data();
      y.dispose();
    }
  }, 5);
  const record = await best(() => recordLayers(model, x, { batchSize }), 5);
  lines.push(
    `| model.predict, batches of ${batchSize} | ${predict.toFixed(3)} | 1 |`,
    `| recordLayers (4 layers), batches of ${batchSize} | ${record.toFixed(3)} | ${(record / predict).toFixed(2)}× |`,
  );
  console.log(lines.at(-2), '\n', lines.at(-1));
}

// Four epochs of training with and without the callback (linear CKA and
// SVCCA of every layer against the start, on a probe of 500 examples): the
// callback runs the probe through the model once at the start and once per
// epoch, then the metrics.
const epochs = 4;
const probe = x.slice(0, 500);
const train = async (callbacks) => {
  const start = performance.now();
  await model.fit(x, labels, { epochs, batchSize: 64, shuffle: false, verbose: 0, callbacks });
  return (performance.now() - start) / 1000;
};
await train([]); // warm-up
const plain = Math.min(await train([]), await train([]));
const callback = () => similarityCallback({ probe, metrics: ['linear-cka', 'svcca'] });
const withCallback = Math.min(await train([callback()]), await train([callback()]));
const perEpoch = (withCallback - plain) / epochs;
lines.push(
  `| ${epochs} epochs of model.fit (batches of 64) | ${plain.toFixed(3)} | 1 |`,
  `| the same with similarityCallback (2 metrics × 4 layers, probe of 500) | ${withCallback.toFixed(3)} | ${(withCallback / plain).toFixed(2)}× |`,
  '',
  `The callback's cost: ${perEpoch.toFixed(3)} s per epoch (${((100 * perEpoch * epochs) / plain).toFixed(0)}% of an epoch's training), almost all of it`,
  "the probe's forward pass through the model (TensorFlow.js's time, not repsim's: see recordLayers above).",
);
console.log(lines.slice(-5).join('\n'));

if (quick) console.log(lines.join('\n'));
else writeSection('tfjs', lines.join('\n'));
