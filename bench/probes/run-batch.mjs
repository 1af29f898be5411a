// Runs probe cases `from` .. `to` (exclusive) of the list cases.mjs builds
// and prints one JSON line per case as it finishes: {i, outcome, detail}.
// Run by bench/hostile-probe.mjs in a child process, so that a crash or a
// hang is seen from outside and pinned on the case that was running.
import { createRequire } from 'node:module';

import { allCases, classify } from './classify.mjs';

const require = createRequire(import.meta.url);
const repsim = require('../../dist/cjs/index.js');

const [from, to] = process.argv.slice(2).map(Number);
const cases = allCases();
for (let i = from; i < to; i++) {
  const c = cases[i];
  process.stdout.write(`${JSON.stringify({ i, started: true })}\n`);
  const result = await classify(c, repsim);
  process.stdout.write(`${JSON.stringify({ i, ...result })}\n`);
}
