// The seeded generators (mulberry32 + Box–Muller) for the examples and the
// benchmarks: the package's own (lib/base/random.ts), so the demo, the examples
// and the benchmarks draw the same numbers. Needs the built package.
'use strict';

module.exports = require('../dist/cjs/base/random.js');
