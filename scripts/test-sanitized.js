#!/usr/bin/env node
// The C++ unit tests under AddressSanitizer + UndefinedBehaviorSanitizer: the
// core compiled again with instrumentation (at -O1, which keeps the stack
// traces readable and the build short) into build-asan/, then ctest. Any
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
]);
run('cmake', ['--build', 'build-asan', '-j', String(Math.max(1, os.availableParallelism()))]);
run('ctest', ['--test-dir', 'build-asan', '--output-on-failure'], {
  ...process.env,
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
});
