// Arguments a hostile or careless caller passes: holes in arrays, zero-column
// matrices with absurd row counts, option keys that name Object's own
// properties, out-of-range option values and wrong container types. Each is
// a typed error with a message that names the problem, at once.
import { describe, expect, it } from 'vitest';

import {
  compareModels,
  entropySimilaritySync,
  knnEntropySync,
  linearCKASync,
  svccaSync,
  type LinearCKAOptions,
} from '../../lib/index.js';

const x = [
  [1, 2],
  [3, 4],
  [5, 7],
  [2, 1],
  [0, 3],
];
const y = [
  [1, 0],
  [3, 4],
  [5, 6],
  [1, 1],
  [2, 2],
];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('holes in number arrays', () => {
  it('a missing value or row is BAD_INPUT, not 0', () => {
    const holeValue = x.map((row) => [...row]);
    Reflect.deleteProperty(holeValue[1]!, 0); // a hole, as `delete a[1][0]` makes
    expect(() => linearCKASync(holeValue, y)).toThrow(/row 1, column 0 is a hole/);
    const holeRow = [...x];
    Reflect.deleteProperty(holeRow, 2);
    expect(() => linearCKASync(holeRow, y)).toThrow(/row 2 is a hole/);
    const flat = [1, 2, 3, 4, 5];
    Reflect.deleteProperty(flat, 3);
    expect(() =>
      linearCKASync({ data: flat, shape: [5, 1] }, { data: [5, 1, 2, 3, 4], shape: [5, 1] }),
    ).toThrow(/data\[3\] is a hole/);
  });
});

describe('zero columns', () => {
  it('is SHAPE_MISMATCH at once, even with 1e15 rows', () => {
    const empty = (rows: number) => ({ data: new Float64Array(0), shape: [rows, 0] });
    const started = Date.now();
    expect(codeOf(() => knnEntropySync(empty(1e15)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => knnEntropySync(empty(9e15)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => linearCKASync(empty(10), empty(10)))).toBe('SHAPE_MISMATCH');
    expect(
      codeOf(() =>
        entropySimilaritySync({ a: empty(10) }, { b: empty(10) }, { labels: new Array<number>(10).fill(0) }),
      ),
    ).toBe('SHAPE_MISMATCH');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('option keys and values', () => {
  it("keys naming Object's properties are unknown options", () => {
    const ownKeyOptions = [
      JSON.parse('{"__proto__": 1}') as object,
      { valueOf: 1 },
      { hasOwnProperty: 1 },
      { constructor: 1 },
    ];
    for (const options of ownKeyOptions as LinearCKAOptions[]) {
      expect(() => linearCKASync(x, y, options)).toThrow(/unknown option/);
      expect(codeOf(() => linearCKASync(x, y, options))).toBe('BAD_OPTION');
    }
  });

  it('keep.dims above the core bound is BAD_OPTION, not INTERNAL', () => {
    expect(codeOf(() => svccaSync(x, y, { keep: { dims: 2 ** 20 + 1 } }))).toBe('BAD_OPTION');
  });

  it('compareModels: layers must be Maps and metrics a non-empty list', async () => {
    const a = new Map([['l', x]]);
    await expect(compareModels(a, new Map([['l', y]]), { metrics: [] })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(compareModels({ l: x } as never, undefined)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
