/**
 * Input normalisation shared by every metric: whatever the caller passes
 * becomes a {@link Matrix} (row-major data + rows + cols). Float32Array and
 * Float64Array data are used in place, never copied or modified; anything
 * else is converted to a new Float64Array once.
 *
 * Only structure is checked here (types, shapes, lengths). What needs a pass
 * over the values (NaN/Inf, constant input) is checked by the native core,
 * which reads the values anyway.
 */
import { RepsimError } from './errors.js';

/** The typed arrays the native core reads in place. */
export type FloatArray = Float32Array | Float64Array;

/** Numeric typed arrays accepted as data (non-float ones are converted). */
export type NumericTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/**
 * Flat data with an explicit shape `[examples, ...features]`, e.g. `{data, shape: [n, p]}`.
 * An {@link NdArray} read from a `.npy` file is one. BigInt data (int64 files)
 * is typed as accepted so such arrays can be passed as they are, but is
 * rejected at run time with `BAD_INPUT`: convert labels-like data first.
 */
export interface ShapedArray {
  readonly data: NumericTypedArray | BigInt64Array | BigUint64Array | readonly number[];
  readonly shape: readonly number[];
}

/** An onnxruntime-node style tensor: `{data, dims}`. */
export interface DimsTensor {
  readonly data: NumericTypedArray | readonly number[];
  readonly dims: readonly number[];
}

/** A tfjs style tensor: `shape` plus a synchronous `dataSync()`. */
export interface SyncTensor {
  readonly shape: readonly number[];
  dataSync(): NumericTypedArray;
}

/**
 * Anything a metric accepts as activations: rows are examples, the remaining
 * dimensions are flattened into features (an `[n, h, w, c]` map becomes
 * `n x (h*w*c)`; a 1-D input of length n, such as a plain `number[]`, is `n x 1`).
 */
export type MatrixInput =
  readonly (readonly number[])[] | readonly number[] | ShapedArray | DimsTensor | SyncTensor | Matrix;

/** A normalised, row-major matrix as the native core reads it. */
export interface Matrix {
  readonly data: FloatArray;
  readonly rows: number;
  readonly cols: number;
}

/** A matrix with the name native error messages should use for it. @internal */
export interface NamedMatrix extends Matrix {
  readonly name?: string;
}

function badInput(name: string, message: string): RepsimError {
  return new RepsimError('BAD_INPUT', `${name}: ${message}`);
}

function isNumericTypedArray(value: unknown): value is NumericTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !isBigIntArray(value);
}

function isBigIntArray(value: unknown): boolean {
  return value instanceof BigInt64Array || value instanceof BigUint64Array;
}

function toFloatArray(data: unknown, name: string): FloatArray {
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  if (isNumericTypedArray(data)) return Float64Array.from(data);
  if (isBigIntArray(data)) {
    throw badInput(name, 'BigInt arrays are not supported; convert to Float64Array first');
  }
  if (Array.isArray(data)) {
    const out = new Float64Array(data.length);
    // An index loop, not forEach, which skips holes (they would read as 0).
    for (let i = 0; i < data.length; i++) {
      const value: unknown = data[i];
      if (typeof value !== 'number') {
        throw badInput(name, `data[${i}] is ${describeEntry(data, i)}, expected a number`);
      }
      out[i] = value;
    }
    return out;
  }
  throw badInput(name, `data is ${describe(data)}, expected a Float32Array, Float64Array or number[]`);
}

function checkShape(shape: unknown, name: string): readonly number[] {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw badInput(name, `shape is ${describe(shape)}, expected a non-empty array like [examples, features]`);
  }
  shape.forEach((dim: unknown, i) => {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw badInput(name, `shape[${i}] is ${describe(dim)}, expected a non-negative integer`);
    }
  });
  return shape as number[];
}

/** Row-major data with its full shape, e.g. `[n, h, w, c]` for conv feature maps. */
export interface Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];
}

function fromShaped(data: unknown, shapeValue: unknown, name: string): Tensor {
  const shape = checkShape(shapeValue, name);
  const floats = toFloatArray(data, name);
  const size = shape.reduce((a, b) => a * b, 1);
  if (floats.length !== size) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `${name}: shape [${shape.join(', ')}] needs ${size} values but data has ${floats.length}`,
    );
  }
  return { data: floats, shape };
}

function fromNested(rowsIn: readonly unknown[], name: string): Matrix {
  const rows = rowsIn.length;
  if (rows > 0 && !Array.isArray(rowsIn[0])) {
    // A flat number[]: n examples of one feature.
    return { data: toFloatArray(rowsIn, name), rows, cols: 1 };
  }
  const cols = rows > 0 ? (rowsIn[0] as unknown[]).length : 0;
  const data = new Float64Array(rows * cols);
  // Index loops, not forEach, which skips holes (they would read as 0).
  for (let i = 0; i < rows; i++) {
    const row: unknown = rowsIn[i];
    if (!Array.isArray(row))
      throw badInput(name, `row ${i} is ${describeEntry(rowsIn, i)}, expected an array`);
    if (row.length !== cols) {
      throw new RepsimError(
        'SHAPE_MISMATCH',
        `${name}: row ${i} has ${row.length} values but row 0 has ${cols}; every example needs the same features`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const value: unknown = row[j];
      if (typeof value !== 'number') {
        throw badInput(name, `row ${i}, column ${j} is ${describeEntry(row, j)}, expected a number`);
      }
      data[i * cols + j] = value;
    }
  }
  return { data, rows, cols };
}

/**
 * Normalises any accepted activation input into a {@link Tensor}, keeping
 * every dimension (nested arrays are `[rows, cols]`).
 * @param input - the caller's value
 * @param name - the argument's name for error messages, e.g. `"x"`
 * @throws RepsimError `BAD_INPUT` or `SHAPE_MISMATCH`
 */
export function toTensor(input: MatrixInput, name: string): Tensor {
  const value: unknown = input;
  if (Array.isArray(value)) {
    const m = fromNested(value, name);
    return { data: m.data, shape: [m.rows, m.cols] };
  }
  if (typeof value !== 'object' || value === null) {
    throw badInput(name, `got ${describe(value)}, expected number[][], {data, shape} or a tensor`);
  }
  if (isNumericTypedArray(value)) {
    throw badInput(name, 'a bare typed array has no shape; pass {data, shape: [examples, features]}');
  }
  const object = value as Record<string, unknown>;
  if (typeof object.dataSync === 'function') {
    return fromShaped((object.dataSync as () => unknown).call(object), object.shape, name);
  }
  if ('data' in object && 'shape' in object) return fromShaped(object.data, object.shape, name);
  if ('data' in object && 'dims' in object) return fromShaped(object.data, object.dims, name);
  if ('data' in object && 'rows' in object && 'cols' in object) {
    return fromShaped(object.data, [object.rows, object.cols], name);
  }
  throw badInput(
    name,
    'expected number[][], {data, shape}, {data, rows, cols}, {data, dims} or an object with dataSync()',
  );
}

/**
 * Normalises any accepted activation input into a {@link Matrix}: the first
 * dimension is the examples, the others are flattened into features.
 * @param input - the caller's value
 * @param name - the argument's name for error messages, e.g. `"x"`
 * @throws RepsimError `BAD_INPUT` or `SHAPE_MISMATCH`
 */
export function toMatrix(input: MatrixInput, name: string): Matrix {
  const { data, shape } = toTensor(input, name);
  const rows = shape[0] ?? 0;
  return { data, rows, cols: shape.slice(1).reduce((a, b) => a * b, 1) };
}

/** What `array[index]` is, for messages: a hole (an index never set) is named as such. */
function describeEntry(array: readonly unknown[], index: number): string {
  return index in array ? describe(array[index]) : 'a hole (an index never set)';
}

/** A short description of a value's type for error messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return 'undefined';
}
