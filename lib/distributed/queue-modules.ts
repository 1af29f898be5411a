/**
 * BullMQ for `repsim/distributed`: an optional peer dependency (with
 * ioredis, the Redis client it drives), loaded when that subpath is imported
 * and never by `require('repsim')`.
 */
import type * as BullMQ from 'bullmq';

import { loadOptionalPeer } from '../base/optional-peer.js';

/** bullmq's module. */
export type BullMQModule = typeof BullMQ;

const INSTALL = 'repsim/distributed needs BullMQ and ioredis: npm install bullmq@6 ioredis@5';

/** @throws RepsimError `MISSING_DEPENDENCY` when bullmq is not installed */
export function loadBullMQ(): BullMQModule {
  return loadOptionalPeer<BullMQModule>('bullmq', INSTALL);
}

/** ioredis's client class (the module's default export). */
export type RedisClass = typeof import('ioredis').default;

/** @throws RepsimError `MISSING_DEPENDENCY` when ioredis (bullmq's Redis client) is not installed */
export function loadIoredis(): RedisClass {
  return loadOptionalPeer<{ default: RedisClass }>('ioredis', INSTALL).default;
}
