/**
 * A small multilayer perceptron (ReLU hidden layers, softmax output) with
 * minibatch SGD and momentum, in plain TypeScript on Float32Arrays: enough to
 * train the demo's 784-256-128-64-10 networks on a few thousand MNIST digits
 * in seconds. Written here rather than taken from @tensorflow/tfjs, whose
 * pure-JS CPU backend needed ~52 s for the same work on this kind of machine
 * (and tfjs-node downloads a binary at install). Inputs are mostly zeros
 * (MNIST background), which the loops skip.
 */
import { gaussian as seededGaussian, uniform } from '../base/random.js';

/** Weights of one dense layer: `w[i * outputs + j]` from input i to output j. */
interface Dense {
  readonly inputs: number;
  readonly outputs: number;
  readonly w: Float32Array;
  readonly b: Float32Array;
}

/** A multilayer perceptron with ReLU hidden layers. */
export class Mlp {
  readonly sizes: readonly number[];
  private readonly layers: Dense[];

  /** He-initialised weights from `seed`. */
  constructor(sizes: readonly number[], seed: number) {
    this.sizes = sizes;
    const gaussian = seededGaussian(seed);
    this.layers = sizes.slice(1).map((outputs, l) => {
      const inputs = sizes[l] ?? 0;
      const scale = Math.sqrt(2 / inputs);
      return {
        inputs,
        outputs,
        w: Float32Array.from({ length: inputs * outputs }, () => gaussian() * scale),
        b: new Float32Array(outputs),
      };
    });
  }

  /** Every layer's output for `rows` inputs (row-major): hidden layers after ReLU, then the logits. */
  forward(x: Float32Array, rows: number): Float32Array[] {
    const outputs: Float32Array[] = [];
    let input = x;
    this.layers.forEach((layer, l) => {
      const out = new Float32Array(rows * layer.outputs);
      for (let r = 0; r < rows; r++) {
        const o = out.subarray(r * layer.outputs, (r + 1) * layer.outputs);
        o.set(layer.b);
        for (let i = 0; i < layer.inputs; i++) {
          const v = input[r * layer.inputs + i] ?? 0;
          if (v === 0) continue;
          const row = layer.w.subarray(i * layer.outputs, (i + 1) * layer.outputs);
          for (let j = 0; j < layer.outputs; j++) o[j] = (o[j] ?? 0) + v * (row[j] ?? 0);
        }
        if (l < this.layers.length - 1) for (let j = 0; j < layer.outputs; j++) o[j] = Math.max(0, o[j] ?? 0);
      }
      outputs.push(out);
      input = out;
    });
    return outputs;
  }

  /**
   * Minibatch SGD with momentum 0.9 on the softmax cross-entropy.
   * @param x - row-major inputs, `labels.length` rows
   */
  train(
    x: Float32Array,
    labels: ArrayLike<number>,
    options: { epochs: number; rate: number; batch: number; seed: number },
  ): void {
    const n = labels.length;
    const next = uniform(options.seed);
    const velocity = this.layers.map((l) => ({
      w: new Float32Array(l.w.length),
      b: new Float32Array(l.b.length),
    }));
    const order = Array.from({ length: n }, (_, i) => i);
    const inputs = this.sizes[0] ?? 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      for (let start = 0; start < n; start += options.batch) {
        const rows = order.slice(start, start + options.batch);
        const batch = new Float32Array(rows.length * inputs);
        rows.forEach((r, k) => batch.set(x.subarray(r * inputs, (r + 1) * inputs), k * inputs));
        this.step(
          batch,
          rows.map((r) => labels[r] ?? 0),
          velocity,
          options.rate,
        );
      }
    }
  }

  private step(
    batch: Float32Array,
    labels: readonly number[],
    velocity: { w: Float32Array; b: Float32Array }[],
    rate: number,
  ): void {
    const rows = labels.length;
    const activations = [batch, ...this.forward(batch, rows)];
    // delta = softmax(logits) - onehot, averaged over the batch.
    const last = this.layers.length - 1;
    const classes = this.layers[last]?.outputs ?? 0;
    let delta = Float32Array.from(activations[last + 1] ?? []);
    for (let r = 0; r < rows; r++) {
      const z = delta.subarray(r * classes, (r + 1) * classes);
      const max = Math.max(...z);
      let total = 0;
      for (let c = 0; c < classes; c++) total += z[c] = Math.exp((z[c] ?? 0) - max);
      for (let c = 0; c < classes; c++) z[c] = ((z[c] ?? 0) / total - (c === labels[r] ? 1 : 0)) / rows;
    }
    for (let l = last; l >= 0; l--) {
      const layer = this.layers[l] as Dense;
      const input = activations[l] as Float32Array;
      const gradW = new Float32Array(layer.w.length);
      const gradB = new Float32Array(layer.outputs);
      const back = l > 0 ? new Float32Array(rows * layer.inputs) : undefined;
      for (let r = 0; r < rows; r++) {
        const d = delta.subarray(r * layer.outputs, (r + 1) * layer.outputs);
        for (let j = 0; j < layer.outputs; j++) gradB[j] = (gradB[j] ?? 0) + (d[j] ?? 0);
        for (let i = 0; i < layer.inputs; i++) {
          const v = input[r * layer.inputs + i] ?? 0;
          const w = layer.w.subarray(i * layer.outputs, (i + 1) * layer.outputs);
          const g = gradW.subarray(i * layer.outputs, (i + 1) * layer.outputs);
          if (v === 0) continue; // no gradient; and below the ReLU, an inactive unit
          for (let j = 0; j < layer.outputs; j++) g[j] = (g[j] ?? 0) + v * (d[j] ?? 0);
          if (back) {
            // Through the ReLU of the layer below (v > 0 there: it was active).
            let sum = 0;
            for (let j = 0; j < layer.outputs; j++) sum += (w[j] ?? 0) * (d[j] ?? 0);
            back[r * layer.inputs + i] = sum;
          }
        }
      }
      const vel = velocity[l] as { w: Float32Array; b: Float32Array };
      for (let k = 0; k < layer.w.length; k++) {
        vel.w[k] = 0.9 * (vel.w[k] ?? 0) - rate * (gradW[k] ?? 0);
        layer.w[k] = (layer.w[k] ?? 0) + (vel.w[k] ?? 0);
      }
      for (let j = 0; j < layer.outputs; j++) {
        vel.b[j] = 0.9 * (vel.b[j] ?? 0) - rate * (gradB[j] ?? 0);
        layer.b[j] = (layer.b[j] ?? 0) + (vel.b[j] ?? 0);
      }
      if (back) delta = back;
    }
  }
}
