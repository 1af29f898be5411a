// The queue from the command line: `repsim worker --redis` runs jobs until
// SIGTERM (then exits 0), `repsim submit matrix|cka` prints what the library
// gives in one process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { layerSimilarity } from '../../lib/index.js';
import { saveNpz } from '../../lib/io/files.js';
import { CLI, requireBuilt } from '../support/built.js';
import { randomMatrix } from '../support/random.js';
import { RUN_REDIS_TESTS, startRedisServer, type RedisServer } from '../support/redis-server.js';

describe.skipIf(!RUN_REDIS_TESTS)('repsim worker and repsim submit', () => {
  let redis: RedisServer;
  let dir: string;
  let url: string;
  let worker: ChildProcess;
  let workerOutput = '';
  const layers = {
    conv: randomMatrix(240, 18, 11),
    fc: randomMatrix(240, 9, 12),
    logits: randomMatrix(240, 4, 13),
  };

  beforeAll(async () => {
    requireBuilt();
    redis = await startRedisServer();
    url = `unix://${redis.socket}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-queue-cli-'));
    await saveNpz(path.join(dir, 'model.npz'), layers);
    worker = spawn(process.execPath, [CLI, 'worker', '--redis', url, '--threads', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    while (!workerOutput.includes('taking jobs')) {
      if (worker.exitCode !== null) throw new Error(`worker exited: ${workerOutput}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (worker?.exitCode === null) worker.kill('SIGKILL');
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'submit', ...args, '--redis', url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (status) => resolve({ status, stdout, stderr }));
    });

  it('submit matrix prints the layerSimilarity matrix of the .npz layers', async () => {
    const r = await submit([
      'matrix',
      path.join(dir, 'model.npz'),
      '--metric',
      'svcca',
      '--block',
      '2x2',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    const want = await layerSimilarity(layers, undefined, { metric: 'svcca' });
    expect(got.labelsA).toEqual(['conv', 'fc', 'logits']);
    for (let k = 0; k < 9; k++) expect(got.values[k]).toBeCloseTo(want.values[k] ?? Number.NaN, 12);
  });

  it('submit cka prints the merged minibatch CKA table', async () => {
    const r = await submit(['cka', path.join(dir, 'model.npz'), '--shards', '3', '--batch-size', '20']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^minibatch CKA over 240 examples in 3 shards \(12 batches\)\n\s+conv\s+fc\s+logits\nconv\s+1\.0000/,
    );
  });

  it('bad submissions are usage errors', async () => {
    expect((await submit(['matrix', path.join(dir, 'model.npz'), '--metric', 'nope'])).status).toBe(2);
    expect((await submit(['cka', path.join(dir, 'model.npz')])).stderr).toMatch(/needs --shards/);
    expect((await submit(['tensor', path.join(dir, 'model.npz')])).stderr).toMatch(
      /submit needs what to run first: 'matrix' or 'cka', got 'tensor'/,
    );
    const r = spawnSync(process.execPath, [CLI, 'worker'], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/worker needs --redis/)]);
  });

  it('SIGTERM: the worker finishes and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerOutput).toMatch(/finishing the jobs it holds, then exiting/);
  });
});
