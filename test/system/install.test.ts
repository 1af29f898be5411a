// `npm pack` the package as it would ship -- the built JS, the bundled Eigen
// headers and prebuilt binaries -- and install the tarball into an empty
// project on a PATH without any compiler: it must work from the prebuilt
// binaries alone. The binaries are the build this checkout already has
// (build/Release: the CPU probe and the variant(s) compiled here), laid out
// as prebuildify lays them out, so the test compiles nothing again.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { buildInfo, linearCKASync } from '../../lib/index.js';
import { NATIVE_VARIANTS, type NativeVariant } from '../../lib/native/addon.js';
import { cpuSupportOf, pickVariant, variantFile } from '../../lib/native/load.js';
import { ROOT, requireBuilt } from '../support/built.js';

const RELEASE = path.join(ROOT, 'build', 'Release');
const PLATFORM = `${process.platform}-${process.arch}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-install-'));
const staging = path.join(work, 'package');
const consumer = path.join(work, 'consumer');
const bin = path.join(work, 'bin'); // the only PATH entry: node and sh, nothing to compile with
let tarball = '';
let npmCli = '';
const shipped: NativeVariant[] = [];

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

/** Copies the files `npm pack` would take from the checkout, with prebuilds/ made from build/Release. */
function stagePackage(): void {
  const listed = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const [{ files }] = JSON.parse(listed.slice(listed.indexOf('['))) as [{ files: { path: string }[] }];
  for (const { path: file } of files) {
    if (file.startsWith('prebuilds/')) continue; // a developer's own prebuilds are not what is tested
    fs.mkdirSync(path.join(staging, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(staging, file));
  }
  const prebuilds = path.join(staging, 'prebuilds', PLATFORM);
  fs.mkdirSync(prebuilds, { recursive: true });
  // prebuildify names the one *.node file after the package.
  fs.copyFileSync(path.join(RELEASE, 'repsim_cpu.node'), path.join(prebuilds, 'repsim.node'));
  for (const variant of NATIVE_VARIANTS) {
    const file = path.join(RELEASE, variantFile(variant));
    if (!fs.existsSync(file)) continue;
    fs.copyFileSync(file, path.join(prebuilds, variantFile(variant)));
    shipped.push(variant);
  }
}

beforeAll(() => {
  // Other test files use build/ and dist/ meanwhile, so this one must not
  // rebuild anything: `npm test` runs "build:native" and "build:ts" first.
  if (!fs.existsSync(path.join(RELEASE, 'repsim_cpu.node'))) {
    throw new Error('build/Release is missing: run "npm run build:native" first (npm test does)');
  }
  requireBuilt();
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-eigen.js')], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  stagePackage();
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: staging,
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
      `package/prebuilds/${PLATFORM}/repsim.node`,
      'package/deps/eigen3/Eigen/Core',
      'package/dist/cjs/index.js',
      'package/dist/esm/index.mjs',
      'package/dist/cjs/index.d.ts',
      'package/binding.gyp',
      'package/native/sources.json',
      'package/scripts/native-variants.js',
      'package/scripts/install.js',
    ]) {
      expect(files).toContain(expected);
    }
    for (const variant of shipped)
      expect(files).toContain(`package/prebuilds/${PLATFORM}/${variantFile(variant)}`);
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
    // The installed package picks the fastest build it ships that this CPU runs.
    expect(info.isa).toBe(pickVariant('auto', shipped, cpuSupportOf(buildInfo())));

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
