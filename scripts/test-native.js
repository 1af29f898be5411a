#!/usr/bin/env node
// The C++ unit tests (doctest, run by ctest) against the core library that
// node-gyp already compiled for the addon (build/Release/repsim_core_<isa>.a):
// only the test files are compiled here, with the same ISA flags. The variant
// tested is the one the loader picks on this machine.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const release = path.join(root, 'build', 'Release');
// The loader's own choice (npm test builds dist/ first).
const { NATIVE_VARIANTS } = require(path.join(root, 'dist', 'cjs', 'native', 'addon.js'));
const { pickVariant } = require(path.join(root, 'dist', 'cjs', 'native', 'load.js'));

function cpuProbe() {
  const module = { exports: {} };
  process.dlopen(module, path.join(release, 'repsim_cpu.node'));
  return module.exports;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const archive = (name) => path.join(release, `repsim_core_${name.replace(/-/g, '_')}.a`);
const present = NATIVE_VARIANTS.filter((name) => fs.existsSync(archive(name)));
if (present.length === 0) {
  process.stderr.write('repsim: no build/Release/repsim_core_*.a: run "npm run build:native" first\n');
  process.exit(1);
}
const chosen = pickVariant('auto', present, cpuProbe(), release);
console.log(`C++ tests against the ${chosen} core (${path.relative(root, archive(chosen))})`);
run('cmake', [
  '-S',
  '.',
  '-B',
  'build-cmake',
  '-DCMAKE_BUILD_TYPE=Release',
  `-DREPSIM_ISA=${chosen}`,
  `-DREPSIM_CORE_ARCHIVE=${archive(chosen)}`,
]);
run('cmake', ['--build', 'build-cmake', '-j', '2']);
run('ctest', ['--test-dir', 'build-cmake', '--output-on-failure', '--output-junit', 'ctest-report.xml']);
