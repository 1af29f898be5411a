/**
 * The NumPy `.npy` format (versions 1.0–3.0): parse and serialise in memory.
 * Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 * Arrays come back in C (row-major) order whatever the file's order, so they
 * can be passed straight to any metric.
 */
import { RepsimError } from '../base/errors.js';

/** Element types repsim reads and writes. */
export type NpyDType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool';

/** The typed array that holds each dtype (bool as 0/1 bytes, 64-bit ints as BigInts). */
export interface NpyDataTypes {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
}

/** An n-dimensional array in C order: `data[i0*s1*s2… + …]`. */
export interface NdArray<D extends NpyDType = NpyDType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: NpyDataTypes[D];
}

type TypedArrayConstructor = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): NpyDataTypes[NpyDType];
  new (length: number): NpyDataTypes[NpyDType];
  readonly BYTES_PER_ELEMENT: number;
};

const DTYPES: Record<NpyDType, { code: string; array: TypedArrayConstructor }> = {
  float32: { code: 'f4', array: Float32Array },
  float64: { code: 'f8', array: Float64Array },
  int8: { code: 'i1', array: Int8Array },
  int16: { code: 'i2', array: Int16Array },
  int32: { code: 'i4', array: Int32Array },
  int64: { code: 'i8', array: BigInt64Array },
  uint8: { code: 'u1', array: Uint8Array },
  uint16: { code: 'u2', array: Uint16Array },
  uint32: { code: 'u4', array: Uint32Array },
  uint64: { code: 'u8', array: BigUint64Array },
  bool: { code: 'b1', array: Uint8Array },
};

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

function badFile(what: string, message: string): RepsimError {
  return new RepsimError('BAD_INPUT', `${what}: ${message}`);
}

function dtypeFromDescr(descr: string, what: string): { dtype: NpyDType; bigEndian: boolean } {
  const match = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const entry = match && Object.entries(DTYPES).find(([, d]) => d.code === match[2]);
  if (!match || !entry) {
    throw badFile(what, `unsupported dtype '${descr}'; repsim reads ${Object.keys(DTYPES).join(', ')}`);
  }
  return { dtype: entry[0] as NpyDType, bigEndian: match[1] === '>' };
}

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

// The header is a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10), }
function parseHeader(text: string, what: string): Header {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw badFile(what, `malformed .npy header ${JSON.stringify(text.trim())}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      // Python writes dimensions as plain decimal integers (an 'L' suffix in Python 2);
      // Number() would also take '2e0', '0x2' or ' '.
      const n = /^\d+L?$/.test(s) ? Number(s.replace(/L$/, '')) : NaN;
      if (!Number.isSafeInteger(n)) throw badFile(what, `bad dimension '${s}' in shape`);
      return n;
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}

/**
 * Converts between C order (last axis fastest) and Fortran order (first axis
 * fastest) by walking the source in its own order and scattering each value
 * to its place in the other.
 */
function reorder<T extends NpyDataTypes[NpyDType]>(
  data: T,
  shape: readonly number[],
  from: 'fortran' | 'c',
  make: (n: number) => T,
): T {
  const dims = shape.length;
  if (dims < 2) return data;
  const strides = new Array<number>(dims).fill(1); // of the destination order
  if (from === 'fortran') {
    for (let d = dims - 2; d >= 0; d--) strides[d] = (strides[d + 1] ?? 1) * (shape[d + 1] ?? 1);
  } else {
    for (let d = 1; d < dims; d++) strides[d] = (strides[d - 1] ?? 1) * (shape[d - 1] ?? 1);
  }
  const axes = [...Array(dims).keys()];
  if (from === 'c') axes.reverse(); // the source's fastest axis first
  const out = make(data.length);
  const index = new Array<number>(dims).fill(0);
  for (let s = 0; s < data.length; s++) {
    let target = 0;
    for (let d = 0; d < dims; d++) target += (index[d] ?? 0) * (strides[d] ?? 0);
    (out as unknown as unknown[])[target] = (data as unknown as unknown[])[s];
    for (const d of axes) {
      index[d] = (index[d] ?? 0) + 1;
      if ((index[d] ?? 0) < (shape[d] ?? 0)) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Parses a `.npy` file's bytes.
 * @param bytes - the whole file
 * @param what - a name for error messages (e.g. the path)
 * @throws RepsimError `BAD_INPUT` for a malformed file or unsupported dtype
 */
export function parseNpy(bytes: Uint8Array, what = '.npy data'): NdArray {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 10 || !buffer.subarray(0, 6).equals(MAGIC)) {
    throw badFile(what, 'not a .npy file (missing \\x93NUMPY magic)');
  }
  const major = buffer[6] ?? 0;
  if (major < 1 || major > 3) throw badFile(what, `unsupported .npy version ${major}`);
  const headerStart = major === 1 ? 10 : 12;
  if (buffer.length < headerStart) throw badFile(what, 'truncated .npy header');
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const dataStart = headerStart + headerLength;
  if (dataStart > buffer.length) throw badFile(what, 'truncated .npy header');
  const header = parseHeader(buffer.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart), what);
  const { dtype, bigEndian } = dtypeFromDescr(header.descr, what);
  const { array } = DTYPES[dtype];
  const count = header.shape.reduce((a, b) => a * b, 1);
  const byteLength = count * array.BYTES_PER_ELEMENT;
  if (buffer.length - dataStart < byteLength) {
    throw badFile(
      what,
      `truncated data: shape [${header.shape.join(', ')}] needs ${byteLength} bytes, file has ${buffer.length - dataStart}`,
    );
  }
  // Copy into a fresh, aligned buffer; swap bytes for big-endian files.
  const raw = new Uint8Array(byteLength);
  raw.set(buffer.subarray(dataStart, dataStart + byteLength));
  if (bigEndian && array.BYTES_PER_ELEMENT > 1) swapBytes(raw, array.BYTES_PER_ELEMENT);
  let data = new array(raw.buffer, 0, count);
  if (header.fortranOrder) data = reorder(data, header.shape, 'fortran', (n) => new array(n));
  return { dtype, shape: header.shape, data };
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a] ?? 0;
      bytes[a] = bytes[b] ?? 0;
      bytes[b] = t;
    }
  }
}

function dtypeOf(data: ArrayBufferView): NpyDType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigUint64Array) return 'uint64';
  throw new RepsimError('BAD_INPUT', `cannot store a ${data.constructor.name} in .npy`);
}

/** Options of {@link serializeNpy}. */
export interface SerializeNpyOptions {
  /** Write the data in Fortran (column-major) order, as `np.asfortranarray` would. Default false. */
  readonly fortranOrder?: boolean;
  /** Store a Uint8Array as numpy `bool` instead of `uint8`. Default false. */
  readonly bool?: boolean;
}

/**
 * Serialises an array (C-order data + shape) into `.npy` bytes (version 1.0,
 * or 2.0 when the header is too long for 1.0), little-endian.
 * @throws RepsimError `SHAPE_MISMATCH` when data and shape disagree
 */
export function serializeNpy(
  array: { readonly data: ArrayBufferView; readonly shape: readonly number[] },
  options: SerializeNpyOptions = {},
): Buffer {
  const dtype = options.bool === true && array.data instanceof Uint8Array ? 'bool' : dtypeOf(array.data);
  const { array: ctor } = DTYPES[dtype];
  const count = array.shape.reduce((a, b) => a * b, 1);
  const values = array.data as NpyDataTypes[NpyDType];
  if (values.length !== count) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `shape [${array.shape.join(', ')}] needs ${count} values, data has ${values.length}`,
    );
  }
  const fortran = options.fortranOrder === true && array.shape.length > 1;
  const stored = fortran ? reorder(values, array.shape, 'c', (n) => new ctor(n)) : values;

  const shapeText = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  const dict = `{'descr': '${dtype === 'bool' || ctor.BYTES_PER_ELEMENT === 1 ? '|' : '<'}${DTYPES[dtype].code}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  // Pad with spaces so that the data starts on a 64-byte boundary; end with \n.
  let version = 1;
  let prefix = 10;
  let padded = pad(dict, prefix);
  if (padded.length > 0xffff) {
    version = 2;
    prefix = 12;
    padded = pad(dict, prefix);
  }
  const header = Buffer.alloc(prefix);
  MAGIC.copy(header);
  header[6] = version;
  header[7] = 0;
  if (version === 1) header.writeUInt16LE(padded.length, 8);
  else header.writeUInt32LE(padded.length, 8);
  const body = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  return Buffer.concat([header, Buffer.from(padded, 'latin1'), body]);
}

function pad(dict: string, prefix: number): string {
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  return dict + ' '.repeat(total - prefix - dict.length - 1) + '\n';
}
