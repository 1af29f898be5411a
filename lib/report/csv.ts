/** A layer × layer matrix as CSV: a header of B's layer names, one row per A layer. */
import type { LayerMatrix } from '../base/layer-matrix.js';

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV text of `matrix`: first column A's layer names, then one column per
 * B layer; values with full precision (shortest round-trip form); a cell that
 * could not be computed (NaN) is left empty.
 */
export function matrixCsv(matrix: LayerMatrix): string {
  const rowLabels = matrix.labelsA ?? Array.from({ length: matrix.rows }, (_, i) => String(i));
  const colLabels = matrix.labelsB ?? Array.from({ length: matrix.cols }, (_, i) => String(i));
  const lines = [[field(matrix.metric), ...colLabels.map(field)].join(',')];
  for (let i = 0; i < matrix.rows; i++) {
    const values = Array.from(matrix.values.subarray(i * matrix.cols, (i + 1) * matrix.cols), (v) =>
      Number.isNaN(v) ? '' : String(v),
    );
    lines.push([field(rowLabels[i] ?? String(i)), ...values].join(','));
  }
  return `${lines.join('\n')}\n`;
}
