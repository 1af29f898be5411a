// The training-dynamics line plot: one line per layer with a point per
// record, the threshold drawn, names escaped.
import { describe, expect, it } from 'vitest';

import { linePlotSvg } from '../../lib/report/line-plot.js';

describe('linePlotSvg', () => {
  const records = ['a<1>', 'b'].flatMap((layer, l) =>
    [0, 1, 2].map((epoch) => ({ epoch, layer, metric: 'svcca', value: 0.5 + 0.2 * epoch - 0.1 * l })),
  );

  it('draws a line per layer through its records, and the threshold', () => {
    const svg = linePlotSvg(records, { title: 'SVCCA & co', threshold: 0.9 });
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('a&#60;1&#62;');
    expect(svg).toContain('SVCCA &#38; co');
    expect(svg).toContain('epochs trained');
    // Higher values sit higher on the page (smaller y).
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].slice(0, 3).map((m) => Number(m[1]));
    expect(ys[0]).toBeGreaterThan(ys[1] as number);
    expect(ys[1]).toBeGreaterThan(ys[2] as number);
  });

  it('counts batches when the records carry them', () => {
    const svg = linePlotSvg([{ epoch: 0, batch: 5, layer: 'a', metric: 'svcca', value: 0.7 }], {
      title: 't',
    });
    expect(svg).toContain('batches trained');
    expect(svg).not.toContain('stroke-dasharray');
  });
});
