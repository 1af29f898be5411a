// `repsim record`: a TensorFlow.js model saved to disk in the tfjs file
// format (model.json + weights.bin), its layers written as .npy by the CLI,
// equal to recordLayers in this process; GraphModels by node name; errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadNpy, saveNpy } from '../../lib/index.js';
import { recordOnnx } from '../../lib/onnx/index.js';
import { loadTfjsModel, recordLayers } from '../../lib/tfjs/index.js';
import { CLI, ROOT, requireBuilt } from '../support/built.js';

let dir: string;

/** Saves a model as tfjs-node's file:// handler would: model.json and one weights.bin. */
async function saveToFolder(model: tf.LayersModel, folder: string): Promise<string> {
  fs.mkdirSync(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const data = artifacts.weightData as ArrayBuffer;
      fs.writeFileSync(path.join(folder, 'weights.bin'), Buffer.from(data));
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(folder, 'model.json'), JSON.stringify(json));
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const },
      });
    }),
  );
  return path.join(folder, 'model.json');
}

function repsim(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

const model = tf.sequential({
  layers: [
    tf.layers.dense({
      inputShape: [7],
      units: 9,
      activation: 'relu',
      name: 'hidden',
      kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
    }),
    tf.layers.dense({
      units: 4,
      activation: 'tanh',
      name: 'head/logits',
      kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }),
    }),
  ],
});
const x = tf.randomNormal([33, 7], 0, 1, 'float32', 4);

beforeAll(() => {
  requireBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-record-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('repsim record', () => {
  it('writes each layer as .npy, equal to recordLayers in process', async () => {
    const file = await saveToFolder(model, path.join(dir, 'model'));
    const inputs = path.join(dir, 'x.npy');
    await saveNpy(inputs, { shape: x.shape, data: x.dataSync() });
    const out = path.join(dir, 'acts');
    const run = repsim('record', file, inputs, '--out', out, '--batch-size', '5', '--json');
    expect(run.stderr.replace(/[\s\S]*?={5,}[\s\S]*?={5,}\s*/, '')).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { layers: { name: string; file: string; shape: number[] }[] };
    expect(report.layers.map((l) => [l.name, path.basename(l.file), l.shape])).toEqual([
      ['hidden', 'hidden.npy', [33, 9]],
      ['head/logits', 'head__logits.npy', [33, 4]],
    ]);
    const expected = await recordLayers(model, x);
    for (const layer of report.layers) {
      const written = await loadNpy(layer.file);
      expect(written.dtype).toBe('float32');
      expect(written.data).toEqual(expected.get(layer.name)?.data);
    }
    // The loader gives the same model back.
    const loaded = await loadTfjsModel(file);
    expect((await recordLayers(loaded, x)).get('hidden')?.data).toEqual(expected.get('hidden')?.data);
    // And compare reads the folder.
    const compare = repsim('compare', out, '--metrics', 'linear-cka', '--out', path.join(dir, 'report'));
    expect(compare.status, compare.stderr).toBe(0);
  });

  it('fails clearly: unknown layer (exit 2, listing layers), bad flags (2), missing files (1)', () => {
    const file = path.join(dir, 'model', 'model.json');
    const inputs = path.join(dir, 'x.npy');
    const unknown = repsim('record', file, inputs, '--out', path.join(dir, 'no'), '--layers', 'dense9');
    expect(unknown.status).toBe(2); // a bad flag value, as every BAD_OPTION from the command line
    expect(unknown.stderr).toMatch(/BAD_OPTION: .*no layer named 'dense9'.*hidden, head\/logits/);
    expect(repsim('record', file, inputs).status).toBe(2); // no --out
    expect(repsim('record', file, inputs, '--out', dir, '--pool', 'mean').status).toBe(2);
    expect(
      repsim('record', path.join(dir, 'none.onnx'), inputs, '--out', path.join(dir, 'no')).stderr,
    ).toMatch(/BAD_INPUT: recordOnnx: cannot read/);
    const missing = repsim('record', path.join(dir, 'nothing.json'), inputs, '--out', path.join(dir, 'no'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/BAD_INPUT: .*nothing\.json: no such file/);
    expect(fs.existsSync(path.join(dir, 'no'))).toBe(false);
  });

  it('records an ONNX model too: every node output, equal to recordOnnx in process', async () => {
    const model = path.join(ROOT, 'test', 'fixtures', 'onnx', 'tiny-mlp.onnx');
    const inputs = path.join(dir, 'onnx-x.npy');
    const data = Float32Array.from({ length: 12 * 4 }, (_, i) => Math.cos(i));
    await saveNpy(inputs, { shape: [12, 4], data });
    const out = path.join(dir, 'onnx-acts');
    const run = repsim(
      'record',
      model,
      inputs,
      '--out',
      out,
      '--layers',
      'hidden,logits',
      '--batch-size',
      '5',
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { layers: { name: string; file: string }[] };
    expect(report.layers.map((l) => path.basename(l.file))).toEqual(['hidden.npy', 'logits.npy']);
    const expected = await recordOnnx(model, { data, shape: [12, 4] });
    for (const layer of report.layers) {
      expect((await loadNpy(layer.file)).data).toEqual(expected.get(layer.name)?.data);
    }
    expect(repsim('record', model, inputs, '--out', out, '--pool', 'avg').status).toBe(2);
  });
});
