// Writers racing for one path: every save settles, the file left behind is
// exactly one of the arrays written (never the shape of one and the values of
// another), and no temporary file is left beside it. A missing file reads as
// a RepsimError naming it, not a raw ENOENT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadNpy, loadNpz, saveNpy, saveNpz } from '../../lib/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-writes-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Array k: k + 1 rows of 3 columns, every value k. */
const arrayNumber = (k: number) => ({ data: new Float64Array((k + 1) * 3).fill(k), shape: [k + 1, 3] });

describe('concurrent writes to one path', () => {
  it('saveNpy: all settle and the file is one whole array', async () => {
    const file = path.join(dir, 'race.npy');
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, k) => saveNpy(file, arrayNumber(k))),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const read = await loadNpy(file);
    const k = read.data[0] as number;
    expect(read.shape).toEqual([k + 1, 3]);
    expect(Array.from(read.data as Float64Array).every((v) => v === k)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f !== 'race.npy' && f.startsWith('race'))).toEqual([]);
  });

  it('saveNpz: all settle and the archive is one whole write', async () => {
    const file = path.join(dir, 'race.npz');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, k) => saveNpz(file, { a: arrayNumber(k), b: arrayNumber(k) })),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const read = await loadNpz(file);
    const k = read.get('a')?.data[0] as number;
    expect(read.get('a')?.shape).toEqual([k + 1, 3]);
    expect(read.get('b')?.data[0]).toBe(k);
    expect(fs.readdirSync(dir).filter((f) => f.includes('race.npz') && f !== 'race.npz')).toEqual([]);
  });

  it('a missing file or a folder is BAD_INPUT naming the path', async () => {
    const missing = path.join(dir, 'missing.npy');
    await expect(loadNpy(missing)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('missing.npy'),
    });
    await expect(loadNpz(dir)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('folder'),
    });
  });
});
