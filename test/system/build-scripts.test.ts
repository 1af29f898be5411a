// The build helpers: Eigen is found, or the build fails with one actionable line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../support/built.js';

const findEigen = path.join(ROOT, 'scripts', 'find-eigen.js');
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [findEigen], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('scripts/find-eigen.js', () => {
  it('prints an include folder holding Eigen 3.4', () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(result.stdout, 'Eigen', 'Core'))).toBe(true);
  });

  it('refuses an EIGEN3_INCLUDE_DIR without Eigen, in one line saying how to fix it', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-eigen-'));
    const result = run({ EIGEN3_INCLUDE_DIR: empty });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `repsim: EIGEN3_INCLUDE_DIR=${empty} has no Eigen/Core`,
    ]);
  });

  it('names the package to install when no Eigen is found anywhere', () => {
    const script = fs.readFileSync(findEigen, 'utf8');
    // The candidate list is fixed, so simulate "nothing found" by running the script with every path absent.
    const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'find-eigen-'));
    const copy = path.join(sandbox, 'find-eigen.js');
    fs.writeFileSync(copy, script.replace(/'\/(usr|opt)[^']*eigen3'/g, "'/nonexistent'"));
    const result = spawnSync(process.execPath, [copy], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'repsim: Eigen 3.4 not found: install it (apt-get install -y libeigen3-dev) or set EIGEN3_INCLUDE_DIR\n',
    );
  });
});
