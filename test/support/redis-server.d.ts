// Types of redis-server.js (plain JavaScript so that bench/ scripts can use it too).
import type { ChildProcess } from 'node:child_process';

/** A running server: its socket, its folder, and a stop that kills it by pid. */
export interface RedisServer {
  readonly socket: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** True when redis-server is on PATH. */
export function haveRedisServer(): boolean;

/** Starts redis-server on a socket in a fresh temporary folder; resolves once it accepts connections. */
export function startRedisServer(): Promise<RedisServer>;

/** Whether tests that need Redis run here: yes with a server; under CI, always (and fail without one). */
export const RUN_REDIS_TESTS: boolean;
