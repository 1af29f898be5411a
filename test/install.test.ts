// `npm pack` the package (with prebuilt binaries and the bundled Eigen
// headers) and install the tarball into an empty project on a PATH without
// any compiler: it must work from the prebuilt binaries alone.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { buildInfo, linearCKASync } from '../lib/index.js';
import { ROOT, requireBuilt } from './support/built.js';

const PREBUILDS = path.join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-install-'));
const consumer = path.join(work, 'consumer');
const bin = path.join(work, 'bin'); // the only PATH entry: node and sh, nothing to compile with
let tarball = '';
let npmCli = '';

function newestMtime(dir: string): number {
  return Math.max(
    ...fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs),
  );
}

function prebuildsAreFresh(): boolean {
  if (!fs.existsSync(path.join(PREBUILDS, 'repsim.node'))) return false;
  return fs.statSync(path.join(PREBUILDS, 'repsim.node')).mtimeMs > newestMtime(path.join(ROOT, 'native'));
}

/** Runs a command with PATH restricted to `bin`. */
function restricted(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      HOME: process.env.HOME ?? work,
      PATH: bin,
      npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    },
    timeout: 300_000,
  });
}

beforeAll(() => {
  // Other test files run the build in build/ and dist/ meanwhile, so this one
  // must not rebuild anything: `npm test` runs "prebuild" and "build:ts" first.
  if (!prebuildsAreFresh()) {
    throw new Error(
      'prebuilds/ is missing or older than native/: run "npm run prebuild" first (npm test does)',
    );
  }
  requireBuilt();
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-eigen.js')], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  tarball = path.join(
    work,
    (JSON.parse(packed.slice(packed.indexOf('['))) as [{ filename: string }])[0].filename,
  );

  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh')); // npm runs install scripts through sh
  npmCli = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
}, 600_000);

describe('installing the npm tarball', () => {
  it('ships prebuilt binaries, the bundled Eigen headers and the built JS, not tests or build output', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const expected of [
      `package/prebuilds/${process.platform}-${process.arch}/repsim.node`,
      'package/deps/eigen3/Eigen/Core',
      'package/dist/cjs/index.js',
      'package/dist/esm/index.mjs',
      'package/dist/cjs/index.d.ts',
      'package/binding.gyp',
      'package/native/sources.json',
    ]) {
      expect(files).toContain(expected);
    }
    if (process.arch === 'x64')
      expect(files).toContain(`package/prebuilds/${process.platform}-x64/repsim_x86_64_v3.so`);
    expect(files.filter((f) => /^package\/(build|test|bench|native\/tests)\//.test(f))).toEqual([]);
  });

  it('installs with no compiler on PATH and computes a CKA (require, import and the CLI)', () => {
    for (const tool of ['cc', 'c++', 'g++', 'gcc', 'make', 'cmake', 'python3']) {
      expect(
        restricted('/bin/sh', ['-c', `command -v ${tool}`], consumer).status,
        `${tool} must not be on PATH`,
      ).not.toBe(0);
    }
    for (const tool of ['node', 'sh']) {
      expect(
        restricted('/bin/sh', ['-c', `command -v ${tool}`], consumer).status,
        `${tool} must be on PATH`,
      ).toBe(0);
    }
    const install = restricted(
      process.execPath,
      [npmCli, 'install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      consumer,
    );
    expect(install.status, install.stderr).toBe(0);
    expect(fs.existsSync(path.join(consumer, 'node_modules', 'repsim', 'build'))).toBe(false); // nothing was compiled

    const x = [
      [1, 2],
      [3, 5],
      [4, 4],
      [0, 1],
    ];
    const y = [[2], [1], [7], [3]];
    const expected = linearCKASync(x, y);
    const cjs = restricted(
      'node',
      [
        '-e',
        `const r = require('repsim'); console.log(JSON.stringify([r.linearCKASync(${JSON.stringify(x)}, ${JSON.stringify(y)}), r.buildInfo()]))`,
      ],
      consumer,
    );
    expect(cjs.status, cjs.stderr).toBe(0);
    const [value, info] = JSON.parse(cjs.stdout) as [number, { isa: string }];
    expect(value).toBeCloseTo(expected, 14);
    // The prebuilt AVX2/FMA variant is picked up beside the portable binary.
    expect(info.isa).toBe(buildInfo().cpuSupportsX86_64_v3 ? 'x86-64-v3' : 'baseline');

    const esm = restricted(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { linearCKA, RepsimError } from 'repsim'; const v = await linearCKA(${JSON.stringify(x)}, ${JSON.stringify(y)}); try { await linearCKA([[1]], [[2]]); } catch (e) { console.log(v, e instanceof RepsimError, e.code); }`,
      ],
      consumer,
    );
    expect(esm.status, esm.stderr).toBe(0);
    expect(esm.stdout.trim()).toBe(`${expected} true TOO_FEW_SAMPLES`);

    const cli = restricted(path.join(consumer, 'node_modules', '.bin', 'repsim'), ['--version'], consumer);
    expect(cli.status, cli.stderr).toBe(0);
  });
});
