// repsim/tfjs similarityCallback on real (small) model.fit runs: one record
// per recorded epoch and layer, values equal to repsim's metric on the
// recorded activations, every reference kind, and options checked up front.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { linearCKASync } from '../../lib/index.js';
import { recordLayers, similarityCallback, type SimilarityRecord } from '../../lib/tfjs/index.js';
import { seededMlp } from '../support/tfjs-models.js';

function model(seed: number): tf.LayersModel {
  const m = seededMlp(5, [12, 6, 2], seed);
  m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  return m;
}

const xs = tf.randomNormal([40, 5], 0, 1, 'float32', 11);
const ys = tf.randomNormal([40, 2], 0, 1, 'float32', 12);
const probe = tf.randomNormal([30, 5], 0, 1, 'float32', 13);
const fit = (m: tf.LayersModel, callbacks: tf.Callback[], epochs = 3) =>
  m.fit(xs, ys, { epochs, batchSize: 10, shuffle: false, verbose: 0, callbacks });

const layersOf = (records: readonly SimilarityRecord[]) => [...new Set(records.map((r) => r.layer))];

describe('similarityCallback', () => {
  it("against 'initial': a record per epoch per layer, equal to linear CKA of the recorded layers", async () => {
    const m = model(1);
    const initial = await recordLayers(m, probe, { pool: 'flatten' });
    const seen: number[] = [];
    const cb = similarityCallback({ probe, onRecord: (records) => void seen.push(records.length) });
    await fit(m, [cb]);
    expect(cb.records).toHaveLength(9);
    expect(seen).toEqual([3, 3, 3]);
    expect(layersOf(cb.records)).toEqual(['h1', 'h2', 'out']);
    expect(cb.series('h1').map((r) => r.epoch)).toEqual([0, 1, 2]);
    const final = await recordLayers(m, probe, { pool: 'flatten' });
    for (const layer of ['h1', 'h2', 'out']) {
      const last = cb.series(layer).at(-1)?.value;
      expect(last).toBeCloseTo(linearCKASync(final.get(layer) as never, initial.get(layer) as never), 12);
    }
  });

  it("against 'final': kept during training, resolved at its end (the last record is 1)", async () => {
    const m = model(2);
    const seen: number[] = [];
    const cb = similarityCallback({
      probe,
      metrics: ['linear-cka', 'svcca'],
      reference: 'final',
      onRecord: () => void seen.push(1),
    });
    const fitting = fit(m, [cb], 4);
    await fitting;
    expect(cb.records).toHaveLength(4 * 3 * 2);
    expect(seen.length).toBe(4); // one call per record, all at the end
    for (const layer of cb.layers) {
      for (const metric of ['linear-cka', 'svcca'] as const) {
        const series = cb.series(layer, metric);
        expect(series.map((r) => r.epoch)).toEqual([0, 1, 2, 3]);
        expect(series.at(-1)?.value).toBeCloseTo(1, 6);
        series.forEach((r) => expect(r.value).toBeLessThanOrEqual(1 + 1e-9));
      }
    }
    const json = cb.toJSON();
    expect(json).toMatchObject({
      v: 1,
      reference: 'final',
      metrics: ['linear-cka', 'svcca'],
      layers: ['h1', 'h2', 'out'],
    });
    expect(JSON.parse(JSON.stringify(json)).records).toHaveLength(24);
  });

  it("'previous', every N epochs (the last always), every N batches, another model", async () => {
    const previous = similarityCallback({ probe, reference: 'previous', every: 2, layers: ['h2'] });
    await fit(model(3), [previous], 5);
    expect(previous.series('h2').map((r) => r.epoch)).toEqual([1, 3, 4]);

    const batches = similarityCallback({ probe, everyBatches: 3, layers: ['h1'] });
    await fit(model(4), [batches], 2); // 4 batches an epoch: batches 3, 6
    expect(batches.series('h1').map((r) => [r.epoch, r.batch])).toEqual([
      [0, 3],
      [1, 6],
    ]);

    const twin = model(5);
    const trained = model(5); // same initial weights as twin
    const other = similarityCallback({ probe, reference: twin, layers: ['h1', 'out'] });
    await fit(trained, [other], 1);
    const before = await recordLayers(twin, probe, { pool: 'flatten', layers: ['out'] });
    const after = await recordLayers(trained, probe, { pool: 'flatten', layers: ['out'] });
    expect(other.series('out')[0]?.value).toBeCloseTo(
      linearCKASync(after.get('out') as never, before.get('out') as never),
      12,
    );
  });

  it('checks its options when made, not mid-training', () => {
    expect(() => similarityCallback({} as never)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => similarityCallback({ probe, metric: 'cka' as never })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => similarityCallback({ probe, reference: 'best' as never })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => similarityCallback({ probe, every: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => similarityCallback({ probe, every: 2, everyBatches: 2 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => similarityCallback({ probe, metricOptions: { variance: 2 } as never })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});
