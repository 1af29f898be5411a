// One repsim side of bench/isa.bench.mjs, in its own process so that
// REPSIM_ISA picks the native build: times one workload on the benchmark's
// files (best of the repetitions after a warm-up call) and prints JSON.
// argv: workload (linear | pairs | rbf | cca), its files, repetitions.
import {
  buildInfo,
  ccaSync,
  kernelCKASync,
  layerSimilaritySync,
  linearCKASync,
  loadNpy,
  loadNpz,
} from '../dist/esm/index.mjs';
import { bestOf } from './results.mjs';

const [name, ...rest] = process.argv.slice(2);
const reps = Number(rest.pop());

async function workload() {
  if (name === 'pairs') {
    const archive = await loadNpz(rest[0]);
    const count = Number(rest[1]);
    const a = Array.from({ length: count }, (_, i) => archive.get(`a${i}`));
    const b = Array.from({ length: count }, (_, i) => archive.get(`b${i}`));
    return () => layerSimilaritySync(a, b);
  }
  const x = await loadNpy(rest[0]);
  const y = await loadNpy(rest[1]);
  if (name === 'linear') return () => linearCKASync(x, y);
  if (name === 'rbf') return () => kernelCKASync(x, y);
  if (name === 'cca') return () => ccaSync(x, y).meanRho;
  throw new Error(`unknown workload ${name}`);
}

const run = await workload();
const { seconds } = bestOf(run, reps, { warmUp: true });
process.stdout.write(JSON.stringify({ seconds, isa: buildInfo().isa }));
