/**
 * Convolutional feature maps as matrices, by the two conventions of Raghu et al. 2017
 * (Raghu et al. 2017):
 * - `'channels'`: every (example, position) pair is a sample and the channels
 *   are the features: (n·h·w) × c. Both maps must have the same h × w.
 * - `'flatten'`: every example is a sample with h·w·c features.
 * Inputs are `[n, h, w, c]` (`layout: 'nhwc'`, the default, as tfjs) or
 * `[n, c, h, w]` (`layout: 'nchw'`, as PyTorch/ONNX). NHWC input and
 * `'flatten'` of either layout are zero-copy views; `'channels'` of NCHW
 * input is transposed once.
 */
import { RepsimError } from './errors.js';
import { toTensor, type FloatArray, type Matrix, type MatrixInput, type Tensor } from './matrix.js';

/** How a 4-D feature map becomes a matrix. */
export type ConvReshape = 'channels' | 'flatten';

/** Memory order of a 4-D feature map. */
export type ConvLayout = 'nhwc' | 'nchw';

/** A feature map in NHWC order with its sizes. @internal */
export interface FeatureMap {
  readonly data: FloatArray;
  readonly examples: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * A 4-D input in NHWC order (transposing NCHW input once).
 * @throws RepsimError `BAD_INPUT` when the input is not 4-D
 * @internal
 */
export function toFeatureMap(input: MatrixInput, name: string, layout: ConvLayout): FeatureMap {
  const tensor = toTensor(input, name);
  if (tensor.shape.length !== 4) {
    throw new RepsimError(
      'BAD_INPUT',
      `${name}: a conv feature map needs a 4-D shape [n, ${layout === 'nhwc' ? 'h, w, c' : 'c, h, w'}], ` +
        `got [${tensor.shape.join(', ')}]`,
    );
  }
  const [n = 0, a = 0, b = 0, c = 0] = tensor.shape;
  if (layout === 'nhwc') return { data: tensor.data, examples: n, height: a, width: b, channels: c };
  return { data: nchwToNhwc(tensor, n, a, b, c), examples: n, height: b, width: c, channels: a };
}

function nchwToNhwc(tensor: Tensor, n: number, c: number, h: number, w: number): FloatArray {
  const source = tensor.data;
  const out =
    source instanceof Float32Array ? new Float32Array(source.length) : new Float64Array(source.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const base = i * c * plane;
    for (let ch = 0; ch < c; ch++) {
      const from = base + ch * plane;
      for (let pixel = 0; pixel < plane; pixel++) out[base + pixel * c + ch] = source[from + pixel] ?? 0;
    }
  }
  return out;
}

/**
 * The matrix a feature map becomes under `reshape`.
 * @internal
 */
export function featureMapMatrix(map: FeatureMap, reshape: ConvReshape): Matrix {
  return reshape === 'channels'
    ? { data: map.data, rows: map.examples * map.height * map.width, cols: map.channels }
    : { data: map.data, rows: map.examples, cols: map.height * map.width * map.channels };
}

/**
 * Both feature maps as matrices for a pair metric.
 * @throws RepsimError `SHAPE_MISMATCH` for `'channels'` with different h × w
 * @internal
 */
export function featureMapPair(
  fn: string,
  x: MatrixInput,
  y: MatrixInput,
  reshape: ConvReshape,
  layout: ConvLayout,
): { x: Matrix; y: Matrix } {
  const mx = toFeatureMap(x, 'x', layout);
  const my = toFeatureMap(y, 'y', layout);
  if (reshape === 'channels' && (mx.height !== my.height || mx.width !== my.width)) {
    throw new RepsimError(
      'SHAPE_MISMATCH',
      `${fn}: conv 'channels' treats every position as a sample, so both maps need the same ` +
        `height x width, got ${mx.height}x${mx.width} and ${my.height}x${my.width}; ` +
        `resize one, or use conv: 'flatten' (or 'dft' for cca)`,
    );
  }
  return { x: featureMapMatrix(mx, reshape), y: featureMapMatrix(my, reshape) };
}
