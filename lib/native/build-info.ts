/** Describes the running repsim: package version and which native build was loaded. */
import type { NativeBuildInfo } from './addon.js';
import { native } from './load.js';
import { packageManifest } from '../base/package.js';

/** What {@link buildInfo} returns. */
export interface BuildInfo extends NativeBuildInfo {
  /** repsim's package version. */
  readonly version: string;
}

/**
 * The package version and the native build in use (portable, x86-64-v3 or x86-64-v4,
 * Eigen version, SIMD sets). Loads the addon if it is not loaded yet.
 * @throws RepsimError `NATIVE_UNAVAILABLE` if the addon cannot be loaded
 */
export function buildInfo(): BuildInfo {
  return { version: packageManifest().version, ...native().buildInfo };
}
