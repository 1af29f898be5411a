// The `repsim` command, run as a separate process the way a user runs it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { linearCKASync, saveNpy } from '../../lib/index.js';
import { REFERENCE_DIR } from '../support/golden.js';
import { CLI, requireBuilt, ROOT } from '../support/built.js';

function repsim(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-cli-'));
const a = path.join(dir, 'a.npy');
const b = path.join(dir, 'b.npy');
const x = { data: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 0.7)), shape: [10, 4] };
const y = { data: Float32Array.from({ length: 30 }, (_, i) => Math.cos(i * 0.3) + (i % 4)), shape: [10, 3] };

beforeAll(async () => {
  requireBuilt();
  await saveNpy(a, x);
  await saveNpy(b, y);
});

describe('repsim cka', () => {
  it('prints the same value as the API', () => {
    const run = repsim('cka', a, b);
    expect(run.code).toBe(0);
    expect(Number(run.stdout.trim())).toBe(linearCKASync(x, y));
  });

  it('prints JSON with --json, honouring --form and --threads', () => {
    const run = repsim('cka', a, b, '--json', '--form', 'gram', '--threads', '1');
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({ x: a, y: b, shapeX: [10, 4], shapeY: [10, 3] });
    expect(parsed.linearCKA).toBeCloseTo(linearCKASync(x, y), 12);
  });

  it('reads one array of an .npz as file.npz:name', () => {
    const npz = path.join(ROOT, 'test', 'fixtures', 'numpy', 'layers_stored.npz');
    const run = repsim('cka', `${npz}:first`, `${npz}:second`);
    expect(run.code).toBe(0);
    expect(Number(run.stdout)).toBeCloseTo(1, 12); // both are ramps of the same rows
  });

  it('computes the real MNIST pair', () => {
    const real = (f: string) => path.join(REFERENCE_DIR, 'real', f);
    const run = repsim('cka', real('mnist_fc_logits_a.npy'), real('mnist_fc_logits_b.npy'));
    expect(run.code).toBe(0);
    expect(Number(run.stdout)).toBeCloseTo(0.437452, 5);
  });
});

describe('exit codes and help', () => {
  it('--help lists every command and option with defaults', () => {
    const top = repsim('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/cka <x> <y>/);
    expect(top.stdout).toMatch(/info/);
    const cka = repsim('cka', '--help');
    expect(cka.code).toBe(0);
    for (const option of ['--form <auto|feature|gram>', 'default: auto', '--threads <n>', '--json']) {
      expect(cka.stdout).toContain(option);
    }
  });

  it('--version and info report the package and native build', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(repsim('--version').stdout.trim()).toBe(version.version);
    const info = JSON.parse(repsim('info').stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ version: version.version, eigen: '3.4.0' });
    expect(['baseline', 'x86-64-v3', 'x86-64-v4']).toContain(info.isa);
  });

  it('bad command lines exit 2 with one line on stderr', () => {
    for (const args of [
      ['frobnicate'],
      ['cka', a],
      ['cka', a, b, '--bogus'],
      ['cka', a, b, '--form', 'fast'],
      ['cka', a, b, '--threads', '0'],
      ['cka', a, path.join(dir, 'missing.npy')],
    ]) {
      const run = repsim(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^repsim: /);
    }
  });

  it('a failed computation exits 1 with the error code', async () => {
    const constant = path.join(dir, 'constant.npy');
    await saveNpy(constant, { data: new Float64Array(20).fill(2), shape: [10, 2] });
    const run = repsim('cka', constant, b);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^repsim: ZERO_VARIANCE: x has zero variance/);
    const labels = path.join(ROOT, 'test', 'fixtures', 'numpy', 'i4_labels_7.npy');
    expect(repsim('cka', labels, labels).stderr).toMatch(
      /BAD_INPUT: .* must be float32 or float64, got int32/,
    );
  });
});
