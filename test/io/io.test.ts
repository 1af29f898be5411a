// .npy / .npz reading and writing, against files written by real numpy
// (test/fixtures/numpy, made by make_fixtures.py) and by round trips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  RepsimError,
  loadNpy,
  loadNpz,
  parseNpy,
  parseNpz,
  saveNpy,
  saveNpz,
  serializeNpy,
  serializeNpz,
  type NdArray,
} from '../../lib/index.js';
import { ROOT } from '../support/built.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'numpy');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** The values make_fixtures.py's ramp() writes: index * 0.5 - 3 in C order. */
const ramp = (count: number) => Array.from({ length: count }, (_, i) => i * 0.5 - 3);

describe('reading numpy-written .npy files', () => {
  it('float32, C order', () => {
    const a = parseNpy(fixture('f4_c_3x4.npy'));
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([3, 4]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data as Float32Array)).toEqual(ramp(12));
  });

  it('float64, Fortran order, 2-D and 3-D, comes back in C order', () => {
    for (const [name, shape] of [
      ['f8_fortran_3x4.npy', [3, 4]],
      ['f8_fortran_2x3x4.npy', [2, 3, 4]],
    ] as const) {
      const a = parseNpy(fixture(name));
      expect(a.shape).toEqual(shape);
      expect(Array.from(a.data as Float64Array)).toEqual(ramp(shape.reduce((p, d) => p * d, 1)));
    }
  });

  it('big-endian float64', () => {
    expect(Array.from(parseNpy(fixture('f8_bigendian_3x4.npy')).data as Float64Array)).toEqual(ramp(12));
  });

  it('int32 and int64 labels, bool', () => {
    const i4 = parseNpy(fixture('i4_labels_7.npy'));
    expect(i4.dtype).toBe('int32');
    expect(Array.from(i4.data as Int32Array)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    const i8 = parseNpy(fixture('i8_labels_7.npy'));
    expect(i8.dtype).toBe('int64');
    expect(Array.from(i8.data as BigInt64Array)).toEqual([-1n, 0n, 1n, -1n, 0n, 1n, -1n]);
    const b = parseNpy(fixture('bool_5.npy'));
    expect(b.dtype).toBe('bool');
    expect(Array.from(b.data as Uint8Array)).toEqual([1, 0, 1, 1, 0]);
  });

  it('np.savez (stored) and np.savez_compressed (deflated, zip64 headers) archives', () => {
    const stored = parseNpz(fixture('layers_stored.npz'));
    expect([...stored.keys()]).toEqual(['first', 'second']);
    expect(stored.get('second')?.dtype).toBe('float64');
    expect(Array.from(stored.get('second')?.data as Float64Array)).toEqual(ramp(6));
    const deflated = parseNpz(fixture('layers_deflated.npz'));
    expect([...deflated.keys()]).toEqual(['first', 'labels']);
    expect(Array.from(deflated.get('first')?.data as Float32Array)).toEqual(ramp(12));
    expect(Array.from(deflated.get('labels')?.data as BigInt64Array)).toEqual([0n, 1n, 2n]);
  });
});

describe('round trips', () => {
  const arrays: NdArray[] = [
    { dtype: 'float32', shape: [2, 3], data: Float32Array.from([1.5, -2, 3, 4, 5, 6e-30]) },
    { dtype: 'float64', shape: [3, 2, 2], data: Float64Array.from({ length: 12 }, (_, i) => Math.PI * i) },
    { dtype: 'int32', shape: [4], data: Int32Array.from([-1, 0, 7, 2 ** 31 - 1]) },
    { dtype: 'int64', shape: [2], data: BigInt64Array.from([-(2n ** 62n), 5n]) },
    { dtype: 'uint8', shape: [1, 3], data: Uint8Array.from([0, 128, 255]) },
    { dtype: 'float64', shape: [0, 5], data: new Float64Array(0) },
  ];
  for (const array of arrays) {
    for (const fortranOrder of [false, true]) {
      it(`${array.dtype} [${array.shape.join(', ')}] ${fortranOrder ? 'Fortran' : 'C'} order`, () => {
        const bytes = serializeNpy(array, { fortranOrder });
        expect(bytes.length % 64).toBe(array.data.byteLength % 64); // header padded to 64 bytes
        const back = parseNpy(bytes);
        expect(back.dtype).toBe(array.dtype);
        expect(back.shape).toEqual(array.shape);
        expect(back.data).toEqual(array.data);
      });
    }
  }

  it('bool', () => {
    const back = parseNpy(serializeNpy({ shape: [3], data: Uint8Array.from([1, 0, 1]) }, { bool: true }));
    expect(back.dtype).toBe('bool');
  });

  it('npz, stored and deflated, with names that look like numbers kept in order', () => {
    for (const compress of [false, true]) {
      const bytes = serializeNpz(
        new Map([
          ['10', arrays[0] as NdArray],
          ['2', arrays[1] as NdArray],
        ]),
        { compress },
      );
      const back = parseNpz(bytes);
      expect([...back.keys()]).toEqual(['10', '2']);
      expect(back.get('2')?.data).toEqual(arrays[1]?.data);
    }
  });

  it('saves atomically and loads from files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-io-'));
    const npy = path.join(dir, 'a.npy');
    const npz = path.join(dir, 'b.npz');
    await saveNpy(npy, arrays[1] as NdArray);
    await saveNpz(npz, { x: arrays[0] as NdArray }, { compress: true });
    expect((await loadNpy(npy)).data).toEqual(arrays[1]?.data);
    expect((await loadNpz(npz)).get('x')?.data).toEqual(arrays[0]?.data);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.npy', 'b.npz']); // no temporary files left
    fs.rmSync(dir, { recursive: true });
  });
});

describe('malformed files are BAD_INPUT errors', () => {
  const good = serializeNpy({ shape: [2, 2], data: Float64Array.from([1, 2, 3, 4]) });
  const cases: Record<string, () => unknown> = {
    'no magic': () => parseNpy(Buffer.from('hello world, not numpy')),
    'truncated data': () => parseNpy(good.subarray(0, good.length - 3)),
    'unsupported dtype': () =>
      parseNpy(Buffer.from(good.toString('latin1').replace("'<f8'", "'<c8'"), 'latin1')),
    'not a zip': () => parseNpz(Buffer.from('PK but not really a zip archive at all')),
    'corrupted member': () => {
      const member = { shape: [2], data: Float64Array.from([1, 2]) };
      const zip = serializeNpz({ a: member });
      const last = zip.indexOf(serializeNpy(member)) + serializeNpy(member).length - 1;
      zip[last] = (zip[last] ?? 0) ^ 0xff; // flip bits inside the stored data
      return parseNpz(zip);
    },
  };
  for (const [name, call] of Object.entries(cases)) {
    it(name, () => {
      expect(call).toThrow(RepsimError);
      try {
        call();
      } catch (error) {
        expect((error as RepsimError).code).toBe('BAD_INPUT');
      }
    });
  }

  it('serialising data that disagrees with its shape is SHAPE_MISMATCH', () => {
    expect(() => serializeNpy({ shape: [3, 3], data: new Float32Array(4) })).toThrow(
      /needs 9 values, data has 4/,
    );
  });
});
