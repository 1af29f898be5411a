// The report folder always holds the files of one run: a rewrite leaves no
// stale files of an earlier run, two runs racing for one folder leave one
// whole report (no mix, no leftovers), and a folder holding anything but a
// repsim report is refused untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { compareModels, writeReport } from '../../lib/index.js';
import { randomMatrix } from '../support/random.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-report-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const layers = (seed: number) =>
  new Map([
    ['a', randomMatrix(60, 5, seed)],
    ['b', randomMatrix(60, 4, seed + 1)],
  ]);

const compare = (metrics: string[]) =>
  compareModels(layers(1), layers(3), { metrics: metrics as never, permutations: 0 });

function csvFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
}

describe('compare keeps going', () => {
  // 20 examples of 15 features: n - 1 < p1 + p2, so CCA is underdetermined.
  const small = (seed: number) => new Map([['a', randomMatrix(20, 15, seed)]]);

  it('records a metric that fails on the data, with the fix, and computes the others', async () => {
    const r = await compareModels(small(1), small(2), { metrics: ['linear-cka', 'cca'] });
    expect(r.metrics.map((m) => m.metric)).toEqual(['linear-cka']);
    expect(r.failures).toEqual([
      expect.objectContaining({
        metric: 'cca',
        code: 'UNDERDETERMINED',
        hint: expect.stringContaining('--allow-underdetermined'),
      }),
    ]);
    const dir = path.join(root, 'failed');
    await writeReport(r, dir);
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('UNDERDETERMINED');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'))).toHaveProperty('failures');
  });

  it('allowUnderdetermined reaches the CCA family', async () => {
    const r = await compareModels(small(1), small(2), {
      metrics: ['cca', 'svcca'],
      allowUnderdetermined: true,
    });
    expect(r.failures).toBeUndefined();
    expect(r.metrics).toHaveLength(2);
  });
});

describe('writeReport', () => {
  it('a rewrite replaces the whole folder', async () => {
    const dir = path.join(root, 'rewrite');
    await writeReport(await compare(['linear-cka', 'svcca']), dir);
    expect(csvFiles(dir)).toEqual(['linear-cka.csv', 'svcca.csv']);
    await writeReport(await compare(['procrustes']), dir);
    expect(csvFiles(dir)).toEqual(['procrustes.csv']);
  });

  it('two runs racing for one folder leave one whole report and nothing beside it', async () => {
    const dir = path.join(root, 'race');
    const [one, two] = await Promise.all([compare(['linear-cka']), compare(['cca', 'pwcca'])]);
    await Promise.all([writeReport(one, dir), writeReport(two, dir), writeReport(one, dir)]);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as {
      metrics: { metric: string }[];
    };
    expect(csvFiles(dir)).toEqual(results.metrics.map((m) => `${m.metric}.csv`).sort());
    expect(fs.readdirSync(root).filter((f) => f.startsWith('race'))).toEqual(['race']);
  });

  it('refuses a folder that holds something else, leaving it as it was', async () => {
    const dir = path.join(root, 'mine');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'thesis.tex'), 'precious');
    await expect(writeReport(await compare(['linear-cka']), dir)).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(fs.readdirSync(dir)).toEqual(['thesis.tex']);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('mine'))).toEqual(['mine']);
  });
});
