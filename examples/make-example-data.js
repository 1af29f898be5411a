#!/usr/bin/env node
// Writes two layers' activations of a small seeded random ReLU network on the
// same 2000 inputs to examples/data/ (layer_a: 2000 x 64, layer_b: 2000 x 32,
// float32), for the README's Quick start: `npm run demo` compares them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { saveNpy } = require('../dist/cjs/index.js');
const { gaussian } = require('../scripts/seeded-gaussian.js');

/** relu(x · w) with w Gaussian, scaled by 1/sqrt(fan-in). */
function denseRelu(x, rows, inputs, outputs, seed) {
  const next = gaussian(seed);
  const w = Float64Array.from({ length: inputs * outputs }, () => next() / Math.sqrt(inputs));
  const out = new Float32Array(rows * outputs);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < outputs; j++) {
      let sum = 0;
      for (let k = 0; k < inputs; k++) sum += x[i * inputs + k] * w[k * outputs + j];
      out[i * outputs + j] = Math.max(0, sum);
    }
  }
  return out;
}

async function main() {
  const rows = 2000;
  const next = gaussian(1);
  const inputs = Float64Array.from({ length: rows * 16 }, next);
  const layerA = denseRelu(inputs, rows, 16, 64, 2);
  const layerB = denseRelu(layerA, rows, 64, 32, 3);
  const dir = path.join(__dirname, 'data');
  fs.mkdirSync(dir, { recursive: true });
  await saveNpy(path.join(dir, 'layer_a.npy'), { data: layerA, shape: [rows, 64] });
  await saveNpy(path.join(dir, 'layer_b.npy'), { data: layerB, shape: [rows, 32] });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
