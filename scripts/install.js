#!/usr/bin/env node
// npm's install step. node-gyp-build loads a matching prebuild, or else
// compiles from source with node-gyp, which by default runs one compiler at a
// time: on a 2-core machine that made a clone's `npm ci` take twice as long.
// JOBS=max lets it use every core (a JOBS the user set wins).
'use strict';
process.env.JOBS = process.env.JOBS || 'max';
require('node-gyp-build/bin.js');
