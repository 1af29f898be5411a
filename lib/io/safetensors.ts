/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header
 * length, a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}}`
 * (plus an optional `__metadata__` of strings), then the tensors' bytes,
 * little-endian and in C order. Small enough to read directly; F16 and BF16
 * become float32 (no JavaScript typed array holds them).
 * Spec: https://github.com/huggingface/safetensors#format
 */
import { RepsimError } from '../base/errors.js';
import type { NdArray, NpyDType, NpyDataTypes } from './npy.js';

const READERS: Record<string, { dtype: NpyDType; bytes: number }> = {
  F64: { dtype: 'float64', bytes: 8 },
  F32: { dtype: 'float32', bytes: 4 },
  F16: { dtype: 'float32', bytes: 2 },
  BF16: { dtype: 'float32', bytes: 2 },
  I64: { dtype: 'int64', bytes: 8 },
  I32: { dtype: 'int32', bytes: 4 },
  I16: { dtype: 'int16', bytes: 2 },
  I8: { dtype: 'int8', bytes: 1 },
  U64: { dtype: 'uint64', bytes: 8 },
  U32: { dtype: 'uint32', bytes: 4 },
  U16: { dtype: 'uint16', bytes: 2 },
  U8: { dtype: 'uint8', bytes: 1 },
  BOOL: { dtype: 'bool', bytes: 1 },
};

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function bad(what: string, message: string): RepsimError {
  return new RepsimError('BAD_INPUT', `${what}: ${message}`);
}

/** IEEE half precision to a double. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decode(view: DataView, offset: number, count: number, code: string): NpyDataTypes[NpyDType] {
  const little = true;
  switch (code) {
    case 'F64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(offset + 8 * i, little));
    case 'F32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, little));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) => half(view.getUint16(offset + 2 * i, little)));
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const out = new Float32Array(count);
      const widened = new DataView(out.buffer);
      for (let i = 0; i < count; i++)
        widened.setUint32(4 * i, view.getUint16(offset + 2 * i, little) << 16, true);
      return out;
    }
    case 'I64':
      return BigInt64Array.from({ length: count }, (_, i) => view.getBigInt64(offset + 8 * i, little));
    case 'U64':
      return BigUint64Array.from({ length: count }, (_, i) => view.getBigUint64(offset + 8 * i, little));
    case 'I32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(offset + 4 * i, little));
    case 'U32':
      return Uint32Array.from({ length: count }, (_, i) => view.getUint32(offset + 4 * i, little));
    case 'I16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, little));
    case 'U16':
      return Uint16Array.from({ length: count }, (_, i) => view.getUint16(offset + 2 * i, little));
    case 'I8':
      return Int8Array.from({ length: count }, (_, i) => view.getInt8(offset + i));
    default: // U8, BOOL
      return Uint8Array.from({ length: count }, (_, i) => view.getUint8(offset + i));
  }
}

/**
 * Every tensor of a `.safetensors` file, in the header's order.
 * @throws RepsimError `BAD_INPUT` for a malformed file or an unsupported dtype
 */
export function parseSafetensors(bytes: Uint8Array, what = '.safetensors data'): Map<string, NdArray> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8) throw bad(what, 'too short to be a safetensors file');
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) {
    throw bad(
      what,
      `header length ${headerLength} runs past the end of the file (${bytes.byteLength} bytes)`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
      string,
      unknown
    >;
  } catch {
    throw bad(what, 'the header is not valid JSON; is this a safetensors file?');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw bad(what, 'the header is not a JSON object of tensors');
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, NdArray>();
  const extents: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (typeof raw !== 'object' || raw === null) throw bad(what, `tensor '${name}' is not an object`);
    const entry = raw as Partial<HeaderEntry>;
    const reader = READERS[String(entry.dtype)];
    if (reader === undefined)
      throw bad(what, `tensor '${name}' has unsupported dtype ${String(entry.dtype)}`);
    const shape = entry.shape;
    const offsets = entry.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw bad(what, `tensor '${name}' has a malformed shape`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      throw bad(what, `tensor '${name}' has malformed data_offsets`);
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets;
    if (end < begin || end - begin !== count * reader.bytes || dataStart + end > bytes.byteLength) {
      throw bad(
        what,
        `tensor '${name}': shape [${shape.join(', ')}] × ${entry.dtype} does not match its ${end - begin} bytes`,
      );
    }
    extents.push([begin, end, name]);
    tensors.set(name, {
      dtype: reader.dtype,
      shape,
      data: decode(view, dataStart + begin, count, String(entry.dtype)),
    });
  }
  // As the reference reader: tensors may not share bytes.
  extents.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < extents.length; i++) {
    const [previous, current] = [extents[i - 1], extents[i]] as [
      [number, number, string],
      [number, number, string],
    ];
    if (current[0] < previous[1]) {
      throw bad(what, `tensors '${previous[2]}' and '${current[2]}' overlap in the data section`);
    }
  }
  return tensors;
}
