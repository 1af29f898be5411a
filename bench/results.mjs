// bench/RESULTS.md holds one section per benchmark script, between markers,
// so each script rewrites its own part and leaves the others alone; and the
// timing helper the scripts share.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
const HEADER =
  '# Benchmarks\n\nWritten by `npm run bench`; each section by the script it names. Ratios, not absolute times: the machines are shared and noisy.\n';

/** Replaces (or appends) the section `name` of bench/RESULTS.md. */
export function writeSection(name, markdown) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  if (!text.startsWith('# Benchmarks')) text = HEADER; // an older single-section file
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const at = text.indexOf(start);
  const after = text.indexOf(end);
  text =
    at >= 0 && after > at
      ? text.slice(0, at) + block + text.slice(after + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/**
 * The environment to run numpy in: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow a
 * current numpy down where they are set, so they are unset for it alone.
 */
export function numpyEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** One line describing the machine and the builds compared. */
export function machineLine(info, numpyVersion) {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} threads, Node ${process.version}, repsim ${info.version} (native build \`${info.isa}\`, Eigen ${info.eigen}), numpy ${numpyVersion}, ${new Date().toISOString().slice(0, 10)}.`;
}

/**
 * The fastest of `reps` timed calls of `fn` (after one untimed warm-up call
 * when `warmUp`), and the value of the last call.
 */
export function bestOf(fn, reps, { warmUp = false } = {}) {
  let value = warmUp ? fn() : undefined;
  let seconds = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    value = fn();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds, value };
}

/**
 * What every benchmark script starts from: its folder, a scratch folder for
 * data files handed to numpy (created), whether BENCH_QUICK=1 asks for small
 * sizes, and numpy's version ('not available' when python3 cannot import
 * every module in `pythonModules`).
 */
export function benchSetup(pythonModules = ['numpy']) {
  const here = path.dirname(file);
  const dataDir = path.join(here, '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const probe = spawnSync('python3', ['-c', `import ${pythonModules.join(', ')}; print(numpy.__version__)`], {
    encoding: 'utf8',
  });
  const numpyVersion = probe.stdout?.trim() || 'not available';
  return { here, dataDir, quick: process.env.BENCH_QUICK === '1', numpyVersion };
}
