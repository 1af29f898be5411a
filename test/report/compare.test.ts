// `repsim compare` and `repsim demo` end to end: every input format, every
// metric, results.json's layout, CSV contents equal to the API's numbers,
// images, exit codes, help; and compareModels through the API.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  compareModels,
  entropySimilaritySync,
  layerSimilaritySync,
  linearCKASync,
  metricEntry,
  permutationTestSync,
  ccaSync,
  metricNames,
  saveNpy,
  saveNpz,
} from '../../lib/index.js';
import { CLI, requireBuilt } from '../support/built.js';
import { gaussian, multiply, randomMatrix, type Dense } from '../support/random.js';

function repsim(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function relu(x: Dense): Dense {
  return { data: x.data.map((v) => Math.max(0, v)), shape: x.shape };
}

/** A 3-layer random ReLU network's layers on `inputs`, float32 like real dumps. */
function network(inputs: Dense, seed: number): Map<string, Dense> {
  const layers = new Map<string, Dense>();
  let h = inputs;
  for (const [l, width] of [12, 8, 5].entries()) {
    h = relu(multiply(h, randomMatrix(h.shape[1], width, seed * 10 + l)));
    layers.set(`layer${l + 1}`, { data: Float32Array.from(h.data) as never, shape: h.shape });
  }
  return layers;
}

/** A safetensors file written from its format description (F32 tensors). */
function writeSafetensors(file: string, tensors: Map<string, Dense>): void {
  const header: Record<string, unknown> = {};
  const blobs: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const bytes = Buffer.from(Float32Array.from(t.data).buffer);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  const text = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  fs.writeFileSync(file, Buffer.concat([length, text, ...blobs]));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-compare-'));
const inputs = randomMatrix(120, 6, 1);
const modelA = network(inputs, 2);
const modelB = network(inputs, 3);
const labels = Int32Array.from({ length: 120 }, (_, i) => i % 3);
const next = gaussian(9);
const logitsA: Dense = { data: Float64Array.from({ length: 360 }, next), shape: [120, 3] };
const logitsB: Dense = { data: logitsA.data.map((v) => v + 0.3 * next()), shape: [120, 3] };
const paths = {
  dirA: path.join(dir, 'modelA'),
  npzB: path.join(dir, 'modelB.npz'),
  safetensorsB: path.join(dir, 'modelB.safetensors'),
  labels: path.join(dir, 'labels.npy'),
  logitsA: path.join(dir, 'logitsA.npy'),
  logitsB: path.join(dir, 'logitsB.npy'),
};

beforeAll(async () => {
  requireBuilt();
  fs.mkdirSync(paths.dirA);
  for (const [name, layer] of modelA) await saveNpy(path.join(paths.dirA, `${name}.npy`), layer);
  await saveNpz(paths.npzB, Object.fromEntries(modelB));
  writeSafetensors(paths.safetensorsB, modelB);
  await saveNpy(paths.labels, { data: labels, shape: [120] });
  await saveNpy(paths.logitsA, logitsA);
  await saveNpy(paths.logitsB, logitsB);
});

function readCsv(file: string): { header: string[]; rows: Map<string, number[]> } {
  const [head = '', ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  return {
    header: head.split(',').slice(1),
    rows: new Map(
      lines.map((l) => {
        const [name = '', ...values] = l.split(',');
        return [name, values.map(Number)];
      }),
    ),
  };
}

describe('repsim compare', () => {
  const all = metricNames().join(',');

  it('writes results.json, a CSV, an SVG and a PNG per metric and report.html; CSVs equal the API', () => {
    const out = path.join(dir, 'out-all');
    const r = repsim(
      'compare',
      paths.dirA,
      paths.npzB,
      '--metrics',
      all,
      '--out',
      out,
      '--labels',
      paths.labels,
      '--outputs',
      `${paths.logitsA},${paths.logitsB}`,
      '--permutations',
      '9',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      schema: number;
      examples: number;
      layersA: { name: string; shape: number[] }[];
      metrics: { metric: string; values: number[][]; pValues: number[][]; seconds: number }[];
      entropies: { a: number[] };
      functional: { accuracyA: number };
      versions: { repsim: unknown };
    };
    expect(results.schema).toBe(1);
    expect(results.examples).toBe(120);
    expect(results.layersA.map((l: { name: string }) => l.name)).toEqual(['layer1', 'layer2', 'layer3']);
    expect(results.metrics.map((m: { metric: string }) => m.metric)).toEqual(all.split(','));
    expect(results.entropies.a).toHaveLength(3);
    expect(results.functional.accuracyA).toBeGreaterThanOrEqual(0);
    expect(typeof results.versions.repsim).toBe('string');
    for (const m of results.metrics) {
      expect(m.values).toHaveLength(3);
      expect(typeof m.seconds).toBe('number');
      // Layer-matched cells of the CKA and CCA families beat every shuffle: 1/(1 + 9). (Row
      // shuffles cannot move the descriptive statistics: their p-value is 1.)
      const family = metricEntry(m.metric)?.family;
      if (family === 'cka' || family === 'cca') expect(m.pValues[0]?.[0]).toBeCloseTo(0.1, 12);
      if (m.metric === 'magnitude-difference') expect(m.pValues[0]?.[0]).toBe(1);
      for (const ext of ['csv', 'svg', 'png'])
        expect(fs.existsSync(path.join(out, `${m.metric}.${ext}`))).toBe(true);
      expect(
        fs
          .readFileSync(path.join(out, `${m.metric}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    const pairwise = metricNames((m) => m.pairwise) as 'linear-cka'[];
    for (const metric of pairwise) {
      const api = layerSimilaritySync(modelA, modelB, { metric });
      const csv = readCsv(path.join(out, `${metric}.csv`));
      expect(csv.header).toEqual(['layer1', 'layer2', 'layer3']);
      for (let i = 0; i < 3; i++) expect(csv.rows.get(`layer${i + 1}`), metric).toEqual(api.toArray()[i]);
    }
    const si = entropySimilaritySync(modelA, modelB, { labels, outputsA: logitsA, outputsB: logitsB });
    expect(readCsv(path.join(out, 'entropy-similarity.csv')).rows.get('layer2')).toEqual(si.si.toArray()[1]);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(all.split(',').length);
    expect(html).toContain('Jensen–Shannon');
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("still takes the former names 'rbf-cka' and 'entropy-si', reporting the registry's names", () => {
    const out = path.join(dir, 'out-aliases');
    const r = repsim(
      'compare',
      paths.dirA,
      paths.npzB,
      '--metrics',
      'rbf-cka,entropy-si,kernel-cka',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      metrics: { metric: string }[];
    };
    expect(results.metrics.map((m) => m.metric)).toEqual(['kernel-cka', 'entropy-similarity']);
    expect(layerSimilaritySync(modelA, modelB, { metric: 'rbf-cka' as 'kernel-cka' }).toArray()).toEqual(
      layerSimilaritySync(modelA, modelB, { metric: 'kernel-cka' }).toArray(),
    );
  });

  it('reads the same model from a directory, an .npz and a .safetensors file alike, and prints JSON with --json', () => {
    const viaNpz = repsim(
      'compare',
      paths.dirA,
      paths.npzB,
      '--metrics',
      'linear-cka',
      '--out',
      path.join(dir, 'o1'),
      '--json',
    );
    const viaSafetensors = repsim(
      'compare',
      paths.dirA,
      paths.safetensorsB,
      '--metrics',
      'linear-cka',
      '--out',
      path.join(dir, 'o2'),
      '--json',
    );
    expect(viaNpz.code).toBe(0);
    expect(viaSafetensors.code).toBe(0);
    const a = JSON.parse(viaNpz.stdout);
    expect(JSON.parse(viaSafetensors.stdout).metrics[0].values).toEqual(a.metrics[0].values);
    expect(a.metrics[0].values).toEqual(
      JSON.parse(fs.readFileSync(path.join(dir, 'o1', 'results.json'), 'utf8')).metrics[0].values,
    );
  });

  it('compares a model with itself when B is left out (unit diagonal)', () => {
    const r = repsim(
      'compare',
      paths.npzB,
      '--metrics',
      'linear-cka,cca',
      '--out',
      path.join(dir, 'within'),
      '--json',
    );
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.within).toBe(true);
    for (const m of results.metrics) for (let i = 0; i < 3; i++) expect(m.values[i][i]).toBeCloseTo(1, 12);
  });

  it('exits 2 with one line for bad arguments and 1 for failed computations, writing nothing', async () => {
    for (const args of [
      ['compare'],
      ['compare', paths.dirA, '--metrics', 'cka'],
      ['compare', paths.dirA, '--permutations', '-1'],
      ['compare', paths.dirA, '--permutations', '1e9'],
      ['compare', paths.dirA, '--threads', '1e6'],
      ['compare', paths.dirA, '--seed', '1e300'],
      ['compare', paths.dirA, '--bogus'],
      ['compare', paths.dirA, '--conv', 'pixels'],
      ['compare', paths.dirA, '--layout', 'chwn'],
      ['compare', paths.dirA, '--conv', 'channels', '--permutations', '10'],
      ['compare', path.join(dir, 'missing')],
    ]) {
      const r = repsim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const short = path.join(dir, 'short');
    fs.mkdirSync(short);
    await saveNpy(path.join(short, 'only.npy'), randomMatrix(50, 4, 5));
    const out = path.join(dir, 'out-failed');
    const r = repsim('compare', paths.dirA, short, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SHAPE_MISMATCH');
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  it('goes on past a metric that fails on the data, writes the report and exits 1 naming the fix', async () => {
    const [under1, under2] = [path.join(dir, 'under1'), path.join(dir, 'under2')];
    for (const [folder, seed] of [
      [under1, 1],
      [under2, 2],
    ] as const) {
      fs.mkdirSync(folder);
      await saveNpy(path.join(folder, 'a.npy'), randomMatrix(20, 15, seed));
    }
    const out = path.join(dir, 'out-under');
    const failed = repsim('compare', under1, under2, '--metrics', 'linear-cka,cca', '--out', out);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('--allow-underdetermined');
    expect(fs.existsSync(path.join(out, 'linear-cka.csv'))).toBe(true);
    const allowed = repsim(
      'compare',
      under1,
      under2,
      '--metrics',
      'linear-cka,cca',
      '--out',
      out,
      '--allow-underdetermined',
    );
    expect(allowed.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'cca.csv'))).toBe(true);
  });

  it('--help lists every option with its default', () => {
    const r = repsim('compare', '--help');
    expect(r.code).toBe(0);
    for (const option of [
      '--metrics',
      '--out',
      '--labels',
      '--outputs',
      '--permutations',
      '--seed',
      '--threads',
      '--json',
    ]) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('default: repsim-report');
    expect(repsim('help', 'demo').stdout).toContain('--size');
    expect(repsim('--help').stdout).toContain('compare <modelA> [modelB]');
  });
});

describe('compareModels', () => {
  it('gives the layerSimilarity matrices and the functional metrics', async () => {
    const r = await compareModels(modelA, modelB, {
      metrics: ['linear-cka', 'procrustes'],
      outputsA: logitsA,
      outputsB: logitsB,
    });
    expect(Array.from(r.metrics[0]?.matrix.values ?? [])).toEqual(
      Array.from(layerSimilaritySync(modelA, modelB).values),
    );
    expect(r.metrics[1]?.kind).toBe('distance');
    // p-values of every cell, as permutationTest gives them pair by pair.
    const tested = await compareModels(modelA, modelB, {
      metrics: ['kernel-cka'],
      permutations: 30,
      seed: 2,
    });
    for (const [i, x] of [...modelA.values()].entries()) {
      for (const [j, y] of [...modelB.values()].entries()) {
        expect(tested.metrics[0]?.pValues?.get(i, j)).toBe(
          permutationTestSync('kernel-cka', x, y, { permutations: 30, seed: 2 }).pValue,
        );
      }
    }
    expect(r.functional?.agreement).toBeGreaterThan(0.5);
    await expect(compareModels(modelA, modelB, { metrics: ['nope' as never] })).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});

describe('compareModels, cell by cell', () => {
  const n = 60;
  const good = randomMatrix(n, 5, 11);
  const other = randomMatrix(n, 4, 12);
  const constant: Dense = { data: new Float64Array(n * 5).fill(3), shape: [n, 5] };
  const wide = randomMatrix(n, 70, 13);

  it('a constant layer fails only its own cells; the others equal the pair functions', async () => {
    const r = await compareModels(
      new Map([
        ['good', good],
        ['constant', constant],
      ]),
      new Map([['other', other]]),
      { metrics: ['linear-cka'], permutations: 20, seed: 4 },
    );
    const m = r.metrics[0]?.matrix;
    expect(m?.get('good', 'other')).toBe(linearCKASync(good, other));
    expect(m?.get('constant', 'other')).toBeNaN();
    // The computed cell still gets its p-value, the failed one none.
    const p = r.metrics[0]?.pValues;
    expect(p?.get('good', 'other')).toBe(
      permutationTestSync('linear-cka', good, other, { permutations: 20, seed: 4 }).pValue,
    );
    expect(p?.get('constant', 'other')).toBeNaN();
    expect(r.failures).toEqual([
      expect.objectContaining({
        metric: 'linear-cka',
        layerA: 'constant',
        layerB: 'other',
        code: 'ZERO_VARIANCE',
        hint: expect.stringContaining('constant'),
      }),
    ]);
  });

  it('a layer too wide for CCA fails its cells (both orders, within one model) and not the rest', async () => {
    const r = await compareModels(
      new Map([
        ['good', good],
        ['other', other],
        ['wide', wide],
      ]),
      undefined,
      { metrics: ['cca'] },
    );
    const m = r.metrics[0]?.matrix;
    expect(m?.get('good', 'other')).toBeCloseTo(ccaSync(good, other).meanRho, 12);
    const failed = (r.failures ?? []).map((f) => `${f.layerA}×${f.layerB}:${f.code}`);
    expect(failed).toEqual([
      'good×wide:UNDERDETERMINED',
      'other×wide:UNDERDETERMINED',
      'wide×good:UNDERDETERMINED',
      'wide×other:UNDERDETERMINED',
      'wide×wide:UNDERDETERMINED',
    ]);
    for (const [a, b] of [
      ['good', 'wide'],
      ['wide', 'wide'],
    ]) {
      expect(m?.get(a ?? '', b ?? '')).toBeNaN();
    }
    // Every NaN of the matrix is one failure: nothing left unexplained.
    expect(Array.from(m?.values ?? []).filter(Number.isNaN)).toHaveLength(failed.length);
  });

  it("conv 'channels' compares maps of one size by position; other cells fail with SHAPE_MISMATCH", async () => {
    const big = { data: randomMatrix(n * 16, 3, 14).data, shape: [n, 4, 4, 3] };
    const big2 = { data: randomMatrix(n * 16, 2, 15).data, shape: [n, 4, 4, 2] };
    const small = { data: randomMatrix(n * 4, 3, 16).data, shape: [n, 2, 2, 3] };
    const layers = new Map<string, { data: Float64Array; shape: number[] }>([
      ['big', big],
      ['big2', big2],
      ['small', small],
    ]);
    const r = await compareModels(layers, undefined, { metrics: ['linear-cka'], conv: 'channels' });
    const m = r.metrics[0]?.matrix;
    const positions = (t: { data: Float64Array; shape: number[] }) => {
      const [examples = 0, h = 0, w = 0, c = 0] = t.shape;
      return { data: t.data, shape: [examples * h * w, c] };
    };
    expect(m?.get('big', 'big2')).toBe(linearCKASync(positions(big), positions(big2)));
    expect(m?.get('small', 'small')).toBeCloseTo(1, 12);
    expect(m?.get('big', 'small')).toBeNaN();
    expect(r.failures?.every((f) => f.code === 'SHAPE_MISMATCH' && f.hint?.includes('flatten'))).toBe(true);
    expect(r.failures).toHaveLength(4); // big, big2 against small, both orders
    // Flattened (the default), every cell is computed.
    const flat = await compareModels(layers, undefined, { metrics: ['linear-cka'] });
    expect(flat.failures).toBeUndefined();
    await expect(
      compareModels(layers, undefined, { conv: 'channels', permutations: 10 }),
    ).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(compareModels(layers, undefined, { conv: 'pixels' as never })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });

  it('stops at its signal and reports the fraction of the step running', async () => {
    const layers = new Map([
      ['a', randomMatrix(2000, 64, 17)],
      ['b', randomMatrix(2000, 64, 18)],
    ]);
    const seen: (number | undefined)[] = [];
    await compareModels(layers, undefined, {
      metrics: ['kernel-cka'],
      permutations: 50,
      onProgress: (_done, _total, _step, fraction) => seen.push(fraction),
    });
    const fractions = seen.filter((f): f is number => f !== undefined);
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    await expect(compareModels(layers, undefined, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const pending = compareModels(layers, undefined, {
      metrics: ['kernel-cka'],
      permutations: 2000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
  }, 60_000);
});

describe('repsim compare, interrupted', () => {
  it('Ctrl-C (SIGINT) stops the work, exits 130 and writes nothing', async () => {
    requireBuilt();
    const model = path.join(dir, 'slow-model');
    fs.mkdirSync(model);
    await saveNpy(path.join(model, 'a.npy'), randomMatrix(2500, 64, 19));
    await saveNpy(path.join(model, 'b.npy'), randomMatrix(2500, 64, 20));
    const out = path.join(dir, 'out-interrupted');
    const child = spawn(
      process.execPath,
      [CLI, 'compare', model, '--metrics', 'kernel-cka', '--permutations', '100000', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const interrupted = performance.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(performance.now() - interrupted).toBeLessThan(3000);
    expect(stderr).toContain('interrupted');
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);
});

describe('repsim demo', () => {
  it('trains on real digits; trained-vs-trained CKA has a brighter diagonal than trained-vs-untrained', () => {
    const out = path.join(dir, 'demo');
    const r = repsim('demo', '--size', 'small', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    type Contrast = { diagonal: number; offDiagonal: number };
    const s = JSON.parse(r.stdout) as {
      accuracy: { trainedA: number; untrained: number };
      comparisons: Record<string, Record<string, Contrast>>;
    };
    expect(s.accuracy.trainedA).toBeGreaterThan(0.6);
    expect(s.accuracy.untrained).toBeLessThan(0.3);
    const same = s.comparisons['trained-vs-trained']?.['linear-cka'] as Contrast;
    const untrained = s.comparisons['trained-vs-untrained']?.['linear-cka'] as Contrast;
    expect(same.diagonal).toBeGreaterThan(same.offDiagonal);
    expect(same.diagonal).toBeGreaterThan(untrained.diagonal);
    // The report itself (results.json beside report.html) shows the bright diagonal.
    const report = JSON.parse(
      fs.readFileSync(path.join(out, 'trained-vs-trained', 'results.json'), 'utf8'),
    ) as {
      metrics: { metric: string; values: number[][] }[];
    };
    const cka = report.metrics.find((m) => m.metric === 'linear-cka')?.values ?? [];
    const diagonal = cka.map((row, i) => row[i] ?? NaN);
    const off = cka.flatMap((row, i) => row.filter((_, j) => j !== i));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(cka).toHaveLength(4);
    expect(mean(diagonal)).toBeGreaterThan(mean(off));
    expect(fs.existsSync(path.join(out, 'trained-vs-trained', 'report.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'trained-vs-untrained', 'linear-cka.png'))).toBe(true);
  }, 120_000);
});
