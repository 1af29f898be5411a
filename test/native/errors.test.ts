// Every error code is reachable, carries a useful message, and never crashes
// the process; the Promise form rejects instead of throwing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  RepsimError,
  isRepsimError,
  linearCKA,
  linearCKASync,
  type MatrixInput,
  type RepsimErrorCode,
} from '../../lib/index.js';
import { ROOT } from '../support/built.js';

const good = { data: Float64Array.from([1, 2, 3, 4, 5, 7, 2, 2]), shape: [4, 2] };

function codeOf(call: () => unknown): RepsimErrorCode | 'no error' {
  try {
    call();
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(RepsimError);
    return (error as RepsimError).code;
  }
}

function expectError(
  code: RepsimErrorCode,
  message: RegExp,
  x: unknown,
  y: unknown = good,
  options?: unknown,
) {
  const sync = () => linearCKASync(x as MatrixInput, y as MatrixInput, options as object);
  expect(codeOf(sync)).toBe(code);
  expect(sync).toThrow(message);
}

describe('error codes', () => {
  it('BAD_INPUT for values that are not matrices', () => {
    expectError('BAD_INPUT', /x: got the string "activations", expected number\[\]\[\]/, 'activations');
    expectError('BAD_INPUT', /x: got null/, null);
    expectError('BAD_INPUT', /bare typed array has no shape/, new Float32Array(8));
    expectError('BAD_INPUT', /row 1, column 0 is the string "a"/, [[1], ['a']]);
    expectError('BAD_INPUT', /BigInt arrays are not supported/, {
      data: new BigInt64Array(8),
      shape: [4, 2],
    });
    expectError('BAD_INPUT', /y: shape\[1\] is number -2/, good, {
      data: new Float64Array(8),
      shape: [4, -2],
    });
    expectError('BAD_INPUT', /expected number\[\]\[\], \{data, shape\}/, { values: [1, 2] });
  });

  it('SHAPE_MISMATCH when data and shape disagree, rows are ragged or n differs', () => {
    expectError('SHAPE_MISMATCH', /x: shape \[4, 2\] needs 8 values but data has 7/, {
      data: new Float32Array(7),
      shape: [4, 2],
    });
    expectError('SHAPE_MISMATCH', /x: row 2 has 1 values but row 0 has 2/, [[1, 2], [3, 4], [5]]);
    expectError('SHAPE_MISMATCH', /x has 3 rows but y has 4; rows are examples/, [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectError('SHAPE_MISMATCH', /y has no columns/, good, { data: new Float64Array(0), shape: [4, 0] });
  });

  it('NON_FINITE names the first NaN or Infinity', () => {
    expectError('NON_FINITE', /x contains NaN at row 1, column 0/, [
      [1, 2],
      [NaN, 4],
      [5, 6],
      [7, 9],
    ]);
    expectError('NON_FINITE', /y contains an infinite value at row 3, column 1/, good, [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, -Infinity],
    ]);
    const f32 = Float32Array.from(good.data);
    f32[5] = Infinity;
    expectError('NON_FINITE', /x contains an infinite value at row 2, column 1/, {
      data: f32,
      shape: [4, 2],
    });
  });

  it('TOO_FEW_SAMPLES below two examples', () => {
    expectError('TOO_FEW_SAMPLES', /needs at least 2 examples \(rows\), got 1/, [[1, 2]], [[3]]);
    expectError(
      'TOO_FEW_SAMPLES',
      /got 0/,
      { data: new Float64Array(0), shape: [0, 2] },
      { data: new Float64Array(0), shape: [0, 3] },
    );
  });

  it('ZERO_VARIANCE for a constant input', () => {
    expectError('ZERO_VARIANCE', /x has zero variance: every column is constant across the 4 examples/, [
      [0.1, 3],
      [0.1, 3],
      [0.1, 3],
      [0.1, 3],
    ]);
    expectError('ZERO_VARIANCE', /y has zero variance/, good, { data: new Float32Array(8), shape: [4, 2] });
  });

  it('BAD_OPTION for unknown options and bad values', () => {
    expectError(
      'BAD_OPTION',
      /linearCKASync: unknown option 'threds' \(did you mean 'threads'\?\); known options: form, debiased, threads, maxMemoryBytes/,
      good,
      good,
      { threds: 2 },
    );
    expectError(
      'BAD_OPTION',
      /option 'form' must be one of 'auto', 'feature', 'gram', got the string "fast"/,
      good,
      good,
      { form: 'fast' },
    );
    expectError(
      'BAD_OPTION',
      /option 'threads' must be an integer from 1 to 1024, got number 0/,
      good,
      good,
      { threads: 0 },
    );
    expectError('BAD_OPTION', /options must be an object/, good, good, 'fast');
  });

  it('the Promise form rejects with the same errors instead of throwing', async () => {
    const pending = linearCKA([[1, 2]], [[3]]);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({ code: 'TOO_FEW_SAMPLES', name: 'RepsimError' });
    await expect(linearCKA(good, good, { form: 'x' as 'gram' })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(
      linearCKA(
        [
          [1, 2],
          [1, 2],
        ],
        [[3], [4]],
      ),
    ).rejects.toMatchObject({ code: 'ZERO_VARIANCE' });
  });

  it('isRepsimError narrows by code', () => {
    try {
      linearCKASync([[1, 2]], [[3]]);
    } catch (error) {
      expect(isRepsimError(error)).toBe(true);
      expect(isRepsimError(error, 'TOO_FEW_SAMPLES')).toBe(true);
      expect(isRepsimError(error, 'NON_FINITE')).toBe(false);
    }
    expect(isRepsimError(new Error('x'))).toBe(false);
  });
});

describe('robustness', () => {
  it('survives a barrage of malformed inputs without crashing the process', () => {
    const junk: unknown[] = [
      undefined,
      0,
      -1,
      true,
      Symbol('s'),
      () => 1,
      [],
      [[]],
      [[], []],
      [[1], [2, 3]],
      { data: null, shape: [1] },
      { data: new Float64Array(4), shape: [2, 2, -1] },
      { data: new Float64Array(4), shape: [1.5, 2] },
      { data: new Float64Array(4), shape: 'x' },
      { data: new Float64Array(4), shape: [] },
      { data: new Float64Array(4), dims: [4] },
      { shape: [2, 2], dataSync: () => 'no' },
      { data: new Float32Array(new ArrayBuffer(16), 4, 2), shape: [2, 1] },
      { data: new Float64Array(2 ** 10), shape: [2 ** 20, 2 ** 20] },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
        },
      ),
    ];
    for (const x of junk) {
      for (const y of [good, ...junk.slice(0, 3)]) {
        try {
          linearCKASync(x as MatrixInput, y as MatrixInput);
        } catch (error) {
          // Either a RepsimError or the caller's own exception (the Proxy trap) passes through.
          if (!(error instanceof RepsimError)) expect((error as Error).message).toBe('trap');
        }
      }
    }
  });

  it('a subarray view is read at its own offset, not from the start of its buffer', () => {
    const buffer = Float64Array.from([99, 99, 1, 2, 3, 5, 8, 13]);
    const view = { data: buffer.subarray(2), shape: [3, 2] };
    expect(
      linearCKASync(view, [
        [1, 2],
        [3, 5],
        [8, 13],
      ]),
    ).toBeCloseTo(1, 14);
  });

  it('an unknown REPSIM_ISA is a clear error, not a crash', () => {
    const script = `require(${JSON.stringify(path.resolve(ROOT, 'dist', 'cjs', 'index.js'))}).linearCKASync([[1],[2]],[[1],[3]])`;
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, REPSIM_ISA: 'avx9000' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/REPSIM_ISA must be auto, x86-64-v4, x86-64-v3, baseline, got 'avx9000'/);
  });
});
