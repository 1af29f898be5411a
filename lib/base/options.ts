/**
 * Validation of option objects, shared by every function that takes options:
 * unknown keys and bad values are `BAD_OPTION` errors that name the function,
 * the option and what was expected.
 */
import { RepsimError } from './errors.js';
import { describe } from './matrix.js';

/** Checks one option value; returns what was expected when the value is bad. */
export type OptionCheck = (value: unknown) => string | undefined;

/** A value from a fixed list of strings. */
export function oneOf(...allowed: readonly string[]): OptionCheck {
  return (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? undefined
      : `one of ${allowed.map((a) => `'${a}'`).join(', ')}`;
}

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): OptionCheck {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `an integer from ${min} to ${max}`;
}

/** `true` or `false`. */
export const boolean: OptionCheck = (value) => (typeof value === 'boolean' ? undefined : 'true or false');

/** A finite number. */
export const finite: OptionCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number';

/** A finite number > 0. */
export const positive: OptionCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'a positive number';

/** A finite number ≥ 0. */
export const nonNegative: OptionCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'a number ≥ 0';

/** Something {@link toMatrix} may accept (an object: arrays, `{data, shape}`, tensors); functions are refused. */
export const matrixLike: OptionCheck = (value) =>
  typeof value === 'object' && value !== null
    ? undefined
    : 'a matrix (number[][], {data, shape}, {data, rows, cols} or a tensor)';

/** A function (a callback). */
export const callback: OptionCheck = (value) => (typeof value === 'function' ? undefined : 'a function');

/** An AbortSignal (the Promise forms stop when it fires). */
export const abortSignal: OptionCheck = (value) =>
  value instanceof AbortSignal ? undefined : 'an AbortSignal';

/** What a caller gives a Promise call to stop it or watch it (options `signal`, `onProgress`). */
export interface CallControl {
  readonly signal?: AbortSignal | undefined;
  /** Units of work done, units in all. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** The `signal` and `onProgress` of already validated options, if given. */
export function controlOf(options: unknown): CallControl {
  const { signal, onProgress } = (options ?? {}) as { signal?: unknown; onProgress?: unknown };
  return {
    signal: signal instanceof AbortSignal ? signal : undefined,
    onProgress: typeof onProgress === 'function' ? (onProgress as CallControl['onProgress']) : undefined,
  };
}

/** A number strictly between 0 and 1 (a fraction held out, a confidence level). */
export const openUnitInterval: OptionCheck = (value) =>
  typeof value === 'number' && value > 0 && value < 1 ? undefined : 'a number between 0 and 1 (exclusive)';

/**
 * Validates `options` against `checks` and returns it typed. `undefined`
 * values count as not given.
 * @throws RepsimError `BAD_OPTION`
 */
export function readOptions<T extends object>(
  fn: string,
  options: unknown,
  checks: { readonly [K in keyof T]-?: OptionCheck },
): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new RepsimError('BAD_OPTION', `${fn}: options must be an object, got ${describe(options)}`);
  }
  const known = Object.keys(checks);
  for (const [key, value] of Object.entries(options)) {
    // Own keys only: '__proto__', 'valueOf' and the like are unknown options, not Object's.
    const check = Object.hasOwn(checks, key) ? (checks as Record<string, OptionCheck>)[key] : undefined;
    if (check === undefined) {
      const hint = closest(key, known);
      throw new RepsimError(
        'BAD_OPTION',
        `${fn}: unknown option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; known options: ${known.join(', ')}`,
      );
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) {
      throw new RepsimError(
        'BAD_OPTION',
        `${fn}: option '${key}' must be ${expected}, got ${describe(value)}`,
      );
    }
  }
  return options as T;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // suggest only near misses
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
