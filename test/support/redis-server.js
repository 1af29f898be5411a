// A real redis-server for tests and benchmarks: on a Unix socket in a fresh
// temporary folder, no persistence, noeviction (BullMQ's requirement). The
// caller stops it, by pid. Types: redis-server.d.ts beside this file.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function haveRedisServer() {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

async function startRedisServer() {
  if (!haveRedisServer()) {
    throw new Error('redis-server is not installed (apt-get install redis-server); CI must have it');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-redis-'));
  const socket = path.join(dir, 'redis.sock');
  // prettier-ignore
  const args = ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '',
    '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', dir];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk.toString()));
  child.stderr.on('data', (chunk) => (log += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    socket,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = {
  haveRedisServer,
  startRedisServer,
  // Tests that need Redis run where it is installed, and always under CI (which installs it).
  RUN_REDIS_TESTS: haveRedisServer() || process.env.CI === 'true',
};
