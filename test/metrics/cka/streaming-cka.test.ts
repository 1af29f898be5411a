// StreamingCKA: merging shards equals one pass; one whole-data batch equals
// debiased CKA; the state round-trips through JSON.
import { describe, expect, it } from 'vitest';

import { StreamingCKA, linearCKASync } from '../../../lib/index.js';
import { gaussian, mapValues, multiply, randomMatrix, type Dense } from '../../support/random.js';

const n = 1200;
const input = randomMatrix(n, 12, 1);
const noise = gaussian(2);
const a1 = mapValues(multiply(input, randomMatrix(12, 20, 3)), (v) => Math.max(0, v));
const a2 = mapValues(multiply(a1, randomMatrix(20, 10, 4)), (v) => Math.tanh(v) + 0.2 * noise());
const b1 = mapValues(multiply(input, randomMatrix(12, 16, 5)), (v) => Math.max(0, v) + 5);

function rows(m: Dense, begin: number, end: number): Dense {
  const p = m.shape[1];
  return { data: m.data.slice(begin * p, end * p), shape: [end - begin, p] };
}

function feed(s: StreamingCKA, begin: number, end: number, batch: number): StreamingCKA {
  for (let i = begin; i < end; i += batch) {
    const j = Math.min(end, i + batch);
    s.update([rows(a1, i, j), rows(a2, i, j)], [rows(b1, i, j)]);
  }
  return s;
}

describe('StreamingCKA', () => {
  it('merging shards equals one pass over all batches', () => {
    const whole = feed(new StreamingCKA(), 0, n, 100);
    const first = feed(new StreamingCKA(), 0, 500, 100);
    const second = feed(new StreamingCKA(), 500, n, 100);
    const merged = first.merge(second);
    expect(merged.batches).toBe(12);
    expect(merged.examples).toBe(n);
    const [w, m] = [whole.value(), merged.value()];
    for (let i = 0; i < w.values.length; i++)
      expect(Math.abs((m.values[i] ?? 0) - (w.values[i] ?? 0))).toBeLessThan(1e-12);
  });

  it('one batch of every example is exactly debiased linear CKA; large batches approach it', () => {
    const full = feed(new StreamingCKA(), 0, n, n).value();
    const exact = linearCKASync(a2, b1, { debiased: true });
    expect(Math.abs(full.get(1, 0) - exact)).toBeLessThan(1e-12);
    const big = feed(new StreamingCKA(), 0, n, 600).value();
    const small = feed(new StreamingCKA(), 0, n, 20).value();
    expect(Math.abs(big.get(1, 0) - exact)).toBeLessThan(Math.abs(small.get(1, 0) - exact) + 1e-3);
    expect(Math.abs(big.get(1, 0) - exact)).toBeLessThan(0.02);
  });

  it('a within-model accumulator is symmetric with a unit diagonal', async () => {
    const s = new StreamingCKA({ threads: 1 });
    for (let i = 0; i < n; i += 300)
      await s.updateAsync({ a1: rows(a1, i, i + 300), a2: rows(a2, i, i + 300) });
    const m = s.value();
    expect(m.labelsA).toEqual(['a1', 'a2']);
    expect(m.get(0, 0)).toBe(1);
    expect(m.get(0, 1)).toBe(m.get(1, 0));
  });

  it('toJSON / fromJSON round-trips through JSON text, and the restored state keeps accumulating', () => {
    const s = feed(new StreamingCKA(), 0, 600, 200);
    const text = JSON.stringify(s);
    const restored = StreamingCKA.fromJSON(JSON.parse(text));
    expect(restored.toJSON()).toEqual(s.toJSON());
    expect(restored.value().toJSON()).toEqual(s.value().toJSON());
    feed(restored, 600, n, 200);
    feed(s, 600, n, 200);
    expect(restored.value().values).toEqual(s.value().values);
  });

  it('memory does not grow with the number of examples', () => {
    const s = feed(new StreamingCKA(), 0, 200, 100);
    const size = JSON.stringify(s.toJSON()).length;
    feed(s, 200, n, 100);
    // Only the counters' digits may grow.
    expect(JSON.stringify(s.toJSON()).length).toBeLessThan(size + 10);
  });

  it('rejects batches and states that do not match', () => {
    const s = feed(new StreamingCKA(), 0, 200, 100);
    expect(() => s.update([rows(a1, 0, 50)], [rows(b1, 0, 50)])).toThrow(
      /StreamingCKA\.update: layers .* differ from the first batch's/,
    );
    expect(() => s.update([rows(a1, 0, 3), rows(a2, 0, 3)], [rows(b1, 0, 3)])).toThrow(
      /needs at least 4 examples/,
    );
    const other = new StreamingCKA();
    other.update([rows(a1, 0, 50)]);
    expect(() => s.merge(other)).toThrow(/StreamingCKA\.merge/);
    expect(() => new StreamingCKA().value()).toThrow(/no batches yet/);
    expect(() => StreamingCKA.fromJSON({ format: 'something else' })).toThrow(/not a StreamingCKA state/);
    const state = s.toJSON();
    expect(() => StreamingCKA.fromJSON({ ...state, cross: [1, 2, 3] })).toThrow(
      /the sums do not match 2 x 1 layers/,
    );
    expect(() => StreamingCKA.fromJSON({ ...state, selfA: ['x', 1] })).toThrow(
      /selfA must be an array of finite numbers/,
    );
  });

  it('fromJSON refuses states no stream could produce (the CKA 1.9e307 of a crafted state)', () => {
    const s = new StreamingCKA();
    s.update([rows(a1, 0, 100), rows(a2, 0, 100)], [rows(b1, 0, 100)]);
    const state = s.toJSON();
    const selfA = [...state.selfA];
    // Sound states of every kind still round-trip.
    expect(StreamingCKA.fromJSON(JSON.parse(JSON.stringify(state))).value().values).toEqual(s.value().values);
    const within = new StreamingCKA();
    within.update([rows(a1, 0, 100), rows(a2, 0, 100)]);
    expect(StreamingCKA.fromJSON(within.toJSON()).value().values).toEqual(within.value().values);
    expect(StreamingCKA.fromJSON(new StreamingCKA().toJSON()).toJSON().batches).toBe(0);
    const crafted: [string, object, RegExp][] = [
      ['huge cross', { cross: [1e300, 0] }, /Cauchy–Schwarz/],
      ['tiny self', { selfA: [1e-7, selfA[1]] }, /Cauchy–Schwarz/],
      ['negative self', { selfA: [-(selfA[0] ?? 1), selfA[1]] }, /negative/],
      ['too few examples', { examples: 3 }, /batches of at least 4/],
      ['sums without batches', { batches: 0, examples: 0 }, /no batches/],
      ['zero features', { featuresA: [0, 3] }, /positive integers/],
      ['labels of other layers', { labelsA: ['only'] }, /names 1 layers/],
    ];
    for (const [what, change, message] of crafted) {
      expect(() => StreamingCKA.fromJSON({ ...state, ...change }), what).toThrow(message);
    }
    const w = within.toJSON();
    expect(() =>
      StreamingCKA.fromJSON({ ...w, cross: [w.cross[0], w.cross[1], -(w.cross[2] ?? 0), w.cross[3]] }),
    ).toThrow(/not symmetric/);
    expect(() =>
      StreamingCKA.fromJSON({ ...w, cross: [(w.cross[0] ?? 0) / 2, w.cross[1], w.cross[2], w.cross[3]] }),
    ).toThrow(/differs from selfA/);
  });
});

describe('StreamingCKA.mergeKeyed (shards from other processes)', () => {
  // 2048 examples x 3 layers, 16 shards of 128: each shard's state as a
  // worker would send it (toJSON), merged by id.
  const count = 2048;
  const x = randomMatrix(count, 10, 21);
  const layers = [
    mapValues(multiply(x, randomMatrix(10, 16, 22)), (v) => Math.max(0, v)),
    mapValues(multiply(x, randomMatrix(10, 8, 23)), Math.tanh),
    mapValues(multiply(x, randomMatrix(10, 6, 24)), (v) => v * v),
  ];
  const ids = Array.from({ length: 16 }, (_, i) => `shard-${String(i).padStart(2, '0')}`);
  const shardOf = (i: number) =>
    new StreamingCKA().update(layers.map((l) => rows(l, i * 128, (i + 1) * 128))).toJSON();
  const states = ids.map((id, i) => [id, shardOf(i)] as const);

  it('equals one process over the same batches, bit for bit, whatever the order', () => {
    const single = new StreamingCKA();
    for (let i = 0; i < 16; i++) single.update(layers.map((l) => rows(l, i * 128, (i + 1) * 128)));
    const merged = StreamingCKA.mergeKeyed(new Map(states), { expected: ids });
    const reversed = StreamingCKA.mergeKeyed([...states].reverse());
    const shuffled = StreamingCKA.mergeKeyed(
      ids.map((_, k) => states[(k * 7) % 16] as (typeof states)[number]),
    );
    expect(merged.examples).toBe(count);
    expect(merged.batches).toBe(16);
    expect(Array.from(merged.value().values)).toEqual(Array.from(single.value().values));
    expect(reversed.toJSON()).toEqual(merged.toJSON());
    expect(shuffled.toJSON()).toEqual(merged.toJSON());
  });

  it('refuses a shard given twice, and names missing or unexpected ones', () => {
    const twice = [...states, ['shard-03', states[3]?.[1]] as const];
    expect(() => StreamingCKA.mergeKeyed(twice as never)).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: expect.stringContaining("shard 'shard-03' is given twice"),
      }),
    );
    expect(() => StreamingCKA.mergeKeyed(states.slice(1), { expected: ids })).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: expect.stringContaining('missing shard shard-00'),
      }),
    );
    expect(() => StreamingCKA.mergeKeyed(states, { expected: ids.slice(0, 15) })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('unexpected shard shard-15') }),
    );
    const crafted = [...states.slice(0, 2), ['shard-99', { format: 'repsim.StreamingCKA' }] as const];
    expect(() => StreamingCKA.mergeKeyed(crafted as never)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining("shard 'shard-99'") }),
    );
    expect(() => StreamingCKA.mergeKeyed([['', states[0]?.[1]]] as never)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});
