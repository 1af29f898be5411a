/** Describes the running repsim: package version and which native build was loaded. */
import fs from 'node:fs';
import path from 'node:path';

import { native, type NativeBuildInfo } from './native.js';

/** What {@link buildInfo} returns. */
export interface BuildInfo extends NativeBuildInfo {
  /** repsim's package version. */
  readonly version: string;
}

function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'repsim' && parsed.version) return parsed.version;
    }
  }
  return 'unknown';
}

/**
 * The package version and the native build in use (portable or x86-64-v3,
 * Eigen version, SIMD sets). Loads the addon if it is not loaded yet.
 * @throws RepsimError `NATIVE_UNAVAILABLE` if the addon cannot be loaded
 */
export function buildInfo(): BuildInfo {
  return { version: packageVersion(), ...native().buildInfo };
}
