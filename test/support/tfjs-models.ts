// The small seeded TensorFlow.js models the repsim/tfjs tests record and train.
import * as tf from '@tensorflow/tfjs';

/**
 * inputs → h1 (relu) → h2 (tanh) → out (linear), dense, weights drawn from
 * seeded Glorot normals: the same seed gives the same model.
 */
export function seededMlp(
  inputs: number,
  widths: readonly [number, number, number],
  seed: number,
): tf.Sequential {
  const [h1, h2, out] = widths;
  const init = (offset: number) => tf.initializers.glorotNormal({ seed: seed + offset });
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [inputs],
        units: h1,
        activation: 'relu',
        name: 'h1',
        kernelInitializer: init(0),
      }),
      tf.layers.dense({ units: h2, activation: 'tanh', name: 'h2', kernelInitializer: init(1) }),
      tf.layers.dense({ units: out, name: 'out', kernelInitializer: init(2) }),
    ],
  });
}
