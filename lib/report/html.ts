/**
 * report.html: one self-contained page (no external files, no scripts) with
 * every heatmap as an embedded image, the per-layer entropies, the
 * functional metrics, the options and the timings.
 */
import type { Comparison } from './compare.js';
import { escapeMarkup } from './markup.js';

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

/** One heatmap as the page shows it. */
export interface ReportImage {
  readonly metric: string;
  readonly caption: string;
  /** A data: URL (PNG or SVG). */
  readonly src: string;
  readonly alt: string;
  /** Display width in CSS pixels (the PNG is rendered at twice this for sharpness). */
  readonly width: number;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    '<table>',
    `<tr>${headers.map((h) => `<th>${escapeMarkup(h)}</th>`).join('')}</tr>`,
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${escapeMarkup(c)}</td>`).join('')}</tr>`),
    '</table>',
  ].join('\n');
}

/** The page for a comparison and its heatmaps. */
export function reportHtml(result: Comparison, images: readonly ReportImage[], title: string): string {
  const sections: string[] = [];
  sections.push(
    `<p>${result.examples} examples; model A: ${result.layersA.length} layers` +
      (result.within ? ' (compared with itself)' : `; model B: ${result.layersB.length} layers`) +
      '.</p>',
  );
  for (const image of images) {
    sections.push(
      `<figure><img src="${image.src}" width="${image.width}" alt="${escapeMarkup(image.alt)}"><figcaption>${escapeMarkup(image.caption)}</figcaption></figure>`,
    );
  }
  if (result.failures) {
    sections.push(
      '<h2>Metrics and cells that failed on this data</h2>',
      table(
        ['metric', 'cell', 'error', 'what to do'],
        result.failures.map((f) => [
          f.metric,
          f.layerA === undefined ? 'all' : `${f.layerA} × ${f.layerB ?? ''}`,
          `${f.code}: ${f.message}`,
          f.hint ?? '',
        ]),
      ),
    );
  }
  if (result.entropies) {
    const e = result.entropies;
    const rows = result.layersA.map((l, i) => [`A: ${l.name}`, format(e.a[i] ?? NaN)]);
    if (!result.within) rows.push(...result.layersB.map((l, i) => [`B: ${l.name}`, format(e.b[i] ?? NaN)]));
    sections.push(
      '<h2>Layer entropies (nats, kNN estimate)</h2>',
      table(['layer', 'entropy'], rows),
      e.shift !== 0 ? `<p>All entropies shifted by ${format(e.shift)} so the smallest is 1.</p>` : '',
    );
  }
  if (result.functional) {
    const f = result.functional;
    const rows = [
      ['Jensen–Shannon divergence (nats, ≤ ln 2)', format(f.jsd)],
      ['prediction agreement', format(f.agreement)],
    ];
    if (f.accuracyA !== undefined) rows.push(['accuracy of A', format(f.accuracyA)]);
    if (f.accuracyB !== undefined) rows.push(['accuracy of B', format(f.accuracyB)]);
    sections.push('<h2>Functional similarity (outputs)</h2>', table(['measure', 'value'], rows));
  }
  sections.push(
    '<h2>Layers</h2>',
    table(
      ['model', 'layer', 'shape'],
      [
        ...result.layersA.map((l) => ['A', l.name, l.shape.join(' × ')]),
        ...(result.within ? [] : result.layersB.map((l) => ['B', l.name, l.shape.join(' × ')])),
      ],
    ),
    '<h2>Options and timings</h2>',
    table(
      ['item', 'value'],
      [
        ['metrics', result.options.metrics.join(', ')],
        ['permutations per cell', String(result.options.permutations)],
        ['seed', String(result.options.seed)],
        ...result.metrics.map((m) => [`time: ${m.metric}`, `${m.seconds.toFixed(3)} s`]),
        ['time: total', `${result.seconds.toFixed(3)} s`],
        [
          'repsim',
          `${result.versions.repsim} (native ${result.versions.native}, Eigen ${result.versions.eigen})`,
        ],
        ['Node', result.versions.node],
      ],
    ),
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
figure { display: inline-block; margin: 0 1rem 1.5rem 0; vertical-align: top; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9rem; color: #555; max-width: 520px; }
table { border-collapse: collapse; margin-bottom: 1rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${escapeMarkup(title)}</h1>
${sections.join('\n')}
</body>
</html>
`;
}
