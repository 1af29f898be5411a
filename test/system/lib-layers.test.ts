// The folders of lib/ are layers (base < native < metrics < stats; io on base):
// eslint's no-restricted-imports, configured per folder in eslint.layers.mjs
// and run by `npm run check`, fails on an import that points upward.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { ROOT } from '../support/built.js';

async function lint(file: string, code: string): Promise<string[]> {
  const url = pathToFileURL(path.join(ROOT, 'eslint.layers.mjs')).href;
  const { layerRules } = (await import(url)) as { layerRules: Linter.Config[] };
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { sourceType: 'module' } },
    ...layerRules,
  ];
  return linter.verify(code, config, path.join(ROOT, file)).map((m) => m.message);
}

describe('lib/ layers', () => {
  it('a deliberately upward import fails the check', async () => {
    const fromBase = await lint(
      'lib/base/wrong.ts',
      "import { native } from '../native/load.js';\nexport const x = native;\n",
    );
    expect(fromBase).toHaveLength(1);
    expect(fromBase[0]).toMatch(/lib\/base\/ may import only from itself and lower layers/);
    const fromMetrics = await lint(
      'lib/metrics/cka/wrong.ts',
      `import { bootstrap } from '${'../'.repeat(2)}stats/resampling.js';\nexport const y = bootstrap;\n`,
    );
    expect(fromMetrics[0]).toMatch(/lib\/metrics\/ may import only/);
    const fromIo = await lint(
      'lib/io/wrong.ts',
      "import { native } from '../native/load.js';\nexport const z = native;\n",
    );
    expect(fromIo).toHaveLength(1);
  });

  it('imports downward or within a layer pass', async () => {
    expect(
      await lint(
        'lib/stats/ok.ts',
        "import { toMatrix } from '../base/matrix.js';\nimport { native } from '../native/load.js';\nimport { jsd } from '../metrics/functional.js';\nexport const ok = [toMatrix, native, jsd];\n",
      ),
    ).toEqual([]);
  });
});
