// Crafted files: malformed .npy, .npz (zip) and .safetensors bytes, each read
// by the parser and by loadLayers from disk; every one must be refused with a
// typed error. A few well-formed controls must load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const enc = new TextEncoder();

function npy(header, data = new Uint8Array(48), { magic = '\x93NUMPY', version = [1, 0] } = {}) {
  let text = header;
  const pre = 10;
  while ((pre + text.length + 1) % 64 !== 0) text += ' ';
  text += '\n';
  const out = new Uint8Array(pre + text.length + data.length);
  out.set(Buffer.from(magic, 'latin1'), 0);
  out[6] = version[0];
  out[7] = version[1];
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(Buffer.from(text, 'latin1'), pre);
  out.set(data, pre + text.length);
  return out;
}

const header = (descr, shape, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

function safetensors(head, data = new Uint8Array(48), declared) {
  const json = enc.encode(typeof head === 'string' ? head : JSON.stringify(head));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `entries` [{name, data, declared?}], stored or deflated. */
function zip(entries, deflate = false) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflate ? zlib.deflateRawSync(e.data) : Buffer.from(e.data);
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.offset ?? offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

const good = npy(header('<f8', '(3, 2)'));
const f8 = (n) => new Uint8Array(new Float64Array(n).map((_, i) => i + 1).buffer);

/** [label, format, bytes, expect (loaded as a model), expect when parsed (default the same)] */
export function fileCases() {
  const list = [
    ['npy: well-formed control', 'npy', good, 'load'],
    ['npy: bad magic', 'npy', npy(header('<f8', '(3, 2)'), undefined, { magic: '\x93NUMPX' })],
    ['npy: version 9', 'npy', npy(header('<f8', '(3, 2)'), undefined, { version: [9, 0] })],
    ['npy: truncated header', 'npy', good.subarray(0, 20)],
    ['npy: empty file', 'npy', new Uint8Array(0)],
    ['npy: complex dtype', 'npy', npy(header('<c16', '(3, 2)'))],
    ['npy: object dtype', 'npy', npy(header('|O', '(3, 2)'))],
    ['npy: unknown dtype', 'npy', npy(header('<q9', '(3, 2)'))],
    ['npy: fortran order (supported)', 'npy', npy(header('<f8', '(3, 2)', 'True')), 'load'],
    ['npy: negative dim', 'npy', npy(header('<f8', '(-3, 2)'))],
    ['npy: dim 2e0', 'npy', npy(header('<f8', '(2e0, 3)'))],
    ['npy: dim 0x2', 'npy', npy(header('<f8', '(0x2, 3)'))],
    ['npy: dims 1e15 x 1e15', 'npy', npy(header('<f8', '(1000000000000000, 1000000000000000)'))],
    ['npy: shape [1e15, 0]', 'npy', npy(header('<f8', '(1000000000000000, 0)'), new Uint8Array(0)), 'either'],
    ['npy: data shorter than shape', 'npy', npy(header('<f8', '(30, 2)'))],
    ['npy: header not a dict', 'npy', npy("['descr', '<f8']")],
    ['npy: header missing shape', 'npy', npy("{'descr': '<f8', 'fortran_order': False, }")],
    ['npy: header with code', 'npy', npy("{'descr': __import__('os'), 'shape': (3,), }")],
    [
      'npy: header length past the file',
      'npy',
      (() => {
        const b = Uint8Array.from(good);
        new DataView(b.buffer).setUint16(8, 60000, true);
        return b;
      })(),
    ],
    [
      'npy: NaN data',
      'npy',
      npy(header('<f8', '(3, 2)'), new Uint8Array(new Float64Array(6).fill(Number.NaN).buffer)),
      'either',
    ],
    [
      'safetensors: well-formed control',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [3, 2], data_offsets: [0, 48] } }, f8(6)),
      'load',
    ],
    ['safetensors: header null', 'safetensors', safetensors('null')],
    ['safetensors: header an array', 'safetensors', safetensors('[1,2]')],
    ['safetensors: header not JSON', 'safetensors', safetensors('{"w": ')],
    ['safetensors: header length past the file', 'safetensors', safetensors({}, undefined, 1e9)],
    [
      'safetensors: header length 2^63',
      'safetensors',
      (() => {
        const b = safetensors({});
        new DataView(b.buffer).setBigUint64(0, 2n ** 63n, true);
        return b;
      })(),
    ],
    [
      'safetensors: unknown dtype',
      'safetensors',
      safetensors({ w: { dtype: 'Q9', shape: [3, 2], data_offsets: [0, 48] } }),
    ],
    [
      'safetensors: offsets past the data',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [3, 2], data_offsets: [0, 4800] } }),
    ],
    [
      'safetensors: offsets reversed',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [3, 2], data_offsets: [48, 0] } }),
    ],
    [
      'safetensors: overlapping tensors',
      'safetensors',
      safetensors({
        a: { dtype: 'F64', shape: [3, 2], data_offsets: [0, 48] },
        b: { dtype: 'F64', shape: [2, 2], data_offsets: [16, 48] },
      }),
    ],
    [
      'safetensors: shape vs bytes',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [5, 2], data_offsets: [0, 48] } }),
    ],
    [
      'safetensors: negative shape',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [-6, -1], data_offsets: [0, 48] } }),
    ],
    [
      'safetensors: shape of strings',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: ['3', '2'], data_offsets: [0, 48] } }),
    ],
    [
      'safetensors: offsets of floats',
      'safetensors',
      safetensors({ w: { dtype: 'F64', shape: [3, 2], data_offsets: [0.5, 48.5] } }),
    ],
    ['safetensors: tensor entry null', 'safetensors', safetensors({ w: null })],
    // A tensor may be called __proto__ (the result is a Map): reading it is fine, polluting is not.
    [
      'safetensors: __proto__ tensor',
      'safetensors',
      safetensors('{"__proto__": {"dtype": "F64", "shape": [3, 2], "data_offsets": [0, 48]}}', f8(6)),
      'either',
    ],
    ['safetensors: empty file', 'safetensors', new Uint8Array(0)],
    ['npz: well-formed control', 'npz', zip([{ name: 'a.npy', data: good }]), 'load'],
    ['npz: deflated control', 'npz', zip([{ name: 'a.npy', data: good }], true), 'load'],
    ['npz: not a zip', 'npz', enc.encode('hello, not a zip file at all')],
    ['npz: empty file', 'npz', new Uint8Array(0)],
    ['npz: truncated', 'npz', zip([{ name: 'a.npy', data: good }]).subarray(0, 60)],
    ['npz: entry offset past the file', 'npz', zip([{ name: 'a.npy', data: good, offset: 1e9 }])],
    [
      'npz: declared size smaller (bomb)',
      'npz',
      zip(
        [{ name: 'a.npy', data: npy(header('<f8', '(65536,)'), new Uint8Array(524288)), declared: 100 }],
        true,
      ),
    ],
    ['npz: declared size larger', 'npz', zip([{ name: 'a.npy', data: good, declared: 1e9 }], true)],
    ['npz: entry not an npy', 'npz', zip([{ name: 'a.npy', data: enc.encode('plain text') }])],
    ['npz: path traversal name', 'npz', zip([{ name: '../../etc/passwd.npy', data: good }]), 'either'],
    [
      'npz: duplicate names',
      'npz',
      zip([
        { name: 'a.npy', data: good },
        { name: 'a.npy', data: good },
      ]),
    ],
    // numpy writes an empty .npz for np.savez(f); a model needs layers.
    ['npz: no entries', 'npz', zip([]), 'refuse', 'either'],
    ['npz: entry with a bad npy', 'npz', zip([{ name: 'a.npy', data: npy(header('<f8', '(-3, 2)')) }])],
  ];
  return list.map(([label, format, bytes, expect = 'refuse', parseExpect = expect]) => ({
    label,
    format,
    bytes,
    expect,
    parseExpect,
  }));
}

/** Writes `bytes` to a fresh temporary file named for its format; returns its path. */
export function writeTemp(format, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-probe-'));
  const file = path.join(dir, `model.${format}`);
  fs.writeFileSync(file, bytes);
  return file;
}
