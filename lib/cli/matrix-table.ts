/** A layer x layer matrix printed as a text table, for commands that print one. */
import type { LayerMatrix } from '../base/layer-matrix.js';

/** The matrix as aligned text: layer names (or a0…, b0…) and four decimals. */
export function matrixTable(matrix: LayerMatrix): string {
  const rowLabels = matrix.labelsA ?? Array.from({ length: matrix.rows }, (_, i) => `a${i}`);
  const colLabels = matrix.labelsB ?? Array.from({ length: matrix.cols }, (_, j) => `b${j}`);
  const width = Math.max(8, ...colLabels.map((l) => l.length));
  const first = Math.max(...rowLabels.map((l) => l.length));
  const lines = [`${''.padEnd(first)}  ${colLabels.map((l) => l.padStart(width)).join(' ')}`];
  for (let i = 0; i < matrix.rows; i++) {
    const cells = Array.from({ length: matrix.cols }, (_, j) => matrix.get(i, j).toFixed(4).padStart(width));
    lines.push(`${(rowLabels[i] ?? '').padEnd(first)}  ${cells.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
