// Optional peer dependencies: `require('repsim')` never loads TensorFlow.js,
// ONNX Runtime or BullMQ, and importing `repsim/tfjs`, `repsim/onnx` or
// `repsim/distributed` without them
// is a clear MISSING_DEPENDENCY error. "Not installed" is simulated in a
// child process by a resolver hook that refuses those modules, as a project
// without them would.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { ROOT, requireBuilt } from '../support/built.js';

const HIDE_TFJS = `
  const Module = require('node:module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request.startsWith('@tensorflow/') || ['onnxruntime-node', 'onnx-proto', 'bullmq', 'ioredis'].includes(request)) {
      const error = new Error("Cannot find module '" + request + "'");
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    return resolve.call(this, request, ...rest);
  };
`;

function run(script: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-e', HIDE_TFJS + script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('optional peer dependencies', () => {
  requireBuilt();

  it('repsim loads and computes without the optional peers, and never loads them', () => {
    const r = run(`
      const repsim = require('repsim');
      const x = { data: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i)), shape: [10, 4] };
      const value = repsim.linearCKASync(x, x);
      const loaded = Object.keys(require.cache).filter((f) => /@tensorflow|onnxruntime|onnx-proto|bullmq|ioredis/.test(f));
      console.log(JSON.stringify({ value, loaded }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ value: expect.closeTo(1, 12), loaded: [] });
  });

  // Each entry without its peers: the same typed error from require and from import.
  const MISSING = [
    ['repsim/tfjs', [/npm install @tensorflow\/tfjs/]],
    ['repsim/onnx', [/npm install onnxruntime-node onnx-proto/, /ONNXRUNTIME_NODE_INSTALL=skip/]],
    ['repsim/distributed', [/npm install bullmq@6 ioredis@5/]],
  ] as const;
  for (const [entry, patterns] of MISSING) {
    it(`${entry} without its peers: MISSING_DEPENDENCY saying what to install (require and import)`, () => {
      const r = run(`
        (async () => {
          const out = [];
          try { require('${entry}'); } catch (e) { out.push([e.code, e.message]); }
          try { await import('${entry}'); } catch (e) { out.push([e.code, e.message]); }
          console.log(JSON.stringify(out));
        })();
      `);
      const out = JSON.parse(r.stdout) as [string, string][];
      expect(out).toHaveLength(2);
      for (const [code, message] of out) {
        expect(code).toBe('MISSING_DEPENDENCY');
        for (const pattern of patterns) expect(message).toMatch(pattern);
      }
    });
  }

  // Each entry with its peers installed: import and require give the same functions.
  const INSTALLED = [
    ['repsim/tfjs', 'recordLayers'],
    ['repsim/onnx', 'recordOnnx'],
    ['repsim/distributed', 'createWorker'],
  ] as const;
  for (const [entry, name] of INSTALLED) {
    it(`${entry} with its peers installed loads through import and require as one module`, () => {
      const script =
        `import { ${name} } from '${entry}'; import { createRequire } from 'node:module'; ` +
        `const cjs = createRequire(import.meta.url)('${entry}'); console.log(typeof ${name}, cjs.${name} === ${name});`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stdout.trim().split('\n').at(-1)).toBe('function true');
    });
  }
});
