// The C++ core's folders are layers (base < linalg < kernels < cka, cca,
// entropy < resampling), and scripts/check-native-layers.js (run by
// `npm run check`) fails on an include that points upward or sideways.
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../support/built.js';

interface LayerCheck {
  layerViolations(files: { file: string; text: string }[]): string[];
  coreFiles(root: string): { file: string; text: string }[];
}
const check = createRequire(path.join(ROOT, 'package.json'))(
  path.join(ROOT, 'scripts', 'check-native-layers.js'),
) as LayerCheck;

describe('native/core layers', () => {
  it('the core as it is has no include pointing upward or sideways', () => {
    const files = check.coreFiles(ROOT);
    expect(files.length).toBeGreaterThan(60);
    expect(check.layerViolations(files)).toEqual([]);
  });

  it('a deliberately wrong include fails the check', () => {
    const wrong = [
      { file: 'base/error.cpp', text: '#include "base/error.hpp"\n#include "cka/similarity.hpp"\n' },
      { file: 'cca/pwcca.cpp', text: '#include "entropy/knn_entropy.hpp"\n' },
      { file: 'linalg/symmetric.cpp', text: '#include "symmetric.hpp"\n' },
    ];
    const problems = check.layerViolations(wrong);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/native\/core\/base\/error\.cpp:2: base\/ may not include cka\//);
    expect(problems[1]).toMatch(/cca\/ may not include entropy\//);
    expect(problems[2]).toMatch(/as "<layer>\/<file>"/);
  });

  it('lower layers may be included from above', () => {
    const right = [
      { file: 'resampling/x.cpp', text: '#include "cka/similarity.hpp"\n#include "base/error.hpp"\n' },
    ];
    expect(check.layerViolations(right)).toEqual([]);
  });
});
