// Access to the golden cases in test/fixtures/reference (read with repsim's own npy reader):
// the repository's copy of the project's reference cases, so a clone tests on its own.
import fs from 'node:fs';
import path from 'node:path';

import { parseNpy, type NdArray } from '../../lib/index.js';

export const REFERENCE_DIR = path.resolve(__dirname, '..', 'fixtures', 'reference');

export interface SyntheticCase {
  readonly name: string;
  readonly dtype: 'float32' | 'float64';
  readonly x: NdArray;
  readonly y: NdArray;
  readonly expected: Record<string, unknown>;
}

interface GoldenFile {
  tolerance: { float64: number; float32: number };
  cases: Record<
    string,
    { x: string; y: string; dtype: 'float32' | 'float64'; expected: Record<string, unknown> }
  >;
}

export function loadReferenceArray(...parts: string[]): NdArray {
  const file = path.join(REFERENCE_DIR, ...parts);
  return parseNpy(fs.readFileSync(file), file);
}

export function syntheticGolden(): { tolerance: GoldenFile['tolerance']; cases: SyntheticCase[] } {
  const golden = JSON.parse(
    fs.readFileSync(path.join(REFERENCE_DIR, 'synthetic', 'golden.json'), 'utf8'),
  ) as GoldenFile;
  const cases = Object.entries(golden.cases).map(([name, c]) => ({
    name,
    dtype: c.dtype,
    x: loadReferenceArray('synthetic', c.x),
    y: loadReferenceArray('synthetic', c.y),
    expected: c.expected,
  }));
  return { tolerance: golden.tolerance, cases };
}

/** |actual - expected| <= tolerance * max(|expected|, tiny) */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}
