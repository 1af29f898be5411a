// repsim/distributed over a real redis-server and three real worker
// processes (test/support/queue-worker.js): results equal one process's, a
// run's result does not depend on the order shards finish in, retries and a
// worker killed mid-job change nothing, failures name their shard, and a
// resubmitted run adds no jobs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { linearCKA, layerSimilarity } from '../../lib/index.js';
import { StreamingCKA } from '../../lib/metrics/cka/streaming-cka.js';
import { loadNpy, saveNpy, saveNpz } from '../../lib/io/files.js';
import {
  createWorker,
  submitLayerMatrix,
  submitShardedCKA,
  layerRef,
  submitModelMatrix,
  batchRanges,
} from '../../lib/distributed/index.js';
import type { LayerRef } from '../../lib/distributed/references.js';
import { requireBuilt, ROOT } from '../support/built.js';
import { RUN_REDIS_TESTS, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { randomMatrix, type Dense } from '../support/random.js';

const LOCK_MS = 3000;
const STALLED_MS = 1000;
const WORKER = path.join(ROOT, 'test', 'support', 'queue-worker.js');

describe.skipIf(!RUN_REDIS_TESTS)('repsim/distributed on a real Redis with worker processes', () => {
  let redis: RedisServer;
  let dir: string;
  let connection: { path: string };
  let queue: Queue;
  const workers: ChildProcess[] = [];

  async function startWorker(
    queueName = 'repsim',
    lockMs = LOCK_MS,
    stalledMs = STALLED_MS,
  ): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      [WORKER, redis.socket, queueName, String(lockMs), String(stalledMs)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    workers.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    return child;
  }

  async function writeLayer(
    name: string,
    rows: number,
    cols: number,
    seed: number,
  ): Promise<{ file: string; layer: Dense }> {
    const layer = randomMatrix(rows, cols, seed);
    const file = path.join(dir, `${name}.npy`);
    await saveNpy(file, layer);
    return { file, layer };
  }

  /** A reference to `file` through one of the test worker's misbehaving schemes. */
  async function viaScheme(file: string, scheme: string, query: Record<string, string>): Promise<LayerRef> {
    const { sha256 } = await layerRef(file);
    const uri = `${scheme}//${pathToFileURL(file).pathname}?${new URLSearchParams(query).toString()}`;
    return { uri, sha256 };
  }

  beforeAll(async () => {
    requireBuilt();
    redis = await startRedisServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-queue-'));
    connection = { path: redis.socket };
    queue = new Queue('repsim', { connection });
    await Promise.all([startWorker(), startWorker(), startWorker()]);
  });

  afterAll(async () => {
    await queue?.close();
    for (const child of workers)
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('30 layer pairs, one job each, equal linearCKA in one process to 1e-12', async () => {
    const a = await Promise.all(
      [5, 12, 20, 33, 40].map((p, i) => writeLayer(`pairs-a${i}`, 300, p, 100 + i)),
    );
    const b = await Promise.all(
      [3, 8, 16, 25, 31, 47].map((p, i) => writeLayer(`pairs-b${i}`, 300, p, 200 + i)),
    );
    const m = await submitLayerMatrix({
      connection,
      a: a.map((l) => l.file),
      b: b.map((l) => l.file),
      block: { rows: 1, cols: 1 },
    });
    expect([m.rows, m.cols, m.metric]).toEqual([5, 6, 'linear-cka']);
    for (const [i, x] of a.entries()) {
      for (const [j, y] of b.entries())
        expect(m.get(i, j)).toBeCloseTo(await linearCKA(x.layer, y.layer), 12);
    }
  });

  it('a 6 x 6 PWCCA matrix of named layers equals layerSimilarity', async () => {
    const layers = await Promise.all(
      [4, 9, 14, 20, 27, 35].map((p, i) => writeLayer(`six-${i}`, 400, p, 300 + i)),
    );
    const names = ['conv1', 'conv2', 'conv3', 'fc1', 'fc2', 'logits'];
    const spec = Object.fromEntries(layers.map((l, i) => [names[i], l.file]));
    const m = await submitLayerMatrix({ connection, a: spec, metric: 'pwcca', block: { rows: 2 } });
    const byName: Record<string, Dense> = Object.fromEntries(layers.map((l, i) => [names[i], l.layer]));
    const local = await layerSimilarity(byName, undefined, {
      metric: 'pwcca',
    });
    expect(m.labelsA).toEqual(names);
    expect(m.labelsB).toEqual(names);
    for (let k = 0; k < 36; k++) expect(m.values[k]).toBeCloseTo(local.values[k] ?? Number.NaN, 12);
    // Linear CKA is symmetric: default 2 x 2 tiles, only those on and above the diagonal run (6 of 9).
    const before = (await queue.getJobs(['completed'])).filter((j) => j.name === 'repsim.block').length;
    const cka = await submitLayerMatrix({ connection, a: spec });
    const after = (await queue.getJobs(['completed'])).filter((j) => j.name === 'repsim.block').length;
    expect(after - before).toBe(6);
    const localCka = await layerSimilarity(byName);
    for (let k = 0; k < 36; k++) expect(cka.values[k]).toBeCloseTo(localCka.values[k] ?? Number.NaN, 12);
    expect(cka.get('fc1', 'conv2')).toBe(cka.get('conv2', 'fc1'));
  });

  describe('sharded CKA: 2048 examples x 3 layers in 16 shards', () => {
    const n = 2048;
    const shardCount = 16;
    const batchSize = 64;
    let files: string[];
    let layers: Dense[];
    let plain: StreamingCKA;
    const rowsOf = (i: number): [number, number] => [(i * n) / shardCount, ((i + 1) * n) / shardCount];
    const shardsVia = async (scheme: string, query: (i: number) => Record<string, string>) =>
      Promise.all(
        Array.from({ length: shardCount }, async (_, i) => ({
          id: `shard-${String(i).padStart(2, '0')}`,
          a: await Promise.all(files.map((f) => viaScheme(f, scheme, query(i)))),
          rows: rowsOf(i),
        })),
      );

    beforeAll(async () => {
      const written = await Promise.all(
        [16, 32, 8].map((p, i) => writeLayer(`shard-layer${i}`, n, p, 400 + i)),
      );
      files = written.map((w) => w.file);
      layers = written.map((w) => w.layer);
      plain = await submitShardedCKA({ connection, a: files, shards: shardCount, batchSize });
    });

    it('equals one process feeding the same batches, to 1e-12', async () => {
      const single = new StreamingCKA();
      for (let i = 0; i < shardCount; i++) {
        const [start] = rowsOf(i);
        for (const [from, to] of batchRanges(n / shardCount, batchSize)) {
          const slice = layers.map((l) => ({
            data: l.data.subarray((start + from) * l.shape[1], (start + to) * l.shape[1]),
            shape: [to - from, l.shape[1]],
          }));
          await single.updateAsync(slice);
        }
      }
      expect(plain.examples).toBe(n);
      expect(plain.batches).toBe(single.batches);
      const got = plain.value().values;
      const want = single.value().values;
      for (let k = 0; k < 9; k++) expect(got[k]).toBeCloseTo(want[k] ?? Number.NaN, 12);
    });

    it('is bit-identical for two different finishing orders', async () => {
      // Delays order when each shard's read returns: last shard first, then first shard first.
      const late = await submitShardedCKA({
        connection,
        shards: await shardsVia('test-delay:', (i) => ({ run: 'late', ms: String((shardCount - i) * 60) })),
        batchSize,
      });
      const early = await submitShardedCKA({
        connection,
        shards: await shardsVia('test-delay:', (i) => ({ run: 'early', ms: String(i * 60) })),
        batchSize,
      });
      // The shards of one run in the order they finished.
      const order = async (run: string) => {
        const jobs = (await queue.getJobs(['completed'])).filter((job) => {
          const uri = (job.data as { a?: LayerRef[] }).a?.[0]?.uri ?? '';
          return (
            job.name === 'repsim.shard' &&
            uri.startsWith('test-delay:') &&
            new URL(uri).searchParams.get('run') === run
          );
        });
        return jobs
          .sort((x, y) => (x.finishedOn ?? 0) - (y.finishedOn ?? 0))
          .map((job) => (job.data as { shard: string }).shard);
      };
      const lateOrder = await order('late');
      const earlyOrder = await order('early');
      expect(lateOrder).toHaveLength(shardCount);
      expect(lateOrder).not.toEqual([...lateOrder].sort());
      expect(earlyOrder).not.toEqual(lateOrder);
      expect(late.toJSON()).toEqual(plain.toJSON());
      expect(early.toJSON()).toEqual(plain.toJSON());
    });

    it('a worker SIGKILLed in the middle of a shard: the shard runs again, the result is exact', async () => {
      const marker = path.join(dir, 'slow-marker');
      const shards = await shardsVia('file:', () => ({}));
      const slow = await Promise.all(files.map((f) => viaScheme(f, 'test-slow:', { marker, ms: '600000' })));
      shards[5] = { ...shards[5], id: 'shard-05', a: slow, rows: rowsOf(5) };
      const run = submitShardedCKA({ connection, shards, batchSize });
      while (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') === '')
        await new Promise((r) => setTimeout(r, 50));
      const pid = Number(fs.readFileSync(marker, 'utf8'));
      const victim = workers.find((w) => w.pid === pid);
      expect(victim).toBeDefined();
      process.kill(pid, 'SIGKILL');
      await startWorker();
      const result = await run;
      expect(result.toJSON()).toEqual(plain.toJSON());
      const retried = (await queue.getJobs(['completed'])).find(
        (job) =>
          job.name === 'repsim.shard' && (job.data as { a: LayerRef[] }).a[0]?.uri.startsWith('test-slow:'),
      );
      expect(retried?.stalledCounter).toBe(1);
    });

    it('a shard whose first read fails is retried and counted once', async () => {
      const marker = path.join(dir, 'flaky-marker');
      const shards = await shardsVia('file:', () => ({}));
      shards[3] = {
        ...shards[3],
        id: 'shard-03',
        a: await Promise.all(files.map((f) => viaScheme(f, 'test-flaky:', { marker }))),
        rows: rowsOf(3),
      };
      const result = await submitShardedCKA({ connection, shards, batchSize, backoffMs: 100 });
      expect(result.toJSON()).toEqual(plain.toJSON());
      const flaky = (await queue.getJobs(['completed'])).find(
        (job) =>
          job.name === 'repsim.shard' && (job.data as { a: LayerRef[] }).a[0]?.uri.startsWith('test-flaky:'),
      );
      expect(flaky?.attemptsMade).toBe(2);
    });

    it('a shard that always fails fails the run with its error, naming the shard', async () => {
      const shards = await shardsVia('file:', () => ({}));
      shards[7] = {
        ...shards[7],
        id: 'shard-07',
        a: await Promise.all(files.map((f) => viaScheme(f, 'test-broken:', {}))),
        rows: rowsOf(7),
      };
      await expect(
        submitShardedCKA({ connection, shards, batchSize, attempts: 2, backoffMs: 100 }),
      ).rejects.toMatchObject({
        code: 'JOB_FAILED',
        message: expect.stringMatching(/shard 'shard-07' failed after 2 attempts: disk on fire/),
      });
    });

    it('resubmitting the same run adds no jobs and gives the same result', async () => {
      const before = await queue.getJobCounts();
      const again = await submitShardedCKA({ connection, a: files, shards: shardCount, batchSize });
      expect(await queue.getJobCounts()).toEqual(before);
      expect(again.toJSON()).toEqual(plain.toJSON());
    });

    it('a shard id given twice is refused before anything is queued', async () => {
      const before = await queue.getJobCounts();
      const shards = await shardsVia('file:', () => ({}));
      shards[1] = { ...shards[1], id: 'shard-00', a: shards[1]?.a ?? [], rows: rowsOf(1) };
      await expect(submitShardedCKA({ connection, shards, batchSize })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringMatching(/shard 'shard-00' is given twice/),
      });
      expect(await queue.getJobCounts()).toEqual(before);
    });
  });

  describe('model matrix: 4 models x 4 models', () => {
    const models: Record<
      string,
      Record<string, Dense | { data: Float32Array; shape: [number, number] }>
    > = {};
    const sources: Record<string, Record<string, string>> = {};
    let workDir: string;

    beforeAll(async () => {
      workDir = path.join(dir, 'features');
      for (const [m, widths] of [[6, 10], [8, 3, 12], [5], [9, 9]].entries()) {
        const name = `seed${m}`;
        models[name] = {};
        sources[name] = {};
        for (const [k, width] of widths.entries()) {
          const { file, layer } = await writeLayer(`${name}-l${k}`, 220, width, 700 + 10 * m + k);
          models[name][`l${k}`] = layer;
          sources[name][`l${k}`] = file;
        }
      }
      // One model stored as float32 in an .npz: float32 through its feature files, as in one process.
      const f32 = Object.fromEntries(
        Object.entries(models.seed3 ?? {}).map(([k, l]) => [
          k,
          { data: Float32Array.from(l.data), shape: l.shape },
        ]),
      );
      await saveNpz(path.join(dir, 'seed3.npz'), f32);
      models.seed3 = f32;
      sources.seed3 = { l0: `${path.join(dir, 'seed3.npz')}:l0`, l1: `${path.join(dir, 'seed3.npz')}:l1` };
    });

    for (const metric of ['linear-cka', 'pwcca'] as const) {
      it(`${metric}: pairs[i][j] equal layerSimilarity of the two models`, async () => {
        const result = await submitModelMatrix({ connection, models: sources, metric, workDir });
        const names = Object.keys(sources);
        expect(result.models).toEqual(names);
        for (const [i, x] of names.entries()) {
          for (const [j, y] of names.entries()) {
            const got = result.pairs[i]?.[j];
            const want = await layerSimilarity(models[x] ?? {}, i === j ? undefined : models[y], { metric });
            expect([got?.rows, got?.cols, got?.labelsA, got?.labelsB]).toEqual([
              want.rows,
              want.cols,
              want.labelsA,
              want.labelsB,
            ]);
            for (let k = 0; k < want.values.length; k++)
              expect(got?.values[k]).toBeCloseTo(want.values[k] ?? NaN, 12);
          }
        }
        // One feature file per layer, written once and shared by both metrics' runs.
        expect(fs.readdirSync(workDir).filter((f) => f.endsWith('.npy'))).toHaveLength(8);
      });
    }

    it('a model whose layers disagree on examples fails once, naming it', async () => {
      const { file } = await writeLayer('short', 100, 4, 800);
      await expect(
        submitModelMatrix({
          connection,
          models: { ...sources, broken: { l0: sources.seed0?.l0 ?? '', l1: file } },
          workDir,
        }),
      ).rejects.toMatchObject({
        code: 'SHAPE_MISMATCH',
        message: expect.stringMatching(
          /model 'broken' failed \(1 attempt\): model 'broken', layer l1 has 100 examples/,
        ),
      });
    });
  });

  it('a file changed after submission fails at once with a checksum error naming it', async () => {
    const { file } = await writeLayer('changes', 50, 4, 500);
    const ref = await layerRef(file);
    await writeLayer('changes', 50, 4, 501);
    await expect(submitLayerMatrix({ connection, a: [ref], b: [file], attempts: 3 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/failed \(1 attempt\): checksum mismatch for file:\/\/.*changes\.npy/),
    });
  });

  describe('job locks: 1 s, checked every 0.5 s, two workers', () => {
    let a: string;
    let b: string;
    let locks: Queue;
    const blockJob = async () => (await locks.getJobs(['completed'])).find((j) => j.name === 'repsim.block');

    beforeAll(async () => {
      await Promise.all([startWorker('locks', 1000, 500), startWorker('locks', 1000, 500)]);
      a = (await writeLayer('lock-a', 12_000, 32, 900)).file;
      b = (await writeLayer('lock-b', 12_000, 32, 901)).file;
      locks = new Queue('locks', { connection });
    });
    afterAll(async () => {
      await locks?.obliterate({ force: true });
      await locks?.close();
    });

    it('a native call of several seconds keeps its lock: the job never stalls', async () => {
      const started = performance.now();
      const m = await submitLayerMatrix({ connection, queue: 'locks', a: [a], b: [b], metric: 'kernel-cka' });
      expect(performance.now() - started).toBeGreaterThan(2000);
      expect(Number.isFinite(m.get(0, 0))).toBe(true);
      expect([(await blockJob())?.stalledCounter, (await blockJob())?.attemptsMade]).toEqual([0, 1]);
    });

    it('control: a job that blocks the event loop for 4 s loses its lock and runs again', async () => {
      await locks.obliterate({ force: true });
      const marker = path.join(dir, 'block-marker');
      const m = await submitLayerMatrix({
        connection,
        queue: 'locks',
        a: [await viaScheme(a, 'test-block:', { marker, ms: '4000' })],
        b: [b],
        metric: 'linear-cka',
      });
      expect(m.get(0, 0)).toBeCloseTo(await linearCKA(await loadNpy(a), await loadNpy(b)), 12);
      expect((await blockJob())?.stalledCounter).toBe(1);
    });
  });

  it('crafted jobs put on the queue by hand fail at once, saying what is wrong', async () => {
    const events = new QueueEvents('repsim', { connection });
    await events.waitUntilReady();
    const sha256 = 'a'.repeat(64);
    const crafted: [string, unknown, RegExp][] = [
      [
        'repsim.block',
        { v: 1, metric: 'linear-cka', options: {}, a: 'x', b: [], row: 0, col: 0 },
        /malformed payload field 'a'/,
      ],
      [
        'repsim.shard',
        { v: 1, shard: 's', a: [{ uri: 'file:///etc/passwd', sha256 }], rows: [5, 2], batchSize: 8 },
        /field 'rows'/,
      ],
      ['repsim.shard', { v: 2 }, /payload version 2, this worker reads version 1/],
      ['repsim.format-disk', { v: 1 }, /unknown job 'repsim.format-disk'/],
      [
        'repsim.block',
        {
          v: 1,
          metric: 'linear-cka',
          options: {},
          a: [{ uri: 'file:///etc/hostname', sha256 }],
          b: [{ uri: 'file:///etc/hostname', sha256 }],
          row: 0,
          col: 0,
        },
        /checksum mismatch for file:\/\/\/etc\/hostname/,
      ],
    ];
    try {
      for (const [name, data, reason] of crafted) {
        const job = await queue.add(name, data, { attempts: 3 });
        await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(reason);
        const failed = await queue.getJob(job.id ?? '');
        expect([failed?.attemptsMade, failed?.failedReason]).toEqual([
          1,
          expect.stringMatching(/^BAD_INPUT: /),
        ]);
      }
    } finally {
      await events.close();
    }
  });

  it('a worker created in this process runs jobs on its own queue, logs failures, and closes', async () => {
    const lines: string[] = [];
    const worker = await createWorker({
      connection,
      queue: 'solo',
      concurrency: 2,
      threads: 1,
      log: (l) => lines.push(l),
    });
    expect(worker.queue).toBe('solo');
    const { file, layer } = await writeLayer('in-process', 60, 5, 600);
    const m = await submitLayerMatrix({ connection, queue: 'solo', a: [file], metric: 'procrustes' });
    expect(m.get(0, 0)).toBeCloseTo(
      (await layerSimilarity([layer], [layer], { metric: 'procrustes' })).get(0, 0),
      12,
    );
    const wrong = { uri: pathToFileURL(file).href, sha256: '0'.repeat(64) };
    await expect(submitLayerMatrix({ connection, queue: 'solo', a: [wrong] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^repsim\.block block-[0-9a-f]{40} failed \(attempt 1\): BAD_INPUT: checksum mismatch/,
      ),
      expect.stringMatching(
        /^repsim\.layer-matrix layer-matrix-[0-9a-f]{40} failed \(attempt 1\): child .* failed/,
      ),
    ]);
    await worker.close();
  });
});
