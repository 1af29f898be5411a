#!/usr/bin/env node
// Which native builds binding.gyp compiles, and with which flags (from
// native/sources.json, the list CMakeLists.txt reads too):
//   node scripts/native-variants.js has NAME     1 if NAME is built, else 0
//   node scripts/native-variants.js flags NAME   NAME's compiler flags
//   node scripts/native-variants.js list         the names built, one per line
//   node scripts/native-variants.js prune        delete builds of other variants
//                                                from build/Release (left by an
//                                                earlier REPSIM_BUILD_VARIANTS)
// REPSIM_BUILD_VARIANTS chooses: "auto" (default) builds only the variant this
// machine will load -- a source install compiles the core once; "all" builds
// every variant for this platform (what `npm run prebuilds` ships); a comma list
// (e.g. "baseline,x86-64-v3") builds those.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { isa } = require(path.join(__dirname, '..', 'native', 'sources.json'));
const NAMES = Object.keys(isa).filter((name) => !name.startsWith('/')); // fastest first

// The SIMD variants need GCC/Clang flags on x86-64; elsewhere only the baseline.
const simdPlatform = process.arch === 'x64' && process.platform !== 'win32';
const platformNames = simdPlatform ? NAMES : ['baseline'];

// A variant suits this machine when \`-march=native\` turns on every macro its
// flags turn on (-mavx2 -> __AVX2__, -mavx512f -> __AVX512F__, ...). The
// compiler's host detection also checks that the OS saves the AVX/AVX-512 state.
const macrosOf = (name) => isa[name].map((flag) => `__${flag.replace(/^-m/, '').toUpperCase()}__`);

function hostMacros() {
  const [command, ...args] = (process.env.CXX || 'c++').split(/\s+/).filter(Boolean);
  const result = spawnSync(command, [...args, '-march=native', '-dM', '-E', '-x', 'c++', '-'], {
    input: '',
    encoding: 'utf8',
  });
  return result.status === 0
    ? new Set(result.stdout.split('\n').map((line) => line.split(' ')[1]))
    : new Set();
}

function selected() {
  const request = (process.env.REPSIM_BUILD_VARIANTS || 'auto').trim();
  if (request === 'all') return platformNames;
  if (request === 'auto') {
    if (!simdPlatform) return ['baseline'];
    const macros = hostMacros();
    return [platformNames.find((name) => macrosOf(name).every((m) => macros.has(m))) || 'baseline'];
  }
  const names = request.split(',').map((s) => s.trim());
  const unknown = names.filter((name) => !platformNames.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(
      `repsim: REPSIM_BUILD_VARIANTS names ${unknown.join(', ')}; use auto, all or some of ${platformNames.join(', ')}\n`,
    );
    process.exit(1);
  }
  return names;
}

const [command, name] = process.argv.slice(2);
if (command === 'has') process.stdout.write(selected().includes(name) ? '1' : '0');
else if (command === 'flags') process.stdout.write(isa[name].join(' '));
else if (command === 'list') process.stdout.write(selected().join('\n') + '\n');
else if (command === 'prune') {
  const release = path.join(__dirname, '..', 'build', 'Release');
  const keep = selected();
  for (const stale of NAMES.filter((n) => !keep.includes(n))) {
    const stem = stale.replace(/-/g, '_');
    for (const file of [`repsim_${stem}.so`, `repsim_core_${stem}.a`]) {
      fs.rmSync(path.join(release, file), { force: true });
    }
  }
} else {
  process.stderr.write('usage: node scripts/native-variants.js has NAME | flags NAME | list | prune\n');
  process.exit(2);
}
