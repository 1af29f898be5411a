// repsim/onnx recordOnnx on the committed tiny MLP (test/fixtures/onnx,
// written by make-tiny-mlp.js): intermediate tensors against values computed
// here from the model's own initializers (read with onnx-proto, multiplied
// in plain JS, no ONNX Runtime), a dynamic batch axis, bytes or a path, errors.
import fs from 'node:fs';
import path from 'node:path';

import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';

import { linearCKASync } from '../../lib/index.js';
import { recordOnnx } from '../../lib/onnx/index.js';
import { ROOT } from '../support/built.js';

const FILE = path.join(ROOT, 'test', 'fixtures', 'onnx', 'tiny-mlp.onnx');
type Rows = number[][];

function initializers(): Map<string, { dims: number[]; values: number[] }> {
  const model = onnx.ModelProto.decode(fs.readFileSync(FILE));
  return new Map(
    (model.graph?.initializer ?? []).map((t) => [
      t.name ?? '',
      { dims: (t.dims ?? []).map(Number), values: [...(t.floatData ?? [])] },
    ]),
  );
}

function matrix({ dims, values }: { dims: number[]; values: number[] }): Rows {
  const [r = 0, c = 0] = dims;
  return Array.from({ length: r }, (_, i) => values.slice(i * c, (i + 1) * c));
}

const times = (x: Rows, w: Rows): Rows =>
  x.map((row) => (w[0] ?? []).map((_, j) => row.reduce((s, v, k) => s + v * (w[k]?.[j] ?? NaN), 0)));
const plus = (x: Rows, b: number[]): Rows => x.map((row) => row.map((v, j) => v + (b[j] ?? NaN)));

const n = 10;
const x = Float32Array.from({ length: n * 4 }, (_, i) => Math.sin(i * 1.3) * 2);
const xRows: Rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * 4, i * 4 + 4)));

describe('recordOnnx', () => {
  it('records every intermediate tensor, equal to the graph computed by hand', async () => {
    const w = initializers();
    const mm1 = times(xRows, matrix(w.get('W1') as never));
    const pre1 = plus(mm1, w.get('b1')?.values ?? []);
    const hidden = pre1.map((r) => r.map((v) => Math.max(0, v)));
    const logits = plus(times(hidden, matrix(w.get('W2') as never)), w.get('b2')?.values ?? []);
    const recorded = await recordOnnx(FILE, { data: x, shape: [n, 4] });
    expect([...recorded.keys()]).toEqual(['mm1', 'pre1', 'hidden', 'mm2', 'logits']);
    for (const [name, expected] of [
      ['pre1', pre1],
      ['hidden', hidden],
      ['logits', logits],
    ] as const) {
      const got = recorded.get(name);
      expect(got?.shape).toEqual([n, expected[0]?.length]);
      expected.flat().forEach((v, k) => expect(Math.abs((got?.data[k] ?? NaN) - v)).toBeLessThan(1e-5));
    }
    expect(hidden.flat().some((v) => v === 0)).toBe(true); // the Relu did something
  });

  it('runs the dynamic batch axis in any batch size, from bytes or a path, the tensors asked for', async () => {
    const whole = await recordOnnx(FILE, { data: x, shape: [n, 4] }, { outputs: ['hidden', 'logits'] });
    expect([...whole.keys()]).toEqual(['hidden', 'logits']);
    for (const batchSize of [1, 3, 7]) {
      const bytes = new Uint8Array(fs.readFileSync(FILE));
      const batched = await recordOnnx(
        bytes,
        { x: { data: Float64Array.from(x), shape: [n, 4] } },
        {
          outputs: ['hidden', 'logits'],
          batchSize,
        },
      );
      expect(batched.get('hidden')?.data).toEqual(whole.get('hidden')?.data);
      expect(batched.get('logits')?.data).toEqual(whole.get('logits')?.data);
    }
    const h = whole.get('hidden') as unknown as { shape: number[]; data: Float32Array };
    expect(linearCKASync(h, h)).toBeCloseTo(1, 6);
  });

  it('names the graph tensors when asked for one it lacks, and refuses bad feeds', async () => {
    await expect(recordOnnx(FILE, { data: x, shape: [n, 4] }, { outputs: ['relu1'] })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringContaining('mm1, pre1, hidden, mm2, logits'),
    });
    await expect(recordOnnx(FILE, { y: { data: x, shape: [n, 4] } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining("no input 'y'"),
    });
    await expect(recordOnnx(FILE, { data: x, shape: [n, 5] })).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
    await expect(recordOnnx(new Uint8Array([1, 2, 3, 4]), { data: x, shape: [n, 4] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(recordOnnx('/nonexistent.onnx', { data: x, shape: [n, 4] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});
