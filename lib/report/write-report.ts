/**
 * Writes a comparison to a folder: results.json (everything), one CSV per
 * metric (and per p-value matrix), one SVG heatmap and its PNG per metric,
 * and report.html. Every file is written to a temporary name and renamed
 * into place, so a failure never leaves a half-written file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { writeAtomically } from '../io/files.js';
import { metricEntry } from '../metrics/registry.js';
import type { LayerMatrix } from '../base/layer-matrix.js';
import type { Comparison, MetricReport } from './compare.js';
import { matrixCsv } from './csv.js';
import { heatmapSvg } from './heatmap.js';
import { reportHtml, type ReportImage } from './html.js';
import { svgToPng } from './png.js';

/** Version of the results.json layout. */
export const RESULTS_SCHEMA_VERSION = 1;

function rowsOf(matrix: LayerMatrix): number[][] {
  return matrix.toArray();
}

/** The JSON document of a comparison (results.json, and `repsim compare --json`). */
export function resultsJson(result: Comparison): Record<string, unknown> {
  return {
    schema: RESULTS_SCHEMA_VERSION,
    within: result.within,
    examples: result.examples,
    layersA: result.layersA,
    layersB: result.layersB,
    metrics: result.metrics.map((m) => ({
      metric: m.metric,
      kind: m.kind,
      values: rowsOf(m.matrix),
      ...(m.pValues ? { pValues: rowsOf(m.pValues) } : {}),
      seconds: m.seconds,
    })),
    ...(result.entropies ? { entropies: result.entropies } : {}),
    ...(result.functional ? { functional: result.functional } : {}),
    options: result.options,
    versions: result.versions,
    seconds: result.seconds,
  };
}

function scaleOf(m: MetricReport): { min: number; max: number } {
  if (m.kind === 'distance') return { min: 0, max: Math.SQRT2 };
  let min = 0;
  for (const v of m.matrix.values) min = Math.min(min, v);
  return { min, max: 1 };
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The page's title; default "repsim comparison". */
  readonly title?: string;
  /** Names of the two models for the axes; default "model A", "model B". */
  readonly nameA?: string;
  readonly nameB?: string;
}

/**
 * Writes every output file of `result` into `dir` (created if needed).
 * @returns the paths written
 */
export async function writeReport(
  result: Comparison,
  dir: string,
  options: WriteReportOptions = {},
): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const nameA = options.nameA ?? 'model A';
  const nameB = result.within ? nameA : (options.nameB ?? 'model B');
  const written: string[] = [];
  const write = async (file: string, contents: string | Uint8Array) => {
    const target = path.join(dir, file);
    await writeAtomically(target, contents);
    written.push(target);
  };
  const images: ReportImage[] = [];
  for (const m of result.metrics) {
    const title = metricEntry(m.metric)?.label ?? m.metric;
    const svg = heatmapSvg(m.matrix, { title, ...scaleOf(m), rowAxis: nameA, colAxis: nameB });
    const png = await svgToPng(svg);
    await write(`${m.metric}.csv`, matrixCsv(m.matrix));
    await write(`${m.metric}.svg`, svg);
    await write(`${m.metric}.png`, png);
    if (m.pValues) await write(`${m.metric}-pvalues.csv`, matrixCsv(m.pValues));
    images.push({
      metric: m.metric,
      caption: `${title}: rows are ${nameA}'s layers, columns ${nameB}'s (${m.seconds.toFixed(2)} s).`,
      src: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
      alt: `${title} heatmap`,
      width: Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 600),
    });
  }
  await write('results.json', `${JSON.stringify(resultsJson(result), null, 2)}\n`);
  await write('report.html', reportHtml(result, images, options.title ?? 'repsim comparison'));
  return written;
}
