// require('repsim') stays light: the PNG renderer of the report writers
// (@resvg/resvg-js, a native binary) is loaded on first use, not on import.
import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, it } from 'vitest';

import { CJS_ENTRY, requireBuilt } from '../support/built.js';

beforeAll(requireBuilt);

describe('the entry point', () => {
  it('does not load @resvg/resvg-js until a PNG is rendered', () => {
    const script = `
      const loaded = () => Object.keys(require.cache).filter((k) => k.includes('resvg')).length;
      const repsim = require(${JSON.stringify(CJS_ENTRY)});
      const before = loaded();
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>';
      require(${JSON.stringify(CJS_ENTRY.replace(/index\.js$/, 'report/png.js'))})
        .svgToPng(svg)
        .then((png) => console.log(JSON.stringify({ before, after: loaded(), bytes: png.length, api: typeof repsim.linearCKASync })));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { before: number; after: number; bytes: number; api: string };
    expect(result.api).toBe('function');
    expect(result.before).toBe(0);
    expect(result.after).toBeGreaterThan(0); // the check can see resvg when it is loaded
    expect(result.bytes).toBeGreaterThan(50);
  });
});
