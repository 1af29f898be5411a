// The hostile-user probe cases, generated the same way in the parent and in
// every child (so a child is told only which indices to run). Each case is
// {category, label, expect, run(repsim) → result}:
//   expect 'refuse': the input is malformed; only a typed RepsimError is right.
//   expect 'same':   the input is valid (an exact rescaling, another memory
//                    layout); the baseline value, or a typed refusal, is right.
//   expect 'finite': an option value that may be valid; a finite result or a
//                    typed error is right.
import { createRequire } from 'node:module';

import seeded from '../../scripts/seeded-gaussian.js';

const { gaussian } = seeded;

const N = 60;

function dense(rows, cols, seed, scale = 1) {
  const next = gaussian(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => scale * next()), shape: [rows, cols] };
}

const X = dense(N, 6, 1);
const Y = { data: X.data.map((v, i) => v + 0.7 * (dense(N, 6, 2).data[i] ?? 0)), shape: [N, 6] };
const nested = (m) =>
  Array.from({ length: m.shape[0] }, (_, i) =>
    Array.from(m.data.subarray(i * m.shape[1], (i + 1) * m.shape[1])),
  );
const scaled = (m, s) => ({ data: m.data.map((v) => v * s), shape: m.shape });
const float32 = (m, s = 1) => ({ data: Float32Array.from(m.data, (v) => v * s), shape: m.shape });

/** A number from any metric's result. */
export function valueOf(result) {
  if (typeof result === 'number') return result;
  if (result === null || typeof result !== 'object') return Number.NaN;
  if (result.values instanceof Float64Array) return result.values[0];
  if (result.si) return result.si.values[0];
  if (result.values?.values) return result.values.values[0];
  for (const key of ['meanRho', 'similarity', 'distance', 'entropy', 'ratio', 'value']) {
    if (typeof result[key] === 'number') return result[key];
  }
  return Number.NaN;
}

// Every public computation, called as (repsim, x, y, options). Sync and Promise forms both.
const require = createRequire(import.meta.url);
const { METRICS } = require('../../dist/cjs/index.js');
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

// Measures with a value for a constant layer: the uncentred ones (a
// magnitude, a cosine, a distance, a column space) and those of distances
// (all 0). The others must refuse it: centring leaves nothing, every
// example ties as everyone's neighbour, or a correlation divides by zero.
const CONSTANT_HAS_VALUE = new Set([
  'aligned-cosine',
  'permutation-procrustes',
  'eigenspace-overlap',
  'rsm-norm-difference',
  'magnitude-difference',
  'concentricity-difference',
  'uniformity-difference',
]);

/** The measure table's functions (from the registry), with whether rescaling keeps their value. */
const MEASURE_CALLERS = METRICS.filter((m) => m.family === 'measure').flatMap((m) => {
  const f = camel(m.name);
  const scaleInvariant = m.invariances.includes('isotropic-scaling');
  const refusesConstant = !CONSTANT_HAS_VALUE.has(m.name);
  return [
    [f, (r, x, y, o) => r[f](x, y, o), scaleInvariant, refusesConstant],
    [`${f}Sync`, (r, x, y, o) => r[`${f}Sync`](x, y, o), scaleInvariant, refusesConstant],
  ];
});

const CALLERS = [
  ...['linearCKA', 'kernelCKA', 'cca', 'svcca', 'pwcca', 'procrustes', 'converterRatio'].flatMap((f) => [
    [f, (r, x, y, o) => r[f](x, y, o)],
    [`${f}Sync`, (r, x, y, o) => r[`${f}Sync`](x, y, o)],
  ]),
  ['knnEntropy', (r, x, _y, o) => r.knnEntropy(x, o)],
  ['knnEntropySync', (r, x, _y, o) => r.knnEntropySync(x, o)],
  ['layerSimilarity', (r, x, y, o) => r.layerSimilarity({ a: x }, { b: y }, o)],
  ['layerSimilaritySync', (r, x, y, o) => r.layerSimilaritySync({ a: x }, { b: y }, o)],
  ['entropySimilarity', (r, x, y, o) => r.entropySimilarity({ a: x }, { b: y }, o)],
  ['entropySimilaritySync', (r, x, y, o) => r.entropySimilaritySync({ a: x }, { b: y }, o)],
  ['permutationTest', (r, x, y, o) => r.permutationTest('linear-cka', x, y, { permutations: 20, ...o })],
  [
    'permutationTestSync',
    (r, x, y, o) => r.permutationTestSync('kernel-cka', x, y, { permutations: 20, ...o }),
  ],
  ['bootstrap', (r, x, y, o) => r.bootstrap('cca', x, y, { resamples: 20, ...o })],
  ['bootstrapSync', (r, x, y, o) => r.bootstrapSync('svcca', x, y, { resamples: 20, ...o })],
  [
    'permutationTestLayers',
    (r, x, y, o) => r.permutationTestLayers('kernel-cka', { a: x }, { b: y }, { permutations: 10, ...o }),
  ],
  [
    'StreamingCKA',
    (r, x, y, o) => {
      const s = new r.StreamingCKA(o);
      s.update([x], [y]);
      return s.value();
    },
  ],
];

// Malformed inputs: [label, make()] — each must be refused.
const MALFORMED = [
  [
    'hole in number[][]',
    () => {
      const a = nested(X);
      delete a[1][0];
      return a;
    },
  ],
  [
    'ragged rows',
    () => {
      const a = nested(X);
      a[3] = a[3].slice(0, 4);
      return a;
    },
  ],
  [
    'NaN entry',
    () => {
      const m = dense(N, 6, 1);
      m.data[7] = Number.NaN;
      return m;
    },
  ],
  [
    'Infinity entry',
    () => {
      const m = dense(N, 6, 1);
      m.data[7] = Number.POSITIVE_INFINITY;
      return m;
    },
  ],
  ['empty array', () => []],
  ['zero columns', () => ({ data: new Float64Array(0), shape: [N, 0] })],
  ['shape [1e15, 0]', () => ({ data: new Float64Array(0), shape: [1e15, 0] })],
  ['data shorter than shape', () => ({ data: new Float64Array(5), shape: [N, 6] })],
  ['rows x cols past data', () => ({ data: new Float64Array(10), rows: N, cols: 6 })],
  [
    'string entry',
    () => {
      const a = nested(X);
      a[2][1] = '1';
      return a;
    },
  ],
  ['null', () => null],
  ['undefined', () => undefined],
  ['a number', () => 5],
  ['a string', () => 'matrix'],
  ['a function', () => () => X],
  ['negative shape', () => ({ data: X.data, shape: [-N, -6] })],
  ['fractional shape', () => ({ data: X.data, shape: [N / 7, 42] })],
  ['NaN in shape', () => ({ data: X.data, shape: [Number.NaN, 6] })],
  ['shape not an array', () => ({ data: X.data, shape: '60,6' })],
  ['fewer rows than y', () => dense(N - 1, 6, 3)],
  ['one row', () => dense(1, 6, 3)],
  ['two rows', () => dense(2, 6, 3)],
  ['constant', () => ({ data: new Float64Array(N * 6).fill(2.5), shape: [N, 6] })],
  ['BigInt64Array data', () => ({ data: new BigInt64Array(N * 6), shape: [N, 6] })],
  [
    'detached buffer',
    () => {
      const m = dense(N, 6, 1);
      structuredClone(m.data.buffer, { transfer: [m.data.buffer] });
      return m;
    },
  ],
];

/** An error the caller's own code throws: it must reach the caller unchanged. */
export class CallersOwnError extends Error {}

// Inputs whose reading runs the caller's code, which throws.
const THROWING = [
  [
    'getter that throws',
    () => ({
      get data() {
        throw new CallersOwnError('boom');
      },
      shape: [N, 6],
    }),
  ],
  [
    'Proxy rows that throw',
    () =>
      new Proxy(nested(X), {
        get(t, k) {
          if (k === '5') throw new CallersOwnError('boom');
          return t[k];
        },
      }),
  ],
  [
    'tensor whose dataSync throws',
    () => ({
      shape: [N, 6],
      dtype: 'float32',
      dataSync() {
        throw new CallersOwnError('boom');
      },
    }),
  ],
];

// Valid inputs that must give the baseline value (or a typed refusal).
const SAME = [
  ...[1e-300, 1e-165, 1e-100, 1e-30, 1e30, 1e100, 1e160, 1e300].map((s) => [
    `scaled by ${s}`,
    (m) => scaled(m, s),
  ]),
  ['float32', (m) => float32(m)],
  ['float32 scaled by 1e-25', (m) => float32(m, 1e-25)],
  ['float32 scaled by 1e19', (m) => float32(m, 1e19)],
  ['number[][]', (m) => nested(m)],
  ['rows of Float64Array', (m) => nested(m).map((r) => Float64Array.from(r))],
  [
    'SharedArrayBuffer',
    (m) => {
      const shared = new Float64Array(new SharedArrayBuffer(m.data.length * 8));
      shared.set(m.data);
      return { data: shared, shape: m.shape };
    },
  ],
  [
    'subarray at an offset',
    (m) => {
      const big = new Float64Array(m.data.length + 3);
      big.set(m.data, 3);
      return { data: big.subarray(3), shape: m.shape };
    },
  ],
  ['{data, rows, cols}', (m) => ({ data: m.data, rows: m.shape[0], cols: m.shape[1] })],
];

const UNKNOWN_KEYS = ['__proto__', 'constructor', 'valueOf', 'hasOwnProperty', 'toString', 'bogus'];
const OPTION_KEYS = [
  'threads',
  'maxMemoryBytes',
  'signal',
  'onProgress',
  'kernel',
  'threshold',
  'sigma',
  'debiased',
  'epsilon',
  'keep',
  'weights',
  'k',
  'normalize',
  'project',
  'ridge',
  'holdout',
  'seed',
  'permutations',
  'resamples',
  'alternative',
  'concurrency',
  'conv',
  'allowUnderdetermined',
  'form',
];
const BAD_VALUES = [
  ['NaN', Number.NaN],
  ['-1', -1],
  ['0', 0],
  ['1.5', 1.5],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['1e300', 1e300],
  ["'1'", '1'],
  ['null', null],
  ['{}', {}],
  ['[]', []],
  ['true', true],
];

/** `{[key]: 1}` as an own property, even for '__proto__' (a literal would set the prototype). */
const withKey = (key) => JSON.parse(`{${JSON.stringify(key)}: 1}`);

/** Every matrix and option probe. */
export function apiCases() {
  const cases = [];
  for (const [name, call, scaleInvariant, refusesConstant = true] of [...CALLERS, ...MEASURE_CALLERS]) {
    const measure = scaleInvariant !== undefined;
    const single = name.startsWith('knnEntropy');
    const malformed = [
      ...MALFORMED.map(([label, make]) => [
        label,
        make,
        label === 'constant' && !refusesConstant ? 'finite' : 'refuse',
      ]),
      ...THROWING.map(([label, make]) => [label, make, 'own error']),
    ].filter(([label]) => !(single && label === 'fewer rows than y')); // one input: any row count
    for (const [label, make, expect] of malformed) {
      for (const side of single ? ['x'] : ['x', 'y']) {
        cases.push({
          category: 'malformed matrices',
          label: `${name}: ${label} as ${side}`,
          expect,
          // One row too few only matters against the other side's rows.
          run: (r) => (side === 'x' ? call(r, make(), Y, undefined) : call(r, X, make(), undefined)),
        });
      }
    }
    // Entropy Si reads its last layer unnormalised (the method's choice for
    // output layers), and some measures have a scale (distances, magnitudes),
    // so rescaling may change them: a finite value is right there. float32
    // rounding may move a neighbour or a match of the measures: finite too.
    const invariant = !name.startsWith('entropySimilarity') && scaleInvariant !== false;
    for (const [label, transform] of SAME) {
      const exact = label.startsWith('scaled') ? invariant : !(measure && label.startsWith('float32'));
      cases.push({
        category: 'extreme scales and layouts',
        label: `${name}: ${label}`,
        expect: exact ? 'same' : 'finite',
        baseline: (r) => call(r, X, Y, undefined),
        run: (r) => call(r, transform(X), transform(Y), undefined),
      });
    }
    for (const key of UNKNOWN_KEYS) {
      cases.push({
        category: 'options',
        label: `${name}: unknown option '${key}'`,
        expect: 'refuse',
        run: (r) => call(r, X, Y, withKey(key)),
      });
    }
    for (const key of OPTION_KEYS) {
      for (const [label, value] of BAD_VALUES) {
        cases.push({
          category: 'options',
          label: `${name}: ${key} = ${label}`,
          expect: 'finite',
          run: (r) => call(r, X, Y, { [key]: value }),
        });
      }
    }
  }
  return cases;
}

/** Every crafted file, read from bytes and from disk. */
export function fileProbeCases(fileCases, writeTemp) {
  const parsers = { npy: 'parseNpy', npz: 'parseNpz', safetensors: 'parseSafetensors' };
  return fileCases().flatMap(({ label, format, bytes, expect, parseExpect }) => [
    {
      category: 'crafted files',
      label: `${label} (parsed)`,
      expect: parseExpect,
      run: (r) => r[parsers[format]](bytes),
    },
    {
      category: 'crafted files',
      label: `${label} (loaded)`,
      expect,
      run: (r) => {
        const file = writeTemp(format, bytes);
        return format === 'npy' ? r.loadNpy(file) : r.loadLayers(file);
      },
    },
  ]);
}
