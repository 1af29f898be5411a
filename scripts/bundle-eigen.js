#!/usr/bin/env node
// Copies the system's Eigen 3.4 headers (and their licence) into deps/eigen3
// at pack time, so that an install from the npm tarball on a platform without
// a prebuilt binary can still compile. deps/ is git-ignored: Eigen is never
// committed. Called by the "prepack" script.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const target = path.join(root, 'deps', 'eigen3');
// Never bundle the copy we are about to replace.
const source = execFileSync(process.execPath, [path.join(__dirname, 'find-eigen.js')], {
  env: { ...process.env, REPSIM_IGNORE_BUNDLED_EIGEN: '1' },
  encoding: 'utf8',
}).trim();

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
fs.cpSync(path.join(source, 'Eigen'), path.join(target, 'Eigen'), { recursive: true });
const licences = ['/usr/share/doc/libeigen3-dev/copyright', path.join(source, 'COPYING.MPL2')];
const licence = licences.find((file) => fs.existsSync(file));
if (licence) fs.copyFileSync(licence, path.join(target, 'LICENSE-eigen.txt'));
console.log(`bundled Eigen from ${source} into deps/eigen3`);
