// Broker-free sharding as a Kubernetes Indexed Job or a Slurm array runs it:
// 8 `repsim shard` processes at once write their files, `repsim merge`
// folds them into what one process gives; a missing, duplicated, foreign or
// crafted shard is refused with a message naming it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { batchRanges } from '../../lib/distributed/shard-cka.js';
import { saveNpy } from '../../lib/io/files.js';
import { StreamingCKA } from '../../lib/metrics/cka/streaming-cka.js';
import { CLI, requireBuilt } from '../support/built.js';
import { randomMatrix, type Dense } from '../support/random.js';

const SHARDS = 8;
const N = 1000;
const BATCH = 40;

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('broker-free shards: repsim shard and repsim merge', () => {
  let dir: string;
  let model: string;
  let layers: Map<string, Dense>;

  beforeAll(async () => {
    requireBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-shards-'));
    model = path.join(dir, 'model');
    fs.mkdirSync(model);
    layers = new Map([
      ['layer1', randomMatrix(N, 12, 1)],
      ['layer2', randomMatrix(N, 20, 2)],
      ['layer10', randomMatrix(N, 6, 3)],
    ]);
    for (const [name, layer] of layers) await saveNpy(path.join(model, `${name}.npy`), layer);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** One process's minibatch CKA over the same batches the shards use. */
  async function onePass(shards: number): Promise<StreamingCKA> {
    const single = new StreamingCKA();
    for (let i = 0; i < shards; i++) {
      const start = Math.floor((i * N) / shards);
      const end = Math.floor(((i + 1) * N) / shards);
      for (const [from, to] of batchRanges(end - start, BATCH)) {
        const batch = Object.fromEntries(
          [...layers].map(([name, l]) => [
            name,
            {
              data: l.data.subarray((start + from) * l.shape[1], (start + to) * l.shape[1]),
              shape: [to - from, l.shape[1]],
            },
          ]),
        );
        await single.updateAsync(batch);
      }
    }
    return single;
  }

  it('8 shards written by 8 processes at once, merged, equal one pass', async () => {
    const out = path.join(dir, 'run');
    // The index comes from the environment, as Kubernetes sets it.
    const exits = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) => {
        const child = spawn(
          process.execPath,
          [CLI, 'shard', '--of', String(SHARDS), '--out', out, '--batch-size', String(BATCH), model],
          {
            env: { ...process.env, JOB_COMPLETION_INDEX: String(i) },
            stdio: 'ignore',
          },
        );
        return new Promise<number | null>((resolve) => child.once('exit', resolve));
      }),
    );
    expect(exits).toEqual(Array(SHARDS).fill(0));
    expect(fs.readdirSync(out).sort()).toEqual(
      Array.from({ length: SHARDS }, (_, i) => `shard-${i}.json`).sort(),
    );
    const merged = cli(['merge', out, '--json', '--out', path.join(dir, 'merged.json')]);
    expect(merged.stderr).toBe('');
    const result = JSON.parse(merged.stdout);
    const single = (await onePass(SHARDS)).value();
    expect(result.labelsA).toEqual(['layer1', 'layer2', 'layer10']);
    expect(result.examples).toBe(N);
    for (let k = 0; k < 9; k++) expect(result.values[k]).toBeCloseTo(single.values[k] ?? Number.NaN, 12);
    // The saved state resumes as a StreamingCKA with the same value.
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'merged.json'), 'utf8'));
    expect(Array.from(StreamingCKA.fromJSON(state).value().values)).toEqual(result.values);
  });

  it('refuses a missing shard, a duplicated one, one of another run and a crafted file', () => {
    const out = path.join(dir, 'bad');
    for (let i = 0; i < 4; i++) {
      expect(cli(['shard', '--index', String(i), '--of', '4', '--out', out, model]).status).toBe(0);
    }
    const file = (i: number | string) => path.join(out, `shard-${i}.json`);
    const text = fs.readFileSync(file(2), 'utf8');

    fs.rmSync(file(2));
    let r = cli(['merge', out]);
    expect([r.status, r.stderr]).toEqual([
      1,
      expect.stringMatching(/BAD_INPUT: .*1 of 4 shards missing: shard-2\.json/),
    ]);

    fs.writeFileSync(file(2), text);
    fs.writeFileSync(file('02'), text);
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(/shard 2 is given twice: .*shard-02\.json and .*shard-2\.json/);
    fs.rmSync(file('02'));

    fs.writeFileSync(file(2), text.replace('"of":4', '"of":5'));
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(/shard-2\.json: --of 5, but .*shard-0\.json has --of 4/);

    // A crafted count: refused at once, never an array of a trillion indices.
    fs.writeFileSync(file(2), text.replace('"of":4', '"of":1000000000000'));
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(/shard-2\.json: not a repsim shard file/);
    for (let i = 0; i < 4; i++)
      fs.writeFileSync(file(i), fs.readFileSync(file(i), 'utf8').replace('"of":4', '"of":999999'));
    fs.writeFileSync(file(2), text.replace('"of":4', '"of":999999'));
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(
      /999995 of 999999 shards missing: shard-4\.json, .*shard-23\.json, … \(999975 more\)/,
    );
    for (let i = 0; i < 4; i++)
      fs.writeFileSync(file(i), fs.readFileSync(file(i), 'utf8').replace('"of":999999', '"of":4'));

    fs.writeFileSync(file(2), text.replace(/"cross":\[[^\]]*\]/, '"cross":[1,2]'));
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(/BAD_INPUT: StreamingCKA.mergeKeyed: shard 'shard-2'/);

    fs.writeFileSync(file(2), '{"format":"repsim.shard"');
    r = cli(['merge', out]);
    expect(r.stderr).toMatch(/shard-2\.json: not JSON/);

    fs.writeFileSync(file(2), text);
    expect(cli(['merge', out]).status).toBe(0);
  });

  it('bad command lines are usage errors (exit 2)', () => {
    expect(cli(['shard', '--of', '4', '--out', dir, model]).stderr).toMatch(/needs --index/);
    expect(cli(['shard', '--index', '4', '--of', '4', '--out', dir, model]).stderr).toMatch(
      /--index must be an integer from 0 to 3/,
    );
    expect(cli(['shard', '--index', '0', '--of', '4', model]).status).toBe(2);
    expect(cli(['shard', '--index', '0', '--of', '400', '--out', dir, model]).stderr).toMatch(
      /TOO_FEW_SAMPLES: shard 0 of 400 gets 2 of 1000 examples/,
    );
    expect(cli(['merge', path.join(dir, 'nothing-here')]).stderr).toMatch(/cannot read/);
  });
});
