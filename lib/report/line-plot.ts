/**
 * Similarity over training as an SVG line plot: one line per layer (viridis
 * colours in layer order, bottom to top of the network), epochs on the x
 * axis, the metric on the y axis, an optional dashed threshold. Plain SVG
 * like the heatmaps, so resvg renders it to PNG and the report embeds it.
 */
import { viridis } from './heatmap.js';
import { escapeMarkup } from './markup.js';

/** One record of a training run (what `similarityCallback` keeps). */
export interface DynamicsRecord {
  readonly epoch: number;
  readonly batch?: number;
  readonly layer: string;
  readonly metric: string;
  readonly value: number;
}

/** Options of {@link linePlotSvg}. */
export interface LinePlotOptions {
  readonly title: string;
  /** A horizontal dashed line, e.g. the threshold a layer must pass. */
  readonly threshold?: number;
}

function niceStep(span: number): number {
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/**
 * The SVG document of one metric's records: a line per layer over epochs
 * (over batches when the records carry them).
 */
export function linePlotSvg(records: readonly DynamicsRecord[], options: LinePlotOptions): string {
  const layers = [...new Set(records.map((r) => r.layer))];
  const xOf = (r: DynamicsRecord) => r.batch ?? r.epoch + 1;
  const xs = records.map(xOf);
  const ys = records.map((r) => r.value).filter(Number.isFinite);
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, xMin + 1);
  const yMin = Math.min(0, ...ys, options.threshold ?? 0);
  const yMax = Math.max(1, ...ys);
  const width = 640;
  const height = 400;
  const left = 64;
  const right = 150;
  const top = 44;
  const bottom = 52;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const px = (x: number) => left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number) => top + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold">${escapeMarkup(options.title)}</text>`,
  ];
  const yStep = niceStep(yMax - yMin);
  for (let y = Math.ceil(yMin / yStep) * yStep; y <= yMax + 1e-12; y += yStep) {
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#e4e4e4"/>`,
      `<text x="${left - 8}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${Number(y.toFixed(6))}</text>`,
    );
  }
  const xStep = Math.max(1, Math.round(niceStep(xMax - xMin)));
  for (let x = Math.ceil(xMin / xStep) * xStep; x <= xMax; x += xStep) {
    parts.push(`<text x="${px(x).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${x}</text>`);
  }
  const batches = records.some((r) => r.batch !== undefined);
  parts.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">${batches ? 'batches trained' : 'epochs trained'}</text>`,
  );
  if (options.threshold !== undefined) {
    const y = py(options.threshold).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#555" stroke-dasharray="5,4"/>`,
    );
  }
  layers.forEach((layer, i) => {
    // viridis up to 0.85: its last stretch (light yellow) is hard to see on white.
    const colour = viridis(layers.length === 1 ? 0 : (0.85 * i) / (layers.length - 1));
    const points = records
      .filter((r) => r.layer === layer && Number.isFinite(r.value))
      .map((r) => `${px(xOf(r)).toFixed(1)},${py(r.value).toFixed(1)}`);
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      ...points.map(
        (p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.5" fill="${colour}"/>`,
      ),
      `<line x1="${left + plotW + 12}" x2="${left + plotW + 32}" y1="${top + 10 + i * 18}" y2="${top + 10 + i * 18}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${left + plotW + 38}" y="${top + 14 + i * 18}">${escapeMarkup(layer)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
