// The pieces of repsim/distributed that need no Redis: layer references and
// their checksums, resolvers, job ids, Redis URLs, batch ranges, and the
// errors a submitter gets before (or instead of) reaching a queue.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import {
  batchRanges,
  connectionFromUrl,
  createWorker,
  layerRef,
  submitLayerMatrix,
} from '../../lib/distributed/index.js';
import { checkPayload } from '../../lib/distributed/payload-checks.js';
import { canonicalJson, jobId } from '../../lib/distributed/payloads.js';
import { LayerCache } from '../../lib/distributed/layer-cache.js';
import { loadLayerRef, type LayerRef } from '../../lib/distributed/references.js';
import { saveNpy, saveNpz } from '../../lib/io/files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-refs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const layer = { data: Float64Array.from({ length: 24 }, (_, i) => Math.cos(i)), shape: [6, 4] };
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('layer references', () => {
  it('a path, a file:// URI and an .npz:name become {uri, layer, sha256} of the file', async () => {
    const npy = path.join(dir, 'x.npy');
    const npz = path.join(dir, 'model.npz');
    await saveNpy(npy, layer);
    await saveNpz(npz, { fc1: layer, fc2: layer });
    const uri = pathToFileURL(npy).href;
    expect(await layerRef(npy)).toEqual({ uri, sha256: sha(npy) });
    expect(await layerRef(uri)).toEqual({ uri, sha256: sha(npy) });
    expect(await layerRef(`${npz}:fc2`)).toEqual({
      uri: pathToFileURL(npz).href,
      layer: 'fc2',
      sha256: sha(npz),
    });
    expect(await layerRef(`${pathToFileURL(npz).href}#fc1`)).toMatchObject({ layer: 'fc1' });
    const loaded = await loadLayerRef(await layerRef(`${npz}:fc2`));
    expect(loaded.shape).toEqual([6, 4]);
    expect(Array.from(loaded.data as Float64Array)).toEqual(Array.from(layer.data));
  });

  it('a given sha256 is trusted at submission and checked when read', async () => {
    const file = path.join(dir, 'trusted.npy');
    await saveNpy(file, layer);
    const wrong = '0'.repeat(64);
    const ref = await layerRef({ uri: pathToFileURL(file).href, sha256: wrong });
    expect(ref.sha256).toBe(wrong);
    await expect(loadLayerRef(ref)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(
        new RegExp(
          `checksum mismatch for .*trusted\\.npy: the job expects sha256 0{64}, the file has ${sha(file)}`,
        ),
      ),
    });
  });

  it('bad references are BAD_INPUT errors that say what to give', async () => {
    await expect(layerRef(path.join(dir, 'missing.npy'))).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: /missing\.npy': no such file/,
    });
    await expect(layerRef('s3://bucket/x.npy')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: /no resolver for 's3:' URIs/,
    });
    await expect(layerRef({ uri: 'file:///x.npy', sha256: 'ABC' })).rejects.toMatchObject({
      message: /64 lower-case hex/,
    });
    await expect(layerRef(42 as never)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const npz = path.join(dir, 'two.npz');
    await saveNpz(npz, { a: layer, b: layer });
    await expect(loadLayerRef(await layerRef(npz))).rejects.toMatchObject({
      message: /holds 2 arrays; name one as layer \(names: a, b\)/,
    });
    await expect(loadLayerRef(await layerRef(`${npz}:c`))).rejects.toMatchObject({
      message: /has no array 'c'/,
    });
    const ints = path.join(dir, 'ints.npy');
    await saveNpy(ints, { data: new Int32Array(8), shape: [4, 2] });
    await expect(loadLayerRef(await layerRef(ints))).rejects.toMatchObject({
      message: /float32 or float64, got int32/,
    });
  });

  it('a resolver reads other schemes, on both sides', async () => {
    const file = path.join(dir, 'remote.npy');
    await saveNpy(file, layer);
    const seen: string[] = [];
    const resolvers = {
      'mem:': async (url: URL) => {
        seen.push(url.href);
        return fs.promises.readFile(file);
      },
    };
    const ref = await layerRef('mem://store/remote.npy', resolvers);
    expect(ref).toEqual({ uri: 'mem://store/remote.npy', sha256: sha(file) });
    expect((await loadLayerRef(ref, resolvers)).shape).toEqual([6, 4]);
    expect(seen).toEqual(['mem://store/remote.npy', 'mem://store/remote.npy']);
  });
});

describe("a worker's layer cache", () => {
  it('shares one read between concurrent jobs, evicts the least recently used over its bytes, and does not keep failures', async () => {
    const files = await Promise.all(
      ['c0', 'c1', 'c2'].map(async (name) => {
        const file = path.join(dir, `${name}.npy`);
        await saveNpy(file, layer);
        return file;
      }),
    );
    const reads: string[] = [];
    let failNext = false;
    const resolvers = {
      'count:': async (url: URL) => {
        reads.push(path.basename(url.pathname));
        if (failNext) {
          failNext = false;
          throw new Error('storage hiccup');
        }
        return fs.promises.readFile(url.pathname);
      },
    };
    const refs = files.map((f) => ({ uri: `count://${f}`, sha256: sha(f) }));
    // Room for two layers of 6 x 4 float64 (192 bytes each).
    const cache = new LayerCache(resolvers, 400);
    const [r0] = refs as [LayerRef, LayerRef, LayerRef];
    const [x, y] = await Promise.all([cache.load(r0), cache.load(r0)]);
    expect(x).toBe(y);
    expect(reads).toEqual(['c0.npy']);
    await cache.load(refs[1] as LayerRef);
    await cache.load(r0); // c0 is now the most recently used
    await cache.load(refs[2] as LayerRef); // evicts c1
    await cache.load(r0);
    await cache.load(refs[1] as LayerRef);
    expect(reads).toEqual(['c0.npy', 'c1.npy', 'c2.npy', 'c1.npy']);
    failNext = true;
    await expect(cache.load(refs[1] as LayerRef)).resolves.toBeDefined(); // still cached: no read
    const fresh = new LayerCache(resolvers, 400);
    failNext = true;
    await expect(fresh.load(r0)).rejects.toThrow('storage hiccup');
    await expect(fresh.load(r0)).resolves.toBeDefined();
  });

  it('reads an .npz once for all of its layers', async () => {
    const npz = path.join(dir, 'cached.npz');
    await saveNpz(npz, {
      fc1: layer,
      fc2: { data: Float64Array.from(layer.data, (v) => 2 * v), shape: [6, 4] },
    });
    let reads = 0;
    const resolvers = {
      'count:': async (url: URL) => {
        reads++;
        return fs.promises.readFile(url.pathname);
      },
    };
    const cache = new LayerCache(resolvers, 1 << 20);
    const uri = `count://${npz}`;
    const [fc1, fc2] = await Promise.all([
      cache.load({ uri, layer: 'fc1', sha256: sha(npz) }),
      cache.load({ uri, layer: 'fc2', sha256: sha(npz) }),
    ]);
    expect(reads).toBe(1);
    expect(fc2.data[1]).toBe(2 * (fc1.data[1] as number));
    await expect(cache.load({ uri, layer: 'fc3', sha256: sha(npz) })).rejects.toMatchObject({
      message: expect.stringMatching(/has no array 'fc3' \(names: fc1, fc2\)/),
    });
  });
});

describe('job ids', () => {
  it('are the same for the same payload whatever its key order, and differ by parent', () => {
    const payload = { v: 1, metric: 'linear-cka', a: [{ uri: 'file:///a.npy', sha256: 'x' }] };
    const shuffled = { a: [{ sha256: 'x', uri: 'file:///a.npy' }], metric: 'linear-cka', v: 1 };
    expect(canonicalJson(payload)).toBe(canonicalJson(shuffled));
    expect(jobId('repsim.block', payload)).toBe(jobId('repsim.block', shuffled));
    expect(jobId('repsim.block', payload, 'p1')).not.toBe(jobId('repsim.block', payload, 'p2'));
    expect(jobId('repsim.block', payload)).toMatch(/^block-[0-9a-f]{40}$/);
  });
});

describe('payload checks', () => {
  it("refuse job names that are Object's own keys, not only unknown ones", () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'repsim.nope']) {
      expect(() => checkPayload(name, { v: 1 })).toThrow(/unknown job/);
    }
    expect(() => checkPayload('repsim.model-matrix', { v: 1, pairs: 2 })).not.toThrow();
    expect(() => checkPayload('repsim.model-matrix', { v: 1, pairs: -2 })).toThrow(
      /malformed payload field 'pairs'/,
    );
  });
});

describe('Redis URLs', () => {
  it('become ioredis options', () => {
    expect(connectionFromUrl('redis://localhost:6380/2')).toEqual({ host: 'localhost', port: 6380, db: 2 });
    expect(connectionFromUrl('rediss://u:p%40ss@cache.example:6379')).toEqual({
      host: 'cache.example',
      port: 6379,
      username: 'u',
      password: 'p@ss',
      tls: {},
    });
    expect(connectionFromUrl('unix:///run/redis/redis.sock')).toEqual({ path: '/run/redis/redis.sock' });
    expect(connectionFromUrl('/tmp/redis.sock')).toEqual({ path: '/tmp/redis.sock' });
    expect(() => connectionFromUrl('http://x')).toThrow(/expected redis:\/\/, rediss:\/\/ or unix:\/\//);
    expect(() => connectionFromUrl('localhost')).toThrow(/not a URL/);
    expect(() => connectionFromUrl('redis://h/db1')).toThrow(/database must be a number/);
  });
});

describe('batch ranges', () => {
  it('cover every row once, with no batch under 4 rows', () => {
    expect(batchRanges(10, 4)).toEqual([
      [0, 4],
      [4, 10],
    ]);
    expect(batchRanges(12, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 12],
    ]);
    for (let rows = 4; rows < 60; rows++) {
      for (const size of [4, 5, 7, 16]) {
        const ranges = batchRanges(rows, size);
        expect(ranges[0]?.[0]).toBe(0);
        expect(ranges.at(-1)?.[1]).toBe(rows);
        for (const [k, [start, end]] of ranges.entries()) {
          expect(end - start).toBeGreaterThanOrEqual(4);
          if (k > 0) expect(start).toBe(ranges[k - 1]?.[1]);
        }
      }
    }
  });
});

describe('submitting', () => {
  it('bad options are BAD_OPTION before any connection', async () => {
    const connection = { path: path.join(dir, 'no-redis.sock') };
    await expect(submitLayerMatrix({ connection, a: [], metric: 'nope' as never })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(submitLayerMatrix({ connection, a: ['x.npy'], threads: 2 } as never)).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: /threads/,
    });
    await expect(submitLayerMatrix({ connection, a: ['x.npy'], block: { rows: 0 } })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: /block.rows must be a positive integer/,
    });
  });

  it('no Redis at the address: createWorker and submit fail with UNREACHABLE naming it, not a hang', async () => {
    const file = path.join(dir, 'lonely.npy');
    await saveNpy(file, layer);
    const socket = path.join(dir, 'no-redis.sock');
    await expect(submitLayerMatrix({ connection: { path: socket }, a: [file] })).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining(`cannot reach Redis at ${socket}`),
    });
    await expect(createWorker({ connection: { path: socket } })).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
  }, 30_000);
});
