/**
 * `repsim compare <modelA> [modelB]`: every requested metric's layer × layer
 * matrix, written as results.json, CSVs, SVG and PNG heatmaps and a
 * self-contained report.html.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { RepsimError, type RepsimErrorCode } from '../base/errors.js';
import { loadNpy } from '../io/files.js';
import type { NdArray } from '../io/npy.js';
import { metricEntry, metricNames } from '../metrics/registry.js';
import { COMPARE_METRICS, compareModels, type CompareMetric } from '../report/compare.js';
import { resultsJson, writeReport } from '../report/write-report.js';
import { loadFloatLayers, requireFloat } from './activations.js';
import { progressBar } from './progress.js';
import { choiceFlag, integerFlag } from './flags.js';
import { UsageError } from './usage-error.js';

const DEFAULT_METRICS = metricNames((m) => m.compareDefault).join(',');

/** The text of `repsim compare --help`. */
export const COMPARE_HELP = `Usage: repsim compare <modelA> [modelB] [options]

Compares every layer of model A with every layer of model B (or, with B left
out, every pair of A's layers) on the same examples, and writes a report.
A model is a directory of .npy files (one per layer, natural order), an .npz
or a .safetensors file; rows are examples, other dimensions are flattened.

Options:
  --metrics <list>       comma-separated, from: ${COMPARE_METRICS.join(', ')}
                         (default: ${DEFAULT_METRICS})
  --out <dir>            where to write results.json, <metric>.csv/.svg/.png and
                         report.html (default: repsim-report)
  --labels <file.npy>    class labels, one per example: per-class entropies, accuracy
  --outputs <a.npy>[,<b.npy>]
                         logits of A (and B): JSD and prediction agreement
  --permutations <n>     permutation p-value for every cell (default: 0, none)
  --seed <n>             seed of the permutations (default: 0)
  --threads <n>          threads for the computation (default: every core)
  --allow-underdetermined
                         CCA, SVCCA, PWCCA with fewer examples than n - 1 < p1 + p2
  --conv <flatten|channels>
                         how the pairwise metrics read 4-D conv layers: every
                         example a sample (flatten, the default) or every
                         position a sample (channels; maps of one h x w only)
  --layout <nhwc|nchw>   memory order of 4-D layers (default: nhwc)
  --json                 also print results.json to stdout
  -h, --help             show this help
`;

/** The library's bounds for each integer flag. */
const INTEGER_FLAGS = {
  permutations: { min: 0, max: 10_000_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  threads: { min: 1, max: 1024 },
} as const;

function parseMetrics(list: string): CompareMetric[] {
  const metrics = list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  const unknown = metrics.find((m) => metricEntry(m) === undefined); // former names are accepted too
  if (unknown !== undefined) {
    throw new UsageError(
      `unknown metric '${unknown}' in --metrics; choose from ${COMPARE_METRICS.join(', ')}`,
    );
  }
  if (metrics.length === 0) throw new UsageError('--metrics is empty');
  return [...new Set(metrics.map((m) => metricEntry(m)?.name))] as CompareMetric[];
}

function labelsOf(array: NdArray, file: string): number[] {
  if (array.shape.length !== 1 && !(array.shape.length === 2 && array.shape[1] === 1)) {
    throw new UsageError(
      `${file}: labels must be one value per example (shape [n]), got [${array.shape.join(', ')}]`,
    );
  }
  return Array.from(array.data as ArrayLike<number | bigint>, Number);
}

async function mustExist(file: string): Promise<void> {
  try {
    await fs.access(file);
  } catch {
    throw new UsageError(`cannot read ${file}: no such file or directory`);
  }
}

/** Runs `repsim compare` with the arguments after the command name. */
export async function compareCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      metrics: { type: 'string', default: DEFAULT_METRICS },
      out: { type: 'string', default: 'repsim-report' },
      labels: { type: 'string' },
      outputs: { type: 'string' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      'allow-underdetermined': { type: 'boolean', default: false },
      conv: { type: 'string' },
      layout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(COMPARE_HELP);
  if (positionals.length < 1 || positionals.length > 2) {
    throw new UsageError(
      `compare needs one or two models, got ${positionals.length}; run "repsim compare --help"`,
    );
  }
  const metrics = parseMetrics(values.metrics);
  const permutations = integerFlag('permutations', values.permutations, INTEGER_FLAGS.permutations) ?? 0;
  const seed = integerFlag('seed', values.seed, INTEGER_FLAGS.seed) ?? 0;
  const threads = integerFlag('threads', values.threads, INTEGER_FLAGS.threads);
  const conv = choiceFlag('conv', values.conv, ['flatten', 'channels'] as const);
  const layout = choiceFlag('layout', values.layout, ['nhwc', 'nchw'] as const);
  if (conv === 'channels' && permutations > 0) {
    throw new UsageError(
      '--permutations with --conv channels would shuffle positions, not examples; use --conv flatten for p-values',
    );
  }
  const outputFiles = values.outputs?.split(',') ?? [];
  if (outputFiles.length > 2) throw new UsageError('--outputs takes one or two .npy files');

  const [specA = '', specB] = positionals;
  for (const file of [...positionals, values.labels, ...outputFiles]) {
    if (file !== undefined) await mustExist(file);
  }
  const layersA = await loadFloatLayers(specA);
  const layersB = specB === undefined ? undefined : await loadFloatLayers(specB);
  const labels =
    values.labels === undefined ? undefined : labelsOf(await loadNpy(values.labels), values.labels);
  const outputs = await Promise.all(outputFiles.map(async (f) => requireFloat(await loadNpy(f), f)));

  const progress = progressBar();
  // Ctrl-C stops the native work and leaves --out as it was (the report is
  // written whole or not at all); a second Ctrl-C kills as usual.
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  process.once('SIGINT', onInterrupt);
  const result = await compareModels(layersA, layersB, {
    metrics,
    signal: interrupt.signal,
    ...(conv === undefined ? {} : { conv }),
    ...(layout === undefined ? {} : { layout }),
    permutations,
    seed,
    ...(threads === undefined ? {} : { threads }),
    ...(values['allow-underdetermined'] ? { allowUnderdetermined: true } : {}),
    ...(labels === undefined ? {} : { labels }),
    ...(outputs[0] === undefined ? {} : { outputsA: outputs[0] }),
    ...(outputs[1] === undefined ? {} : { outputsB: outputs[1] }),
    onProgress: (done, total, step, fraction) => progress.update(done, total, step, fraction),
  }).finally(() => {
    process.removeListener('SIGINT', onInterrupt);
    progress.done();
  });
  await writeReport(result, values.out, {
    title:
      specB === undefined
        ? `repsim: ${path.basename(specA)}`
        : `repsim: ${path.basename(specA)} vs ${path.basename(specB)}`,
    nameA: path.basename(specA),
    ...(specB === undefined ? {} : { nameB: path.basename(specB) }),
  });
  out(
    values.json
      ? `${JSON.stringify(resultsJson(result))}\n`
      : `wrote ${path.join(values.out, 'report.html')}\n`,
  );
  const failures = result.failures ?? [];
  const first = failures[0];
  if (first !== undefined) {
    // The report is written; the exit status still says that something failed.
    const metricsFailed = failures.filter((f) => f.layerA === undefined).length;
    const cellsFailed = failures.length - metricsFailed;
    const shown = failures.slice(0, 3).map((f) => {
      const where = f.layerA === undefined ? f.metric : `${f.metric} ${f.layerA} x ${f.layerB ?? ''}`;
      return `${where}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
    });
    if (failures.length > shown.length) shown.push(`and ${failures.length - shown.length} more`);
    throw new RepsimError(
      first.code as RepsimErrorCode,
      `${metricsFailed} of ${metricsFailed + result.metrics.length} metrics and ${cellsFailed} cells failed (the report lists them): ` +
        shown.join('; '),
    );
  }
}
