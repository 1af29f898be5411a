/** Where repsim's own package.json is, found once by walking up from this file. @internal */
import fs from 'node:fs';
import path from 'node:path';

interface Manifest {
  readonly root: string;
  readonly version: string;
}

let found: Manifest | undefined;

/** repsim's package root and version (works from lib/ in development and dist/cjs/ when installed). */
export function packageManifest(): Manifest {
  if (found) return found;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'repsim') {
        found = { root: dir, version: parsed.version ?? 'unknown' };
        return found;
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no repsim package.json above ${__dirname}`);
  }
}
