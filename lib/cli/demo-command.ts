/**
 * `repsim demo`: the main job on embedded data. Trains two 784-256-128-64-10
 * MLPs on real MNIST digits from different seeds, keeps a third untrained,
 * records every layer on held-out digits and compares trained with trained
 * and trained with untrained: a report for each, and a summary on stdout.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadDigits } from '../demo/digits.js';
import { Mlp } from '../demo/mlp.js';
import { predictionAgreement } from '../metrics/functional.js';
import type { Matrix } from '../base/matrix.js';
import { metricNames, type MetricName } from '../metrics/registry.js';
import { compareModels, type Comparison } from '../report/compare.js';
import { writeReport } from '../report/write-report.js';
import { progressBar } from './progress.js';
import { UsageError } from './usage-error.js';

/** The text of `repsim demo --help`. */
export const DEMO_HELP = `Usage: repsim demo [options]

Trains two small MLPs (784-256-128-64-10) on real MNIST digits (the mnist
package, no network) from different seeds, keeps a third untrained, and
compares their layers on held-out digits: trained vs trained and trained vs
untrained, each with a report (heatmaps, entropies, functional metrics).

Options:
  --out <dir>          where to write the reports (default: repsim-demo)
  --size <full|small>  full: 5000 training and 1000 held-out digits, 4 epochs;
                       small: 1000 and 1000, 2 epochs (default: full)
  --json               print the summary as JSON
  -h, --help           show this help
`;

const SIZES = {
  full: { train: 500, test: 100, epochs: 4 },
  small: { train: 100, test: 100, epochs: 2 },
} as const;

const LAYERS = ['hidden1', 'hidden2', 'hidden3', 'logits'];
const METRICS: MetricName[] = metricNames((m) => m.demo);

function diagonalContrast(c: Comparison, metric: MetricName): { diagonal: number; offDiagonal: number } {
  const m = c.metrics.find((r) => r.metric === metric)?.matrix;
  let diagonal = 0;
  let off = 0;
  if (m === undefined) return { diagonal: NaN, offDiagonal: NaN };
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      if (i === j) diagonal += m.get(i, j);
      else off += m.get(i, j);
    }
  }
  return { diagonal: diagonal / m.rows, offDiagonal: off / (m.rows * m.cols - m.rows) };
}

/** Runs `repsim demo`. */
export async function demoCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'repsim-demo' },
      size: { type: 'string', default: 'full' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(DEMO_HELP);
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments, got '${positionals[0]}'`);
  if (values.size !== 'full' && values.size !== 'small') {
    throw new UsageError(`--size must be full or small, got '${values.size}'`);
  }
  const size = SIZES[values.size];
  const started = Date.now();
  const progress = progressBar();
  const trainSet = await loadDigits(0, size.train);
  const testSet = await loadDigits(size.train, size.test);

  const sizes = [784, 256, 128, 64, 10];
  const models = { trainedA: new Mlp(sizes, 1), trainedB: new Mlp(sizes, 2), untrained: new Mlp(sizes, 3) };
  const trainSeconds: number[] = [];
  for (const [k, model] of [models.trainedA, models.trainedB].entries()) {
    progress.update(k, 2, `training MLP ${k + 1} of 2`);
    const t = Date.now();
    model.train(trainSet.images, trainSet.labels, {
      epochs: size.epochs,
      rate: 0.05,
      batch: 32,
      seed: 10 + k,
    });
    trainSeconds.push((Date.now() - t) / 1000);
  }
  progress.done();

  const layersOf = (model: Mlp) => {
    const outputs = model.forward(testSet.images, testSet.count);
    return new Map<string, Matrix>(
      outputs.map((data, l) => [
        LAYERS[l] ?? `layer${l}`,
        { data, rows: testSet.count, cols: sizes[l + 1] ?? 0 },
      ]),
    );
  };
  const acts = {
    trainedA: layersOf(models.trainedA),
    trainedB: layersOf(models.trainedB),
    untrained: layersOf(models.untrained),
  };
  const labels = testSet.labels;
  const run = async (b: Map<string, Matrix>, name: string) => {
    const result = await compareModels(acts.trainedA, b, {
      metrics: METRICS,
      labels,
      outputsA: acts.trainedA.get('logits') as Matrix,
      outputsB: b.get('logits') as Matrix,
      onProgress: (done, total, step) => progress.update(done, total, `${name}: ${step}`),
    });
    progress.done();
    const dir = path.join(values.out, name);
    await writeReport(result, dir, {
      title: `repsim demo: ${name.replace(/-/g, ' ')}`,
      nameA: 'trained MLP (seed 1)',
      nameB: name === 'trained-vs-trained' ? 'trained MLP (seed 2)' : 'untrained MLP (seed 3)',
    });
    return { result, report: path.join(dir, 'report.html') };
  };
  const same = await run(acts.trainedB, 'trained-vs-trained');
  const untrained = await run(acts.untrained, 'trained-vs-untrained');

  const summary = {
    digits: { train: trainSet.count, test: testSet.count },
    epochs: size.epochs,
    accuracy: {
      trainedA: predictionAgreement(acts.trainedA.get('logits') as Matrix, Array.from(labels)),
      trainedB: predictionAgreement(acts.trainedB.get('logits') as Matrix, Array.from(labels)),
      untrained: predictionAgreement(acts.untrained.get('logits') as Matrix, Array.from(labels)),
    },
    trainSeconds,
    comparisons: Object.fromEntries(
      [
        ['trained-vs-trained', same],
        ['trained-vs-untrained', untrained],
      ].map(([name, r]) => {
        const { result, report } = r as typeof same;
        return [
          name,
          {
            report,
            ...Object.fromEntries(METRICS.map((m) => [m, diagonalContrast(result, m)])),
            entropies: result.entropies,
            functional: result.functional,
          },
        ];
      }),
    ),
    seconds: (Date.now() - started) / 1000,
  };
  if (values.json) return out(`${JSON.stringify(summary, null, 2)}\n`);
  const f = (v: number) => v.toFixed(3);
  const lines = [
    `repsim demo: MLPs 784-256-128-64-10 on real MNIST digits (${summary.digits.train} training, ${summary.digits.test} held out, ${size.epochs} epochs)`,
    `  accuracy: trained (seed 1) ${f(summary.accuracy.trainedA)}, trained (seed 2) ${f(summary.accuracy.trainedB)}, untrained ${f(summary.accuracy.untrained)}`,
    '',
    '  layer-matched (diagonal) mean vs mismatched (off-diagonal) mean:',
  ];
  for (const [name, r] of [
    ['trained vs trained  ', same.result],
    ['trained vs untrained', untrained.result],
  ] as const) {
    const cells = METRICS.map((m) => {
      const d = diagonalContrast(r, m);
      return `${m} ${f(d.diagonal)} / ${f(d.offDiagonal)}`;
    });
    lines.push(`    ${name}  ${cells.join('   ')}`);
  }
  // One analysis shares one entropy shift: read both models from the same one.
  const e = untrained.result.entropies;
  if (e) {
    lines.push(
      '',
      `  layer entropies (nats; ${LAYERS.join(', ')}):`,
      `    trained   ${e.a.map(f).join(', ')}`,
      `    untrained ${e.b.map(f).join(', ')}`,
    );
  }
  lines.push(
    '',
    `  reports: ${same.report}`,
    `           ${untrained.report}`,
    `  (${summary.seconds.toFixed(1)} s)`,
    '',
  );
  out(lines.join('\n'));
}
