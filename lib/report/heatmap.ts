/**
 * A layer × layer matrix as an SVG heatmap: layer names on both axes, a
 * colour bar, and each cell's value written in it when the matrix is small
 * enough to read them. Plain SVG text (no scripts, no external fonts), so it
 * renders the same in a browser, an editor or resvg.
 */
import type { LayerMatrix } from '../base/layer-matrix.js';
import { escapeMarkup } from './markup.js';

/** viridis at 9 evenly spaced stops (matplotlib's colormap, perceptually uniform). */
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
] as const;

/** The colour of t in [0, 1] on viridis. @internal */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [r, g, b] = [0, 1, 2].map((c) =>
    Math.round((VIRIDIS[i]?.[c] ?? 0) * (1 - f) + (VIRIDIS[i + 1]?.[c] ?? 0) * f),
  );
  return `rgb(${r},${g},${b})`;
}

/** Options of {@link heatmapSvg}. */
export interface HeatmapOptions {
  readonly title: string;
  /** The colour scale's ends; default [0, 1]. */
  readonly min?: number;
  readonly max?: number;
  /** Label of the row axis and the column axis. */
  readonly rowAxis?: string;
  readonly colAxis?: string;
  /** Write values in the cells; default when both sides have at most 16 layers. */
  readonly values?: boolean;
}

/** The SVG document of a heatmap of `matrix`. */
export function heatmapSvg(matrix: LayerMatrix, options: HeatmapOptions): string {
  const { rows, cols } = matrix;
  const rowLabels = matrix.labelsA ?? Array.from({ length: rows }, (_, i) => String(i));
  const colLabels = matrix.labelsB ?? Array.from({ length: cols }, (_, i) => String(i));
  const min = options.min ?? 0;
  const max = options.max ?? 1;
  const cell = Math.max(18, Math.min(56, Math.floor(560 / Math.max(rows, cols))));
  const longest = Math.max(...rowLabels.map((l) => l.length), ...colLabels.map((l) => l.length), 1);
  const labelSpace = Math.min(180, 14 + 7 * longest);
  const left = labelSpace + 24;
  const top = 44;
  const gridW = cols * cell;
  const gridH = rows * cell;
  const barX = left + gridW + 24;
  // Wide enough for the title too (bold 16 px: about 10 px a character).
  const width = Math.max(barX + 70, left + 10 * options.title.length + 16);
  const height = top + gridH + labelSpace + 24;
  const showValues = options.values ?? (rows <= 16 && cols <= 16);
  const scale = (v: number) => (max > min ? (v - min) / (max - min) : 0);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="26" font-size="16" font-weight="bold">${escapeMarkup(options.title)}</text>`,
  ];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = matrix.values[i * cols + j] ?? NaN;
      const t = scale(v);
      const x = left + j * cell;
      const y = top + i * cell;
      if (Number.isNaN(v)) {
        // A cell that could not be computed (the report lists why): grey, crossed.
        parts.push(
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(200,200,200)"><title>${escapeMarkup(`${rowLabels[i]} × ${colLabels[j]}: not computed`)}</title></rect>`,
          `<path d="M${x + 4} ${y + 4}L${x + cell - 4} ${y + cell - 4}M${x + cell - 4} ${y + 4}L${x + 4} ${y + cell - 4}" stroke="rgb(120,120,120)" stroke-width="2"/>`,
        );
        continue;
      }
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${viridis(t)}"><title>${escapeMarkup(`${rowLabels[i]} × ${colLabels[j]}: ${v}`)}</title></rect>`,
      );
      if (showValues) {
        const text = Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="${Math.max(8, Math.min(12, cell / 4))}" text-anchor="middle" fill="${t > 0.6 ? 'black' : 'white'}">${text}</text>`,
        );
      }
    }
  }
  rowLabels.forEach((label, i) => {
    parts.push(
      `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" font-size="11" text-anchor="end">${escapeMarkup(label)}</text>`,
    );
  });
  colLabels.forEach((label, j) => {
    const x = left + j * cell + cell / 2 + 4;
    const y = top + gridH + 8;
    parts.push(
      `<text x="${x}" y="${y}" font-size="11" text-anchor="end" transform="rotate(-60 ${x} ${y})">${escapeMarkup(label)}</text>`,
    );
  });
  if (options.rowAxis !== undefined) {
    parts.push(
      `<text x="12" y="${top + gridH / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 12 ${top + gridH / 2})">${escapeMarkup(options.rowAxis)}</text>`,
    );
  }
  if (options.colAxis !== undefined) {
    parts.push(
      `<text x="${left + gridW / 2}" y="${height - 8}" font-size="12" text-anchor="middle">${escapeMarkup(options.colAxis)}</text>`,
    );
  }
  // Colour bar: 32 bands from max (top) to min (bottom).
  const bands = 32;
  const barH = Math.max(gridH, 120);
  for (let k = 0; k < bands; k++) {
    parts.push(
      `<rect x="${barX}" y="${top + (k * barH) / bands}" width="16" height="${barH / bands + 0.5}" fill="${viridis(1 - k / (bands - 1))}"/>`,
    );
  }
  parts.push(
    `<text x="${barX + 22}" y="${top + 10}" font-size="11">${max.toFixed(2)}</text>`,
    `<text x="${barX + 22}" y="${top + barH}" font-size="11">${min.toFixed(2)}</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
