// Paths of the built package, for tests that run it as a user would.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cjs', 'cli', 'main.js');
export const CJS_ENTRY = path.join(ROOT, 'dist', 'cjs', 'index.js');

/** Fails with a clear message when `npm run build` has not been run. */
export function requireBuilt(): void {
  if (!fs.existsSync(CLI) || !fs.existsSync(CJS_ENTRY)) {
    throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  }
}
