// A real redis-server for tests: on a Unix socket in a temporary folder, no
// persistence, noeviction (BullMQ's requirement). Started by the test and
// stopped by its pid. Without redis-server the tests skip, except under
// CI=true, where a missing server fails (CI installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** True when redis-server is on PATH. */
export function haveRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Whether tests that need Redis run here: yes with a server; under CI, always (and fail without one). */
export const RUN_REDIS_TESTS = haveRedisServer() || process.env.CI === 'true';

/** A running server: its socket, its folder, and a stop that kills it by pid. */
export interface RedisServer {
  readonly socket: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts redis-server on a socket in a fresh temporary folder; resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  if (!haveRedisServer()) {
    throw new Error('redis-server is not installed (apt-get install redis-server); CI must have it');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const child = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--unixsocketperm',
      '700',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    socket,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
