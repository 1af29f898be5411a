// A repsim/distributed worker process for the queue tests:
//   node queue-worker.js <redis socket> <queue> <lockDuration ms> <stalledInterval ms>
// Prints "ready" once connected; SIGTERM closes it. Its resolvers stand in
// for storage that misbehaves, each reading the file at the URI's path:
//   test-flaky:   fails the first read (the marker file records that it did)
//   test-broken:  always fails
//   test-slow:    the first read writes this pid to the marker, then sleeps `ms`
//                 (time for the test to SIGKILL this process mid-job)
//   test-delay:   sleeps `ms` before every read (to order when shards finish)
//   test-block:   the first read blocks the event loop for `ms` (what a
//                 synchronous computation would do to the job's lock)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { createWorker } = require(path.join(__dirname, '..', '..', 'dist', 'cjs', 'distributed', 'index.js'));

const [socket, queue, lockDuration, stalledInterval] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const read = (url) => fs.promises.readFile(decodeURIComponent(url.pathname));
const firstTime = (url) => {
  const marker = url.searchParams.get('marker');
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
};

const resolvers = {
  'test-flaky:': async (url) => {
    if (firstTime(url)) throw new Error('flaky storage: first read failed');
    return read(url);
  },
  'test-broken:': async () => {
    throw new Error('disk on fire');
  },
  'test-slow:': async (url) => {
    if (firstTime(url)) await sleep(Number(url.searchParams.get('ms')));
    return read(url);
  },
  'test-block:': async (url) => {
    if (firstTime(url)) {
      const until = Date.now() + Number(url.searchParams.get('ms'));
      while (Date.now() < until);
    }
    return read(url);
  },
  'test-delay:': async (url) => {
    await sleep(Number(url.searchParams.get('ms')));
    return read(url);
  },
};

(async () => {
  const worker = await createWorker({
    connection: { path: socket },
    queue,
    resolvers,
    threads: 1,
    lockDuration: Number(lockDuration),
    stalledInterval: Number(stalledInterval),
  });
  process.on('SIGTERM', () => {
    void worker.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
