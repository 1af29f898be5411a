/**
 * BullMQ for `repsim/distributed`: an optional peer dependency (with
 * ioredis, the Redis client it drives), loaded when that subpath is imported
 * and never by `require('repsim')`.
 */
import { createRequire } from 'node:module';

import type * as BullMQ from 'bullmq';

import { RepsimError } from '../base/errors.js';

/** bullmq's module. */
export type BullMQModule = typeof BullMQ;

const INSTALL = 'repsim/distributed needs BullMQ and ioredis: npm install bullmq@6 ioredis@5';

function load<T>(name: string): T {
  try {
    return createRequire(__filename)(name) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') {
      throw new RepsimError('MISSING_DEPENDENCY', `${INSTALL} (${name} is not installed)`, { cause: error });
    }
    throw error;
  }
}

/** @throws RepsimError `MISSING_DEPENDENCY` when bullmq is not installed */
export function loadBullMQ(): BullMQModule {
  return load<BullMQModule>('bullmq');
}

/** ioredis's client class (the module's default export). */
export type RedisClass = typeof import('ioredis').default;

/** @throws RepsimError `MISSING_DEPENDENCY` when ioredis (bullmq's Redis client) is not installed */
export function loadIoredis(): RedisClass {
  return load<{ default: RedisClass }>('ioredis').default;
}
