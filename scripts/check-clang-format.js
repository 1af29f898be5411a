#!/usr/bin/env node
// Checks (or with --fix, applies) clang-format on every C++ file under native/.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'native');
const files = fs
  .readdirSync(root, { recursive: true })
  .filter((f) => /\.(cpp|cc|hpp|h|cu|cuh)$/.test(f))
  .map((f) => path.join(root, f));
const fix = process.argv.includes('--fix');
const args = fix ? ['-i', ...files] : ['--dry-run', '-Werror', ...files];
const result = spawnSync(process.env.CLANG_FORMAT || 'clang-format', args, { stdio: 'inherit' });
if (result.error) {
  console.error(
    `clang-format not found (${result.error.message}); install it: apt-get install -y clang-format`,
  );
  process.exit(1);
}
if (result.status !== 0) {
  console.error('C++ formatting differs from .clang-format; run "npm run format"');
}
process.exit(result.status ?? 1);
