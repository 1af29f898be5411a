// repsim/distributed's inputs from a hostile user or a hostile queue: every
// crafted file read through a layer reference (checksum right, contents
// wrong), crafted references, crafted job payloads (anyone who can write to
// the queue can add a job), and crafted shard files for `repsim merge`.
// BullMQ and Redis are not needed: these are the pieces that read input.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const dist = (file) => require(`../../dist/cjs/distributed/${file}`);

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const SHA = 'a'.repeat(64);
const REF = { uri: 'file:///tmp/x.npy', sha256: SHA };

/** Each crafted file through a reference with its true checksum: refused as the readers refuse it. */
function fileRefCases(fileCases, writeTemp) {
  return fileCases().map(({ label, format, bytes, expect }) => ({
    category: 'distributed inputs',
    label: `${label} (by reference)`,
    // Valid controls may hold ints or bools, which activations refuse: either is right.
    expect: expect === 'refuse' ? 'refuse' : 'either',
    run: () => {
      const file = writeTemp(format, bytes);
      return dist('references.js').loadLayerRef({ uri: pathToFileURL(file).href, sha256: sha(bytes) });
    },
  }));
}

const SOURCES = [
  ['a number', 42],
  ['null', null],
  ['an array', ['x.npy']],
  ['an object without uri', { path: 'x.npy' }],
  ['uri not a string', { uri: 7 }],
  ['a javascript: URI', 'javascript://alert(1)'],
  ['an http URI without a resolver', 'http://example.com/x.npy'],
  ['a file URI of nothing', 'file:///nonexistent/dir/x.npy'],
  ['a folder', os.tmpdir()],
  ['upper-case sha256', { uri: 'file:///tmp/x.npy', sha256: 'A'.repeat(64) }],
  ['short sha256', { uri: 'file:///tmp/x.npy', sha256: 'abc' }],
  ['sha256 a number', { uri: 'file:///tmp/x.npy', sha256: 1 }],
  ['layer a number', { uri: 'file:///tmp/x.npy', sha256: SHA, layer: 3 }],
  ['a 100 kB URI', `file:///${'x'.repeat(100_000)}.npy`],
  ['an npz member that is not there', `${path.join(os.tmpdir(), 'nothing-here.npz')}:fc1`],
];

function referenceCases() {
  return SOURCES.map(([label, source]) => ({
    category: 'distributed inputs',
    label: `layer reference: ${label}`,
    expect: 'refuse',
    run: () => dist('references.js').layerRef(source),
  }));
}

// A valid payload of each job kind, then the same with one field spoiled.
const VALID = {
  'repsim.block': { v: 1, metric: 'linear-cka', options: {}, a: [REF], b: [REF], row: 0, col: 0 },
  'repsim.layer-matrix': { v: 1, metric: 'linear-cka', rows: 1, cols: 1, blocks: 1, mirror: false },
  'repsim.shard': { v: 1, shard: 's', a: [REF], rows: [0, 8], batchSize: 8 },
  'repsim.sharded-cka': { v: 1, shards: ['s'] },
  'repsim.model-feature': { v: 1, model: 'm', layers: [REF], workDir: 'file:///tmp/w' },
  'repsim.model-features': { v: 1, models: ['m'] },
  'repsim.model-pair': { v: 1, metric: 'linear-cka', options: {}, i: 0, j: 1, a: [REF], b: [REF] },
  'repsim.model-matrix': { v: 1, pairs: 1 },
};
const SPOILERS = [
  ['no payload', () => undefined],
  ['payload a string', () => 'x'],
  ['payload an array', () => [1]],
  ['version 2', (p) => ({ ...p, v: 2 })],
  ["version '1'", (p) => ({ ...p, v: '1' })],
  ['every field null', (p) => Object.fromEntries(Object.keys(p).map((k) => [k, k === 'v' ? 1 : null]))],
  [
    'every field a huge number',
    (p) => Object.fromEntries(Object.keys(p).map((k) => [k, k === 'v' ? 1 : 1e308])),
  ],
  [
    'every field an object',
    (p) => Object.fromEntries(Object.keys(p).map((k) => [k, k === 'v' ? 1 : { __proto__: { x: 1 } }])),
  ],
  ['every field negative', (p) => Object.fromEntries(Object.keys(p).map((k) => [k, k === 'v' ? 1 : -1]))],
];

function payloadCases() {
  const { checkPayload } = dist('payload-checks.js');
  const cases = [];
  for (const [name, valid] of Object.entries(VALID)) {
    cases.push({
      category: 'distributed inputs',
      label: `payload ${name}: valid control`,
      expect: 'either',
      run: () => checkPayload(name, valid),
    });
    for (const [label, spoil] of SPOILERS) {
      cases.push({
        category: 'distributed inputs',
        label: `payload ${name}: ${label}`,
        expect: 'refuse',
        run: () => checkPayload(name, spoil(valid)),
      });
    }
  }
  for (const name of ['', 'repsim.', '__proto__', 'constructor', 'x'.repeat(10_000)]) {
    cases.push({
      category: 'distributed inputs',
      label: `job name '${name.slice(0, 20)}'`,
      expect: 'refuse',
      run: () => checkPayload(name, { v: 1 }),
    });
  }
  return cases;
}

// Shard files: one well-formed state, then crafted variants in a folder of their own.
const STATE = {
  format: 'repsim.StreamingCKA',
  version: 1,
  mode: 'within',
  featuresA: [2],
  batches: 1,
  examples: 8,
  cross: [1],
  selfA: [1],
};
const SHARD = {
  format: 'repsim.shard',
  version: 1,
  index: 0,
  of: 1,
  split: 'rows',
  rows: [0, 8],
  examples: 8,
  state: STATE,
};
const SHARD_FILES = [
  ['valid control', [JSON.stringify(SHARD)], 'either'],
  ['empty folder', []],
  ['an empty file', ['']],
  ['not JSON', ['{"format":']],
  ['JSON null', ['null']],
  ['of 0', [JSON.stringify({ ...SHARD, of: 0 })]],
  ['of 1e12', [JSON.stringify({ ...SHARD, of: 1e12 })]],
  ['of 999999, one file', [JSON.stringify({ ...SHARD, of: 999_999 })]],
  ['index past of', [JSON.stringify({ ...SHARD, index: 5 })]],
  ['index -1', [JSON.stringify({ ...SHARD, index: -1 })]],
  ['index 0.5', [JSON.stringify({ ...SHARD, index: 0.5 })]],
  ['split other', [JSON.stringify({ ...SHARD, split: 'cols' })]],
  ['state a string', [JSON.stringify({ ...SHARD, state: 'x' })]],
  ['state with NaN sums', [JSON.stringify({ ...SHARD, state: { ...STATE, cross: ['NaN'] } })]],
  ['state of the wrong size', [JSON.stringify({ ...SHARD, state: { ...STATE, cross: [1, 2, 3] } })]],
  ['state with -1 examples', [JSON.stringify({ ...SHARD, state: { ...STATE, examples: -1 } })]],
  ['two files, one index', [JSON.stringify({ ...SHARD, of: 2 }), JSON.stringify({ ...SHARD, of: 2 })]],
  [
    'two files, different of',
    [JSON.stringify({ ...SHARD, of: 2 }), JSON.stringify({ ...SHARD, index: 1, of: 3 })],
  ],
  ['a 5 MB string', [JSON.stringify({ ...SHARD, split: 'x'.repeat(5_000_000) })]],
];

function shardFileCases() {
  return SHARD_FILES.map(([label, texts, expect = 'refuse']) => ({
    category: 'distributed inputs',
    label: `repsim merge: ${label}`,
    expect,
    run: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-probe-shards-'));
      texts.forEach((text, i) =>
        fs.writeFileSync(path.join(dir, `shard-${i}${i > 0 ? `-copy${i}` : ''}.json`), text),
      );
      return dist('shard-files.js')
        .mergeShardDir(dir)
        .then(({ merged }) => merged.value());
    },
  }));
}

/** Every distributed probe case. */
export function distributedCases(fileCases, writeTemp) {
  return [...fileRefCases(fileCases, writeTemp), ...referenceCases(), ...payloadCases(), ...shardFileCases()];
}
