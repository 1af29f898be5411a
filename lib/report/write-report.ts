/**
 * Writes a comparison to a folder: results.json (everything), one CSV per
 * metric (and per p-value matrix), one SVG heatmap and its PNG per metric,
 * and report.html. The whole report is written into a fresh sibling folder
 * and swapped in for the old one, so the folder always holds the files of one
 * run: never a mix of two runs, a half-written file, or files a run no longer
 * writes. A folder that holds anything but a repsim report is never replaced.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { RepsimError } from '../base/errors.js';
import { metricEntry } from '../metrics/registry.js';
import type { LayerMatrix } from '../base/layer-matrix.js';
import type { Comparison, MetricReport } from './compare.js';
import { matrixCsv } from './csv.js';
import { linePlotSvg, type DynamicsRecord } from './line-plot.js';
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
    ...(result.failures ? { failures: result.failures } : {}),
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
  /**
   * Similarity over training (a `similarityCallback`'s `records`, or its
   * `toJSON()`): one line plot per metric (`dynamics-<metric>.svg`/`.png`,
   * also in report.html) and `dynamics.csv`.
   */
  readonly dynamics?: readonly DynamicsRecord[] | { readonly records: readonly DynamicsRecord[] };
  /** A dashed line on the dynamics plots, e.g. 0.9. */
  readonly dynamicsThreshold?: number;
}

function dynamicsCsv(records: readonly DynamicsRecord[]): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const rows = records.map((r) => [r.epoch, r.batch ?? '', quote(r.layer), r.metric, r.value].join(','));
  return `epoch,batch,layer,metric,value\n${rows.join('\n')}\n`;
}

/**
 * Writes every output file of `result` into `dir`, replacing the report
 * there (see the module comment).
 * @returns the paths written
 * @throws RepsimError `BAD_INPUT` when `dir` exists and holds something other
 *   than a repsim report
 */
export async function writeReport(
  result: Comparison,
  dir: string,
  options: WriteReportOptions = {},
): Promise<string[]> {
  await refuseForeignFolder(dir);
  await fs.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  const staging = await fs.mkdtemp(`${path.resolve(dir)}.writing-`);
  try {
    const files = await writeFiles(result, staging, options);
    await swapIn(staging, dir);
    return files.map((file) => path.join(dir, file));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The file names written, into `dir`. */
async function writeFiles(result: Comparison, dir: string, options: WriteReportOptions): Promise<string[]> {
  const nameA = options.nameA ?? 'model A';
  const nameB = result.within ? nameA : (options.nameB ?? 'model B');
  const written: string[] = [];
  const write = async (file: string, contents: string | Uint8Array) => {
    await fs.writeFile(path.join(dir, file), contents);
    written.push(file);
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
  const dynamics = options.dynamics
    ? Array.isArray(options.dynamics)
      ? (options.dynamics as readonly DynamicsRecord[])
      : (options.dynamics as { readonly records: readonly DynamicsRecord[] }).records
    : [];
  for (const metric of new Set(dynamics.map((r) => r.metric))) {
    const label = metricEntry(metric)?.label ?? metric;
    const title = `${label} over training`;
    const svg = linePlotSvg(
      dynamics.filter((r) => r.metric === metric),
      { title, ...(options.dynamicsThreshold === undefined ? {} : { threshold: options.dynamicsThreshold }) },
    );
    const png = await svgToPng(svg);
    await write(`dynamics-${metric}.svg`, svg);
    await write(`dynamics-${metric}.png`, png);
    images.push({
      metric,
      caption: `${title}: each layer against its reference, one line per layer in the network's order (dark to light).`,
      src: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
      alt: `${label} over training`,
      width: 640,
    });
  }
  if (dynamics.length > 0) await write('dynamics.csv', dynamicsCsv(dynamics));
  await write('results.json', `${JSON.stringify(resultsJson(result), null, 2)}\n`);
  await write('report.html', reportHtml(result, images, options.title ?? 'repsim comparison'));
  return written;
}

/** Refuses to replace a folder with anything in it but a repsim report. */
async function refuseForeignFolder(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR')
      throw new RepsimError('BAD_INPUT', `${dir} is a file, not a folder for the report`);
    throw error;
  }
  if (entries.length === 0) return;
  let schema: unknown;
  try {
    schema = (JSON.parse(await fs.readFile(path.join(dir, 'results.json'), 'utf8')) as { schema?: unknown })
      .schema;
  } catch {
    schema = undefined;
  }
  if (typeof schema !== 'number') {
    throw new RepsimError(
      'BAD_INPUT',
      `${dir} is not empty and holds no repsim report (no results.json); choose another folder so nothing in it is replaced`,
    );
  }
}

/**
 * Puts the finished `staging` folder at `dir`: the old report moved aside,
 * the new one renamed in, the old one deleted. Two runs racing for `dir` both
 * succeed and `dir` ends up one of their reports, whole.
 */
async function swapIn(staging: string, dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const aside = `${path.resolve(dir)}.replaced-${randomBytes(6).toString('hex')}`;
    let moved = true;
    try {
      await fs.rename(dir, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      moved = false;
    }
    try {
      await fs.rename(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another run put its report there in between: move that one aside too.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && attempt < 10) {
        if (moved) await fs.rm(aside, { recursive: true, force: true });
        continue;
      }
      throw error;
    }
    if (moved) await fs.rm(aside, { recursive: true, force: true });
    return;
  }
}
