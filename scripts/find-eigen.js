#!/usr/bin/env node
// Prints the Eigen 3.4 include directory for binding.gyp, or fails with one
// line saying how to get it. Order: $EIGEN3_INCLUDE_DIR, the copy bundled into
// the npm tarball at pack time (deps/eigen3), then the usual system paths.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const candidates = [
  process.env.EIGEN3_INCLUDE_DIR,
  process.env.REPSIM_IGNORE_BUNDLED_EIGEN ? undefined : path.join(__dirname, '..', 'deps', 'eigen3'),
  '/usr/include/eigen3',
  '/usr/local/include/eigen3',
  '/opt/homebrew/include/eigen3',
].filter(Boolean);

function eigenVersion(dir) {
  const macros = path.join(dir, 'Eigen', 'src', 'Core', 'util', 'Macros.h');
  if (!fs.existsSync(macros)) return null;
  const text = fs.readFileSync(macros, 'utf8');
  const part = (name) => (text.match(new RegExp(`#define ${name} (\\d+)`)) || [])[1];
  return `${part('EIGEN_WORLD_VERSION')}.${part('EIGEN_MAJOR_VERSION')}`;
}

const requested = process.env.EIGEN3_INCLUDE_DIR;
if (requested) {
  // An explicit choice is honoured or refused, never silently replaced.
  const version = eigenVersion(requested);
  if (version !== '3.4') {
    process.stderr.write(
      `repsim: EIGEN3_INCLUDE_DIR=${requested} ${version ? `holds Eigen ${version}, but 3.4 is required` : 'has no Eigen/Core'}\n`,
    );
    process.exit(1);
  }
}
for (const dir of candidates) {
  if (eigenVersion(dir) === '3.4') {
    process.stdout.write(path.resolve(dir));
    process.exit(0);
  }
}
process.stderr.write(
  'repsim: Eigen 3.4 not found: install it (apt-get install -y libeigen3-dev) or set EIGEN3_INCLUDE_DIR\n',
);
process.exit(1);
