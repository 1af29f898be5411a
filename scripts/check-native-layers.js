#!/usr/bin/env node
// The C++ core's folders are layers (native/core/<layer>/): a file may include
// headers of its own folder and of lower layers only. The three metric
// families share a level and do not include each other. Run by `npm run check`;
// test/native-layers.test.ts shows it failing on a wrong include.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const LEVEL = { base: 0, linalg: 1, kernels: 2, cka: 3, cca: 3, entropy: 3, measures: 4, resampling: 5 };
const INCLUDE = /^\s*#\s*include\s+"([^"]+)"/gm;

/**
 * The include lines of `files` ({file, text}, file relative to native/core,
 * e.g. "cca/pwcca.cpp") that point upward or sideways, or name no layer.
 */
function layerViolations(files) {
  const found = [];
  for (const { file, text } of files) {
    const from = file.split('/')[0];
    for (const match of text.matchAll(INCLUDE)) {
      const target = match[1];
      const to = target.split('/')[0];
      const line = text.slice(0, match.index).split('\n').length;
      const where = `native/core/${file}:${line}`;
      if (!(from in LEVEL)) found.push(`${where}: ${from}/ is not a layer of the core`);
      else if (!target.includes('/') || !(to in LEVEL)) {
        found.push(
          `${where}: include "${target}" as "<layer>/<file>" (layers: ${Object.keys(LEVEL).join(', ')})`,
        );
      } else if (to !== from && LEVEL[to] >= LEVEL[from]) {
        found.push(
          `${where}: ${from}/ may not include ${to}/ ("${target}"): only its own folder and lower layers`,
        );
      }
    }
  }
  return found;
}

function coreFiles(root) {
  const core = path.join(root, 'native', 'core');
  return fs
    .readdirSync(core, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(cpp|hpp)$/.test(e.name))
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return {
        file: path.relative(core, full).split(path.sep).join('/'),
        text: fs.readFileSync(full, 'utf8'),
      };
    });
}

module.exports = { layerViolations, coreFiles, LEVEL };

if (require.main === module) {
  const problems = layerViolations(coreFiles(path.join(__dirname, '..')));
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exitCode = problems.length ? 1 : 0;
}
