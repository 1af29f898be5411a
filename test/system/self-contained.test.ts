// A clone works alone: no file the project runs (library, tests, scripts,
// benchmarks, examples, CI) refers to a path outside the repository, such as
// the planning folder that sits beside the developers' clone but not a user's.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../support/built.js';
import { outsideReferences } from '../support/outside-paths.js';

const SCANNED_FOLDERS = ['lib', 'test', 'scripts', 'bench', 'examples', '.ci', 'native'];
const SCANNED_TOP_FILES = [
  'package.json',
  'binding.gyp',
  'CMakeLists.txt',
  'vitest.config.mts',
  'tsconfig.json',
];
const TEXT = /\.(?:[cm]?[jt]s|py|sh|json|gyp|txt|cmake|cc|cpp|hpp|md)$/;

function textFiles(): string[] {
  const files = SCANNED_TOP_FILES.filter((f) => fs.existsSync(path.join(ROOT, f)));
  for (const folder of SCANNED_FOLDERS) {
    for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const relative = path.relative(ROOT, path.join(entry.parentPath, entry.name));
      // .ci/run and other extension-less scripts are text too.
      if (TEXT.test(entry.name) || !entry.name.includes('.')) files.push(relative);
    }
  }
  return files;
}

// Samples are assembled from pieces so that this file itself stays clean.
const UP = "'..'";
const samples = {
  tsHelper: `export const DIR = path.resolve(__dirname, ${[UP, UP, UP, "'shared'", "'reference'"].join(', ')});`,
  esmHelper: `const dir = path.join(import.meta.dirname, ${UP}, ${UP});`,
  python: `ref = os.path.join(${['"..', '"..', '"..', '"..'].map((s) => s + '"').join(', ')}, "data")`,
  literal: `const f = '${'../'.repeat(4)}golden.json';`,
  sharedName: `readFileSync('${'..'}/shared/reference/x.npy')`,
};

describe('the repository is self-contained', () => {
  it('the check catches each way of reaching outside', () => {
    expect(outsideReferences('test/support/golden.ts', samples.tsHelper).length).toBeGreaterThan(0);
    expect(outsideReferences('bench/x.mjs', samples.esmHelper)).toHaveLength(1);
    expect(outsideReferences('test/fixtures/functional/make.py', samples.python)).toHaveLength(1);
    expect(outsideReferences('test/a/b.ts', samples.literal)).toHaveLength(1);
    expect(outsideReferences('lib/x.ts', samples.sharedName).length).toBeGreaterThan(0);
  });

  it('the check accepts paths that stay inside', () => {
    expect(outsideReferences('test/support/golden.ts', `path.resolve(__dirname, ${UP}, ${UP})`)).toEqual([]);
    expect(
      outsideReferences('test/support/golden.ts', `import x from '${'../'.repeat(2)}lib/index.js';`),
    ).toEqual([]);
    expect(outsideReferences('test/fixtures/functional/make.py', 'os.path.join("..", "reference")')).toEqual(
      [],
    );
    expect(outsideReferences('lib/shared-options.ts', "import './shared.js'; // shared by all")).toEqual([]);
  });

  it('no file under lib, test, scripts, bench, examples, native or .ci refers to a path outside', () => {
    const files = textFiles();
    expect(files.length).toBeGreaterThan(100); // the walk really found the project
    const offending = files.flatMap((f) => outsideReferences(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offending).toEqual([]);
  });
});
