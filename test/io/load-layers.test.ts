// A model's layers from disk: safetensors (a hand-written fixture, every float
// dtype), a directory of .npy files in natural order, an .npz in archive order,
// and the errors for anything else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadLayers, loadSafetensors, parseSafetensors, saveNpy, saveNpz } from '../../lib/index.js';
import { ROOT } from '../support/built.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'safetensors');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Record<
  string,
  number[]
> & { order: string[] };

describe('safetensors', () => {
  it('reads F32, F64, F16 and BF16 tensors exactly, skipping __metadata__', async () => {
    const tensors = await loadSafetensors(path.join(FIXTURE, 'model.safetensors'));
    expect([...tensors.keys()].sort()).toEqual([...expected.order].sort());
    for (const name of ['layer1', 'layer10', 'layer2', 'layer3']) {
      expect(Array.from(tensors.get(name)?.data as Float32Array), name).toEqual(expected[name]);
    }
    expect(tensors.get('layer2')?.dtype).toBe('float32'); // F16 widened
    expect(tensors.get('layer3')?.shape).toEqual([3, 2]);
    expect(tensors.get('labels')?.dtype).toBe('int64');
  });

  it('refuses truncated files and headers that do not match the data', () => {
    const bytes = fs.readFileSync(path.join(FIXTURE, 'model.safetensors'));
    expect(() => parseSafetensors(bytes.subarray(0, bytes.length - 10), 'cut')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('cut') }),
    );
    expect(() => parseSafetensors(new Uint8Array(4))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const header = Buffer.from(JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    expect(() => parseSafetensors(Buffer.concat([length, header, Buffer.alloc(4)]))).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining("'a'") }),
    );
  });
});

describe('loadLayers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-layers-'));
  const layer = (v: number) => ({ data: Float32Array.from({ length: 6 }, (_, i) => i * v), shape: [3, 2] });

  it('orders a directory of .npy files naturally (layer2 before layer10) and ignores other files', async () => {
    const model = path.join(dir, 'model');
    fs.mkdirSync(model);
    for (const [name, v] of [
      ['layer10', 10],
      ['layer2', 2],
      ['layer1', 1],
    ] as const) {
      await saveNpy(path.join(model, `${name}.npy`), layer(v));
    }
    fs.writeFileSync(path.join(model, 'README.txt'), 'not a layer');
    const layers = await loadLayers(model);
    expect([...layers.keys()]).toEqual(['layer1', 'layer2', 'layer10']);
    expect(layers.get('layer10')?.data[1]).toBe(10);
  });

  it('keeps an .npz in archive order and sorts safetensors names naturally', async () => {
    const npz = path.join(dir, 'model.npz');
    await saveNpz(npz, { fc2: layer(2), conv1: layer(1) });
    expect([...(await loadLayers(npz)).keys()]).toEqual(['fc2', 'conv1']);
    const fromSafetensors = await loadLayers(path.join(FIXTURE, 'model.safetensors'));
    expect([...fromSafetensors.keys()]).toEqual(expected.order);
  });

  it('names what is wrong with a path', async () => {
    await expect(loadLayers(path.join(dir, 'missing'))).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('no such file') }),
    );
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    await expect(loadLayers(empty)).rejects.toThrow(
      expect.objectContaining({ message: expect.stringContaining('no layers') }),
    );
    const text = path.join(dir, 'model.txt');
    fs.writeFileSync(text, '');
    await expect(loadLayers(text)).rejects.toThrow(
      expect.objectContaining({ message: expect.stringContaining('.safetensors') }),
    );
  });
});
