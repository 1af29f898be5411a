/**
 * A model's layers as the all-pairs functions take them: an array of
 * matrices, or named ones (a plain object or a Map, in insertion order).
 */
import { RepsimError } from './errors.js';
import { describe, toMatrix, type MatrixInput, type NamedMatrix } from './matrix.js';

/** Layers as an array, or by name (`{conv1: …, fc: …}` or a `Map`). */
export type LayerInput =
  readonly MatrixInput[] | ReadonlyMap<string, MatrixInput> | Readonly<Record<string, MatrixInput>>;

/** Normalised layers: matrices named for messages, and the labels if the caller named them. */
export interface Layers {
  readonly matrices: NamedMatrix[];
  readonly labels?: string[];
}

/**
 * @param input - the caller's layers
 * @param argument - the argument's name, e.g. `"layersA"`
 * @throws RepsimError `BAD_INPUT` for an empty or malformed list
 */
export function toLayers(input: LayerInput, argument: string): Layers {
  let entries: [string | undefined, MatrixInput][];
  if (Array.isArray(input)) {
    entries = (input as readonly MatrixInput[]).map((m) => [undefined, m]);
  } else if (input instanceof Map) {
    entries = [...(input as ReadonlyMap<string, MatrixInput>).entries()];
  } else if (typeof input === 'object' && input !== null) {
    entries = Object.entries(input as Record<string, MatrixInput>);
  } else {
    throw new RepsimError(
      'BAD_INPUT',
      `${argument}: got ${describe(input)}, expected an array of layers or an object of named layers`,
    );
  }
  if (entries.length === 0) throw new RepsimError('BAD_INPUT', `${argument}: no layers given`);
  const named = entries.every(([name]) => name !== undefined);
  const matrices = entries.map(([name, layer], i) => {
    const label = name === undefined ? `${argument}[${i}]` : `${argument}.${name}`;
    return { ...toMatrix(layer, label), name: label };
  });
  return named ? { matrices, labels: entries.map(([name]) => name as string) } : { matrices };
}
