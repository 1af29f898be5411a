// repsim/tfjs recordLayers: recorded activations against values computed
// independently of TensorFlow.js (the layers' own weights in plain JS),
// batching, tensor hygiene, conv maps, GraphModels and errors.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { linearCKASync } from '../../lib/index.js';
import { recordLayers } from '../../lib/tfjs/index.js';
import { seededMlp } from '../support/tfjs-models.js';

type Rows = number[][];

function affine(x: Rows, kernel: Rows, bias: number[]): Rows {
  return x.map((row) => bias.map((b, j) => row.reduce((s, v, i) => s + v * (kernel[i]?.[j] ?? NaN), b)));
}
const relu = (m: Rows): Rows => m.map((r) => r.map((v) => Math.max(0, v)));
const tanh = (m: Rows): Rows => m.map((r) => r.map(Math.tanh));

function weightsOf(model: tf.LayersModel, name: string): { kernel: Rows; bias: number[] } {
  const [kernel, bias] = model.getLayer(name).getWeights();
  return { kernel: kernel?.arraySync() as Rows, bias: bias?.arraySync() as number[] };
}

function rowsOf(layer: { shape: readonly number[]; data: Float32Array }): Rows {
  const [n = 0, p = 0] = layer.shape;
  return Array.from({ length: n }, (_, i) => Array.from(layer.data.subarray(i * p, (i + 1) * p)));
}

const mlp = (seed: number): tf.LayersModel => seededMlp(6, [8, 5, 3], seed);

describe('recordLayers on a LayersModel', () => {
  const model = mlp(1);
  const x = tf.randomNormal([53, 6], 0, 1, 'float32', 3);
  const xRows = x.arraySync() as Rows;

  it('gives what the layers compute, to float32 rounding', async () => {
    const recorded = await recordLayers(model, x);
    expect([...recorded.keys()]).toEqual(['h1', 'h2', 'out']);
    const w1 = weightsOf(model, 'h1');
    const w2 = weightsOf(model, 'h2');
    const w3 = weightsOf(model, 'out');
    const h1 = relu(affine(xRows, w1.kernel, w1.bias));
    const h2 = tanh(affine(h1, w2.kernel, w2.bias));
    const out = affine(h2, w3.kernel, w3.bias);
    for (const [name, expected] of [
      ['h1', h1],
      ['h2', h2],
      ['out', out],
    ] as const) {
      const layer = recorded.get(name);
      expect(layer?.dtype).toBe('float32');
      expect(layer?.shape).toEqual([53, expected[0]?.length]);
      const got = rowsOf(layer as unknown as { shape: number[]; data: Float32Array });
      got.forEach((row, i) =>
        row.forEach((v, j) => expect(Math.abs(v - (expected[i]?.[j] ?? NaN))).toBeLessThan(1e-5)),
      );
    }
  });

  it('does not depend on the batch size, and records by name or index in the order asked', async () => {
    const whole = await recordLayers(model, x, { layers: ['out', 0], batchSize: 1000 });
    expect([...whole.keys()]).toEqual(['out', 'h1']);
    for (const batchSize of [1, 7, 53]) {
      const batched = await recordLayers(model, x, { layers: ['out', 0], batchSize });
      expect(batched.get('out')?.data).toEqual(whole.get('out')?.data);
      expect(batched.get('h1')?.data).toEqual(whole.get('h1')?.data);
    }
  });

  it('leaves no tensor behind over 100 calls', async () => {
    await recordLayers(model, x, { batchSize: 10 }); // first call: tfjs's own lazy state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) await recordLayers(model, x, { batchSize: 10 });
    expect(tf.memory().numTensors).toBe(before);
    expect(x.isDisposed).toBe(false);
  });

  it('feeds repsim directly: a layer against itself is CKA 1', async () => {
    const recorded = await recordLayers(model, x, { layers: ['h1'] });
    const h1 = recorded.get('h1') as unknown as { shape: number[]; data: Float32Array };
    expect(linearCKASync(h1, h1)).toBeCloseTo(1, 6);
  });

  it('names the model layers when a layer is unknown', async () => {
    await expect(recordLayers(model, x, { layers: ['h9'] })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/no layer named 'h9'.*h1, h2, out/),
    });
    await expect(recordLayers(model, x, { layers: [7] })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(recordLayers(model, x, { layers: ['h1', 'h1'] })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(recordLayers(model, x, { batchSize: 0 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(recordLayers(model, [[1, 2]] as never)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(recordLayers({} as never, x)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('recordLayers on conv maps', () => {
  const conv = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [6, 6, 2],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        name: 'conv',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }),
      }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 3, name: 'fc', kernelInitializer: tf.initializers.glorotNormal({ seed: 6 }) }),
    ],
  });
  const x = tf.randomNormal([9, 6, 6, 2], 0, 1, 'float32', 8);

  it('keeps [n, h, w, c] by default, and flattens or pools when asked', async () => {
    const kept = (await recordLayers(conv, x, { layers: ['conv'] })).get('conv');
    expect(kept?.shape).toEqual([9, 4, 4, 4]);
    const flat = (await recordLayers(conv, x, { layers: ['conv'], pool: 'flatten' })).get('conv');
    expect(flat?.shape).toEqual([9, 64]);
    expect(flat?.data).toEqual(kept?.data);
    const avg = (await recordLayers(conv, x, { layers: ['conv'], pool: 'avg', batchSize: 4 })).get('conv');
    const max = (await recordLayers(conv, x, { layers: ['conv'], pool: 'max' })).get('conv');
    expect(avg?.shape).toEqual([9, 4]);
    const data = kept?.data as Float32Array;
    for (let i = 0; i < 9; i++) {
      for (let c = 0; c < 4; c++) {
        const values = Array.from({ length: 16 }, (_, k) => data[i * 64 + k * 4 + c] as number);
        expect(avg?.data[i * 4 + c]).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 16, 5);
        expect(max?.data[i * 4 + c]).toBe(Math.max(...values));
      }
    }
  });
});

describe('recordLayers on a GraphModel', () => {
  // A graph written out by hand (Placeholder → MatMul with a constant → Relu),
  // loaded from memory: no converter, no file.
  const weights = new Float32Array([1, 0, -1, 0.5, 2, 1, 0, -1, 1, 1, 1, 1]); // 4 x 3
  const load = () =>
    tf.loadGraphModel(
      tf.io.fromMemory({
        format: 'graph-model',
        modelTopology: {
          node: [
            {
              name: 'x',
              op: 'Placeholder',
              attr: {
                dtype: { type: 'DT_FLOAT' },
                shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } },
              },
            },
            {
              name: 'w',
              op: 'Const',
              attr: {
                dtype: { type: 'DT_FLOAT' },
                value: {
                  tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '4' }, { size: '3' }] } },
                },
              },
            },
            {
              name: 'mm',
              op: 'MatMul',
              input: ['x', 'w'],
              attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
            },
            { name: 'act', op: 'Relu', input: ['mm'], attr: { T: { type: 'DT_FLOAT' } } },
          ],
          versions: { producer: 1 },
        },
        weightSpecs: [{ name: 'w', shape: [4, 3], dtype: 'float32' }],
        weightData: weights.buffer,
      }),
    );

  it('records named nodes, any batch size (the graph has a dynamic batch axis)', async () => {
    const model = await load();
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [-1, 0, 1, 2],
      [0, 0, -1, 0],
    ]);
    const recorded = await recordLayers(model, x, { layers: ['mm', 'act'], batchSize: 2 });
    expect(Array.from(recorded.get('mm')?.data ?? [])).toEqual([6, 5, 8, 1, 1, 4, 0, 1, -1]);
    expect(Array.from(recorded.get('act')?.data ?? [])).toEqual([6, 5, 8, 1, 1, 4, 0, 1, 0]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await recordLayers(model, x, { layers: ['act'], batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lists the nodes when a name is unknown or none is given', async () => {
    const model = await load();
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    await expect(recordLayers(model, x, { layers: ['dense'] })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringContaining('x, w, mm, act'),
    });
    await expect(recordLayers(model, x)).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
