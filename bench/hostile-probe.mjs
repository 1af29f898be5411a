// The hostile-user probe of the hardening issue, rerunnable: every public
// computation fed malformed matrices, extreme but finite scales, other memory
// layouts and bad options (Sync and Promise forms), every reader fed crafted
// files, the CLI fed bad command lines, plus concurrency and fault checks and
// two measurements (event-loop lag during a long Promise call, cancellation
// latency). Cases run in child processes (bench/probes/run-batch.mjs) so a
// crash or a hang is seen and pinned on its case. Prints the table
// (tried / crashes / hangs / silent wrong / unclear) and writes
// bench/PROBES.md. Run after `npm run build`: `node bench/hostile-probe.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { allCases } from './probes/classify.mjs';
import { cliCases } from './probes/cli-cases.mjs';
import { faultChecks, measurements } from './probes/faults.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CASE_TIMEOUT_MS = 30_000;
const BATCH = 400;

/** Runs cases [from, to) in children, restarting after a crash or hang. */
function runRange(from, to, results) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(here, 'probes', 'run-batch.mjs'), String(from), String(to)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let running;
    let buffer = '';
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (running !== undefined)
          results[running] = { outcome: 'hang', detail: `no answer in ${CASE_TIMEOUT_MS} ms` };
        child.kill('SIGKILL');
      }, CASE_TIMEOUT_MS);
    };
    arm();
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (line.started) running = line.i;
        else {
          results[line.i] = { outcome: line.outcome, detail: line.detail };
          running = undefined;
        }
        arm();
      }
    });
    child.stderr.resume();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (running !== undefined && results[running] === undefined) {
        results[running] = { outcome: 'crash', detail: `exit ${code ?? ''} ${signal ?? ''}`.trim() };
      }
      const next = running === undefined ? to : running + 1;
      if (next < to && (code !== 0 || signal)) resolve(runRange(next, to, results));
      else resolve();
    });
  });
}

async function runApiAndFiles() {
  const cases = allCases();
  const results = new Array(cases.length);
  const ranges = [];
  for (let i = 0; i < cases.length; i += BATCH) ranges.push([i, Math.min(cases.length, i + BATCH)]);
  const workers = Math.max(1, Math.min(2, os.availableParallelism()));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < ranges.length) {
        const [from, to] = ranges[next++];
        await runRange(from, to, results);
      }
    }),
  );
  return cases.map((c, i) => ({
    category: c.category,
    label: c.label,
    ...(results[i] ?? { outcome: 'crash', detail: 'never ran' }),
  }));
}

function runCli() {
  return cliCases().map(({ label, args, setup }) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-cli-probe-'));
    const argv = setup ? setup(cwd, args) : args;
    const r = spawnSync(process.execPath, [path.join(here, '..', 'dist', 'cjs', 'cli', 'main.js'), ...argv], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
    });
    let outcome = 'ok';
    let detail = `exit ${r.status}`;
    if (r.error?.code === 'ETIMEDOUT') [outcome, detail] = ['hang', 'no exit in 60 s'];
    else if (r.signal) [outcome, detail] = ['crash', `signal ${r.signal}`];
    else if (r.status !== 0) {
      const lines = r.stderr.trim().split('\n');
      if (lines.length !== 1 || /\n\s+at /.test(r.stderr) || ![1, 2].includes(r.status)) {
        [outcome, detail] = ['unclear', `exit ${r.status}: ${lines.slice(0, 2).join(' | ')}`];
      } else detail = `exit ${r.status}: ${lines[0].slice(0, 100)}`;
    }
    return { category: 'CLI runs', label, outcome, detail };
  });
}

const OUTCOMES = ['crash', 'hang', 'silent wrong', 'unclear'];

function table(rows) {
  const categories = [...new Set(rows.map((r) => r.category))];
  const lines = [
    "| probes | tried | crashes | hangs | silent wrong | unclear | ok: typed error | ok: right value (or the caller's own error) |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const count = (list, outcome) => list.filter((r) => r.outcome === outcome).length;
  const typed = (list) => list.filter((r) => r.outcome === 'ok' && /^[A-Z_]+$/.test(r.detail)).length;
  for (const category of [...categories, 'all']) {
    const list = category === 'all' ? rows : rows.filter((r) => r.category === category);
    const ok = count(list, 'ok');
    lines.push(
      `| ${category} | ${list.length} | ${OUTCOMES.map((o) => count(list, o)).join(' | ')} | ${typed(list)} | ${ok - typed(list)} |`,
    );
  }
  return lines.join('\n');
}

const started = Date.now();
const rows = [...(await runApiAndFiles()), ...runCli(), ...(await faultChecks())];
const measured = await measurements();
const failures = rows.filter((r) => r.outcome !== 'ok');
const { buildInfo } = require('../dist/cjs/index.js');
const info = buildInfo();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const markdown = [
  '# Hostile-user probe',
  '',
  `Written by \`node bench/hostile-probe.mjs\` (${new Date().toISOString().slice(0, 10)}, repsim ${info.version}, ${info.isa} build, ${cpu}, ${os.availableParallelism()} cores, ${Math.round((Date.now() - started) / 1000)} s).`,
  'Each case runs in a child process with a kill timeout; "ok" is a typed RepsimError with a one-line message, or the right value where the input is valid.',
  '',
  table(rows),
  '',
  '## Measured',
  '',
  ...measured.map((m) => `- ${m}`),
  '',
  '## Concurrency and faults',
  '',
  ...rows
    .filter((r) => r.category === 'concurrency and faults')
    .map((r) => `- ${r.label}: ${r.outcome} (${r.detail})`),
  '',
  '## Typed errors by code',
  '',
  ...Object.entries(
    rows.reduce((by, r) => {
      if (r.outcome === 'ok' && /^[A-Z_]+$/.test(r.detail)) by[r.detail] = (by[r.detail] ?? 0) + 1;
      return by;
    }, {}),
  )
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `- ${code}: ${n}`),
  '',
  `## Cases that are not ok (${failures.length})`,
  '',
  ...(failures.length === 0
    ? ['None.']
    : failures.map((f) => `- ${f.category} — ${f.label}: **${f.outcome}** (${f.detail})`)),
  '',
].join('\n');
fs.writeFileSync(path.join(here, 'PROBES.md'), markdown);
console.log(table(rows));
console.log(measured.join('\n'));
if (failures.length > 0) {
  console.log(`\n${failures.length} not ok:`);
  for (const f of failures.slice(0, 60))
    console.log(`  ${f.category} — ${f.label}: ${f.outcome} (${f.detail})`);
}
