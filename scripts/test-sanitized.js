#!/usr/bin/env node
// The C++ unit tests and a sample of the JS tests under AddressSanitizer +
// UndefinedBehaviorSanitizer: the core and the addon compiled again with
// instrumentation (at -O1, which keeps the stack traces readable and the build
// short) into build-asan/; ctest; then the JS sample (the hostile-input,
// fault, fuzz and metric tests) in a Node that preloads the sanitizer
// runtimes and loads build-asan/repsim.node (REPSIM_ADDON_FILE). Any
// out-of-bounds read, use after free, signed overflow or misaligned access
// fails the run (-fno-sanitize-recover). CI runs it after the test command.
'use strict';
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('cmake', [
  '-S',
  '.',
  '-B',
  'build-asan',
  '-DCMAKE_BUILD_TYPE=RelWithDebInfo',
  '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g',
  '-DREPSIM_SANITIZE=ON',
  '-DREPSIM_ISA=baseline',
  '-DREPSIM_BUILD_ADDON=ON',
]);
run('cmake', ['--build', 'build-asan', '-j', String(Math.max(1, os.availableParallelism()))]);
run('ctest', ['--test-dir', 'build-asan', '--output-on-failure'], {
  ...process.env,
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
});

// Timing-based tests (cancellation latency, event-loop liveness) are left out:
// instrumented code runs several times slower.
const JS_SAMPLE = [
  'test/base',
  'test/io/crafted-files.test.ts',
  'test/metrics',
  'test/native/fuzz.test.ts',
  'test/native/extreme-scales.test.ts',
  'test/system/faults.test.ts',
];
const runtime = (name) => spawnSync('c++', [`-print-file-name=${name}`], { encoding: 'utf8' }).stdout.trim();
run('npx', ['vitest', 'run', ...JS_SAMPLE], {
  ...process.env,
  LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so')].join(':'),
  // Node itself is not instrumented and keeps memory until exit by design.
  ASAN_OPTIONS: 'detect_leaks=0',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  REPSIM_ADDON_FILE: path.join(root, 'build-asan', 'repsim.node'),
});
