/**
 * Loads the native addon once, picking the fastest build this CPU can run.
 * node-gyp-build finds `repsim_cpu.node` (in build/Release or prebuilds/; in
 * prebuilds it is named `repsim.node`), a tiny portable module that only says
 * which instruction sets the CPU and OS support. The builds beside it,
 * `repsim_<isa>.so`, are the numerical core compiled per instruction-set level;
 * the fastest one present that the CPU runs is loaded (a source install has
 * only the one for its machine; prebuilds have all). `REPSIM_ISA=baseline`,
 * `x86-64-v3` or `x86-64-v4` forces a choice.
 *
 * Calling it (and turning its errors into RepsimErrors) is call.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

import { RepsimError } from '../base/errors.js';
import { packageManifest } from '../base/package.js';
import { NATIVE_VARIANTS, type NativeAddon, type NativeBuildInfo, type NativeVariant } from './addon.js';

/** What the CPU probe (native/binding/cpu_probe.cc) reports. @internal */
export interface CpuSupport {
  readonly x86_64_v3: boolean;
  readonly x86_64_v4: boolean;
}

/** What a loaded build reports about the CPU, as {@link CpuSupport}. @internal */
export function cpuSupportOf(info: NativeBuildInfo): CpuSupport {
  return { x86_64_v3: info.cpuSupportsX86_64_v3, x86_64_v4: info.cpuSupportsX86_64_v4 };
}

/** The file a variant is built into, e.g. `repsim_x86_64_v4.so`. @internal */
export function variantFile(variant: NativeVariant): string {
  return `repsim_${variant.replace(/-/g, '_')}.so`;
}

/** Whether a CPU with `cpu`'s support can run `variant`. @internal */
export function cpuRuns(variant: NativeVariant, cpu: CpuSupport): boolean {
  if (variant === 'x86-64-v4') return cpu.x86_64_v4;
  if (variant === 'x86-64-v3') return cpu.x86_64_v3;
  return true;
}

/** `REPSIM_ISA`'s value checked: `'auto'` or a variant. @throws RepsimError `BAD_OPTION` */
function requestedVariant(requested: string): NativeVariant | 'auto' {
  if (requested === 'auto') return 'auto';
  const variant = NATIVE_VARIANTS.find((v) => v === requested);
  if (variant) return variant;
  throw new RepsimError(
    'BAD_OPTION',
    `REPSIM_ISA must be auto, ${NATIVE_VARIANTS.join(', ')}, got '${requested}'`,
  );
}

/**
 * The build to load: the one `requested` names (`REPSIM_ISA`), or with
 * `'auto'` the fastest of `present` that the CPU runs. Never a build the CPU
 * cannot run, since loading one would die on an illegal instruction.
 * @throws RepsimError `BAD_OPTION` for an unknown name, `NATIVE_UNAVAILABLE`
 *   when the build is missing or the CPU cannot run it
 * @internal
 */
export function pickVariant(
  requested: string,
  present: readonly NativeVariant[],
  cpu: CpuSupport,
  where = 'the build folder',
): NativeVariant {
  const variant = requestedVariant(requested);
  if (variant === 'auto') {
    const runnable = NATIVE_VARIANTS.find((v) => present.includes(v) && cpuRuns(v, cpu));
    if (runnable) return runnable;
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `no native build in ${where} runs on this CPU (present: ${present.join(', ') || 'none'}); ` +
        'rebuild for this machine with "npm rebuild repsim"',
    );
  }
  if (!cpuRuns(variant, cpu)) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `REPSIM_ISA=${variant} but this CPU lacks ` +
        (variant === 'x86-64-v4' ? 'AVX-512 F/BW/DQ/VL (or the OS does not enable it)' : 'AVX2/FMA/F16C'),
    );
  }
  if (!present.includes(variant)) {
    throw new RepsimError(
      'NATIVE_UNAVAILABLE',
      `REPSIM_ISA=${variant} but ${where} has no ${variantFile(variant)} ` +
        `(present: ${present.join(', ') || 'none'}); build it with REPSIM_BUILD_VARIANTS=${variant} npm rebuild repsim`,
    );
  }
  return variant;
}

function loadModule<T>(file: string): T {
  const module = { exports: {} as T };
  process.dlopen(module, file);
  return module.exports;
}

function unavailable(error: unknown): RepsimError {
  return new RepsimError(
    'NATIVE_UNAVAILABLE',
    `repsim's native addon could not be loaded (${(error as Error).message.split('\n')[0]}); ` +
      'reinstall, or build from source with Eigen installed (see README, "Building from source")',
    { cause: error },
  );
}

function load(): NativeAddon {
  // A specific build, for diagnostics (the sanitized addon of npm run test:sanitized).
  const file = process.env.REPSIM_ADDON_FILE;
  if (file) {
    try {
      return loadModule<NativeAddon>(path.resolve(file));
    } catch (error) {
      throw unavailable(error);
    }
  }
  // Checked before anything is loaded, so a bad value is reported as such.
  const requested = requestedVariant(process.env.REPSIM_ISA ?? 'auto');
  let probePath: string;
  let cpu: CpuSupport;
  try {
    probePath = nodeGypBuild.resolve(packageManifest().root);
    cpu = loadModule<CpuSupport>(probePath);
  } catch (error) {
    throw unavailable(error);
  }
  const dir = path.dirname(probePath);
  const present = NATIVE_VARIANTS.filter((v) => fs.existsSync(path.join(dir, variantFile(v))));
  const variant = pickVariant(requested, present, cpu, dir);
  try {
    return loadModule<NativeAddon>(path.join(dir, variantFile(variant)));
  } catch (error) {
    throw unavailable(error);
  }
}

let addon: NativeAddon | undefined;

/** The loaded addon (loaded on first use). @internal */
export function native(): NativeAddon {
  if (addon === undefined) {
    addon = load();
    // process.exit() waits for libuv's pool to finish work in flight, which
    // can take minutes: stop it instead (each call stops at its next check).
    const loaded = addon;
    process.once('exit', () => loaded.cancelAll());
  }
  return addon;
}
