/** Reading command-line flag values: each bad value is a UsageError naming the flag. */
import { UsageError } from './usage-error.js';

/** An integer flag in [min, max], or undefined when not given. */
export function integerFlag(
  name: string,
  value: string | undefined,
  range: { readonly min: number; readonly max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`--${name} must be an integer from ${range.min} to ${range.max}, got '${value}'`);
  }
  return n;
}

/** A flag with a fixed set of values, or undefined when not given. */
export function choiceFlag<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** The flags of every queue command (`worker`, `submit`): where Redis is and which queue. */
export const QUEUE_FLAGS = {
  redis: { type: 'string' },
  queue: { type: 'string', default: 'repsim' },
} as const;

/** The `--redis` URL a queue command needs. */
export function redisFlag(command: string, value: string | undefined): string {
  if (value === undefined)
    throw new UsageError(`${command} needs --redis <url>, e.g. redis://localhost:6379`);
  return value;
}
