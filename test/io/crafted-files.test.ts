// Crafted files: every malformed .npy, .npz (zip) or .safetensors input is a
// BAD_INPUT RepsimError naming what is wrong, never a raw RangeError or
// TypeError, and a decompression bomb is stopped at its declared size.
import { describe, expect, it } from 'vitest';

import { parseNpy, parseNpz, parseSafetensors, serializeNpy } from '../../lib/index.js';
import { readZip, writeZip } from '../../lib/io/zip.js';

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function expectBadInput(read: () => unknown, message: RegExp) {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a RepsimError').toMatchObject({ name: 'RepsimError', code: 'BAD_INPUT' });
  expect((thrown as Error).message).toMatch(message);
}

function safetensors(header: unknown, data = new Uint8Array(16)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('.npy', () => {
  it('refuses dimensions that are not plain integers', () => {
    const text = Buffer.from(serializeNpy({ data: new Float64Array(2), shape: [2] })).toString('latin1');
    for (const dim of ['2e0', '0x2', '2.0']) {
      expectBadInput(
        () => parseNpy(Buffer.from(text.replace('(2,)', `(${dim},)`), 'latin1')),
        /bad dimension/,
      );
    }
  });
});

describe('.npz / zip', () => {
  const npy = serializeNpy({ data: new Float64Array(1 << 20), shape: [1 << 20] }); // 8 MiB of zeros
  it('stops inflating at the declared size (a decompression bomb)', () => {
    const zip = writeZip([{ name: 'x.npy', data: Buffer.from(npy) }], true);
    // Declare 100 bytes in the central directory.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central)).toBe(CENTRAL_HEADER);
    zip.writeUInt32LE(100, central + 24);
    expectBadInput(() => readZip(zip, 'bomb.npz'), /does not inflate to its declared 100 bytes/);
  });

  it('refuses offsets that point outside the file', () => {
    const zip = writeZip([{ name: 'x.npy', data: Buffer.from(npy.subarray(0, 200)) }], false);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(zip.length + 1000, central + 42); // the local header's offset
    expectBadInput(() => readZip(zip, 'crafted.npz'), /corrupt archive|outside the file/);
    const truncated = Buffer.from(zip.subarray(0, zip.length));
    truncated.writeUInt32LE(LOCAL_HEADER, 0);
    expectBadInput(() => parseNpz(truncated.subarray(0, 40), 'short.npz'), /zip archive|corrupt/);
  });
});

describe('.safetensors', () => {
  it('refuses a header that is not an object of tensors', () => {
    for (const header of [null, [1, 2], 3, 'x']) {
      expectBadInput(() => parseSafetensors(safetensors(header)), /not a JSON object/);
    }
    expectBadInput(() => parseSafetensors(safetensors({ t: null })), /'t' is not an object/);
  });

  it('refuses tensors that overlap or run backwards', () => {
    const entry = (begin: number, end: number) => ({ dtype: 'F32', shape: [2], data_offsets: [begin, end] });
    expectBadInput(() => parseSafetensors(safetensors({ a: entry(0, 8), b: entry(4, 12) })), /overlap/);
    expectBadInput(() => parseSafetensors(safetensors({ a: entry(8, 0) })), /does not match/);
  });
});

describe('.npz names', () => {
  it('refuses an archive holding one name twice (which copy would np.load give?)', () => {
    const npy = Buffer.from(serializeNpy({ data: new Float64Array(2), shape: [2] }));
    const zip = writeZip(
      [
        { name: 'a.npy', data: npy },
        { name: 'a.npy', data: npy },
      ],
      false,
    );
    expectBadInput(() => parseNpz(zip), /holds 'a.npy' twice/);
  });
});
