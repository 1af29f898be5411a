#!/usr/bin/env node
// Prints one closing line, "N passed, N failed", over the vitest run and the
// C++ unit tests, from the reports `npm test` leaves in build-cmake/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const reports = path.join(__dirname, '..', 'build-cmake');
let passed = 0;
let failed = 0;

const vitest = JSON.parse(fs.readFileSync(path.join(reports, 'vitest-report.json'), 'utf8'));
passed += vitest.numPassedTests;
// A test file that fails to load has no failed tests but fails the run.
failed += vitest.numFailedTests || (vitest.success ? 0 : 1);

// doctest's own counts, from its console summary, which ctest's JUnit report keeps.
const junit = fs.readFileSync(path.join(reports, 'ctest-report.xml'), 'utf8');
const cases = [...junit.matchAll(/\[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed/g)].at(
  -1,
);
if (cases) {
  passed += Number(cases[2]);
  failed += Number(cases[3]);
} else {
  failed += 1; // no doctest summary found: count it as a failure rather than hide it
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
