#!/usr/bin/env node
// `npm run prebuilds`: every native variant for this platform into prebuilds/
// (the probe as repsim.node, the builds as repsim_<isa>.so), for the tarball.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const prebuildify = path.join(path.dirname(require.resolve('prebuildify/package.json')), 'bin.js');
const result = spawnSync(process.execPath, [prebuildify, '--napi', '--strip'], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, REPSIM_BUILD_VARIANTS: 'all', JOBS: process.env.JOBS || 'max' },
});
process.exit(result.status ?? 1);
