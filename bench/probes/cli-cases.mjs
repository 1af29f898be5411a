// Command lines a hostile (or hurried) user types: every one must end with
// exit 0, 1 (a failed computation) or 2 (a bad command line) and, when it
// fails, one line on stderr without a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import seeded from '../../scripts/seeded-gaussian.js';
import { fileCases } from './file-cases.mjs';

const require = createRequire(import.meta.url);
const { serializeNpy } = require('../../dist/cjs/index.js');

function layer(rows, cols, seed, fill) {
  const next = seeded.gaussian(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => fill ?? next()), shape: [rows, cols] };
}

function model(cwd, name, layers) {
  const dir = path.join(cwd, name);
  fs.mkdirSync(dir, { recursive: true });
  layers.forEach((l, i) => fs.writeFileSync(path.join(dir, `l${i}.npy`), serializeNpy(l)));
  return dir;
}

const healthy = (cwd, name = 'a', seed = 1) =>
  model(cwd, name, [layer(80, 6, seed), layer(80, 4, seed + 10), layer(80, 3, seed + 20)]);

/** [label, args, setup?(cwd, args) → argv] */
export function cliCases() {
  const withModels =
    (extra = []) =>
    (cwd) => [
      'compare',
      healthy(cwd, 'a', 1),
      healthy(cwd, 'b', 2),
      '--out',
      path.join(cwd, 'out'),
      ...extra,
    ];
  const list = [
    ['no arguments', []],
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['info', ['info']],
    ['unknown command', ['frobnicate']],
    ['compare without models', ['compare']],
    ['compare three models', ['compare', 'a', 'b', 'c']],
    ['compare a missing model', ['compare', 'missing-dir']],
    [
      'compare a text file',
      [],
      (cwd) => (fs.writeFileSync(path.join(cwd, 't.txt'), 'hello'), ['compare', path.join(cwd, 't.txt')]),
    ],
    [
      'compare an empty folder',
      [],
      (cwd) => (fs.mkdirSync(path.join(cwd, 'e')), ['compare', path.join(cwd, 'e')]),
    ],
    ['compare two healthy models', [], withModels()],
    ['compare one model with itself', [], (cwd) => ['compare', healthy(cwd), '--out', path.join(cwd, 'o')]],
    ['--json', [], withModels(['--json'])],
    ['--metrics empty', [], withModels(['--metrics', ''])],
    ['--metrics commas', [], withModels(['--metrics', ',,,'])],
    ['--metrics unknown', [], withModels(['--metrics', 'cka,bogus'])],
    [
      '--metrics all',
      [],
      withModels([
        '--metrics',
        'linear-cka,debiased-cka,kernel-cka,cca,svcca,pwcca,procrustes,entropy-similarity',
      ]),
    ],
    ...['-1', '1e9', 'abc', '1.5', ''].map((v) => [
      `--permutations ${v}`,
      [],
      withModels(['--permutations', v]),
    ]),
    ...['0', '1e6', 'abc', '-3'].map((v) => [`--threads ${v}`, [], withModels(['--threads', v])]),
    ...['-1', '1e300', 'NaN'].map((v) => [`--seed ${v}`, [], withModels(['--seed', v])]),
    ['--conv pixels', [], withModels(['--conv', 'pixels'])],
    ['--layout sideways', [], withModels(['--layout', 'sideways'])],
    ['--conv channels with --permutations', [], withModels(['--conv', 'channels', '--permutations', '5'])],
    ['--outputs with three files', [], withModels(['--outputs', 'a.npy,b.npy,c.npy'])],
    ['--outputs missing', [], withModels(['--outputs', 'nope.npy'])],
    ['--labels missing', [], withModels(['--labels', 'nope.npy'])],
    [
      '--labels of the wrong length',
      [],
      (cwd) => {
        fs.writeFileSync(
          path.join(cwd, 'labels.npy'),
          serializeNpy({ data: new Float64Array(7), shape: [7] }),
        );
        return withModels(['--labels', path.join(cwd, 'labels.npy')])(cwd);
      },
    ],
    [
      '--labels a matrix',
      [],
      (cwd) => {
        fs.writeFileSync(path.join(cwd, 'labels.npy'), serializeNpy(layer(80, 3, 5)));
        return withModels(['--labels', path.join(cwd, 'labels.npy')])(cwd);
      },
    ],
    [
      '--out onto a file',
      [],
      (cwd) => (
        fs.writeFileSync(path.join(cwd, 'f'), 'x'),
        ['compare', healthy(cwd), '--out', path.join(cwd, 'f')]
      ),
    ],
    ['--out under /proc', [], (cwd) => ['compare', healthy(cwd), '--out', '/proc/repsim-out']],
    [
      '--out a foreign folder',
      [],
      (cwd) => (
        fs.mkdirSync(path.join(cwd, 'mine')),
        fs.writeFileSync(path.join(cwd, 'mine', 'thesis.tex'), 'x'),
        ['compare', healthy(cwd), '--out', path.join(cwd, 'mine')]
      ),
    ],
    ['unknown flag', [], withModels(['--bogus'])],
    [
      'models with different examples',
      [],
      (cwd) => [
        'compare',
        healthy(cwd),
        model(cwd, 'short', [layer(50, 3, 3)]),
        '--out',
        path.join(cwd, 'o'),
      ],
    ],
    [
      'a layer with NaN',
      [],
      (cwd) => [
        'compare',
        model(cwd, 'nan', [layer(80, 3, 1, Number.NaN), layer(80, 3, 2)]),
        '--out',
        path.join(cwd, 'o'),
      ],
    ],
    [
      'a constant layer',
      [],
      (cwd) => [
        'compare',
        model(cwd, 'const', [layer(80, 3, 1, 2), layer(80, 3, 2)]),
        '--out',
        path.join(cwd, 'o'),
      ],
    ],
    [
      'layers wider than the examples',
      [],
      (cwd) => [
        'compare',
        model(cwd, 'wide', [layer(20, 30, 1), layer(20, 25, 2)]),
        '--metrics',
        'cca,linear-cka',
        '--out',
        path.join(cwd, 'o'),
      ],
    ],
    [
      'a 1-example model',
      [],
      (cwd) => ['compare', model(cwd, 'one', [layer(1, 3, 1), layer(1, 2, 2)]), '--out', path.join(cwd, 'o')],
    ],
    [
      'values of 1e300',
      [],
      (cwd) => [
        'compare',
        model(cwd, 'big', [
          { data: layer(80, 3, 1).data.map((v) => v * 1e300), shape: [80, 3] },
          layer(80, 3, 2),
        ]),
        '--out',
        path.join(cwd, 'o'),
      ],
    ],
    ['cka without files', ['cka']],
    ['cka missing files', ['cka', 'x.npy', 'y.npy']],
    [
      'cka npz entry missing',
      [],
      (cwd) => {
        const d = healthy(cwd);
        return ['cka', path.join(d, 'l0.npy'), `${path.join(d, 'l1.npy')}:nope`];
      },
    ],
    [
      'cka two healthy layers',
      [],
      (cwd) => {
        const d = healthy(cwd);
        return ['cka', path.join(d, 'l0.npy'), path.join(d, 'l1.npy')];
      },
    ],
    ['demo --size bogus', ['demo', '--size', 'bogus']],
    ['demo --size 0', ['demo', '--size', '0']],
    [
      'demo --out onto a file',
      [],
      (cwd) => (
        fs.writeFileSync(path.join(cwd, 'f'), 'x'),
        ['demo', '--size', 'small', '--out', path.join(cwd, 'f')]
      ),
    ],
  ];
  // Every crafted model file as a model.
  for (const { label, format, bytes, expect } of fileCases()) {
    if (format === 'npy' || expect !== 'refuse') continue;
    list.push([
      `compare a crafted ${label}`,
      [],
      (cwd) => {
        const file = path.join(cwd, `m.${format}`);
        fs.writeFileSync(file, bytes);
        return ['compare', file, '--out', path.join(cwd, 'o')];
      },
    ]);
  }
  return list.map(([label, args, setup]) => ({ label, args, setup }));
}
