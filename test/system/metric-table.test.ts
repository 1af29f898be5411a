// The README's metric table is the registry's: scripts/metric-table.js
// regenerates it and fails when the README differs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, requireBuilt } from '../support/built.js';

describe('README metric table', () => {
  it('equals the one generated from the registry', () => {
    requireBuilt();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'metric-table.js')], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
