/**
 * How TypeScript calls the addon: the one place where native errors become
 * RepsimErrors, and the runner that lets an operation be written once and run
 * on the calling thread ({@link runSync}) or off it ({@link runAsync}), so a
 * `…Sync` function and its Promise twin share every line but the runner.
 *
 * An operation is a generator that yields batches of steps and receives their
 * results in the same order. A step is a native call ({@link onAddon}) or any
 * function of the form to use (a user's metric function, for instance).
 * `runAsync` starts a batch's steps together, at most `concurrency` at a time;
 * `runSync` makes them one after another.
 */
import { fromNativeError } from '../base/errors.js';
import type { Dual, NativeAddon } from './addon.js';
import { native } from './load.js';

/** Runs a synchronous native call, converting its errors. @internal */
export function callSync<T>(call: (addon: NativeAddon) => T): T {
  const loaded = native();
  try {
    return call(loaded);
  } catch (error) {
    throw fromNativeError(error);
  }
}

/** Runs an asynchronous native call, converting its errors. @internal */
export async function callAsync<T>(call: (addon: NativeAddon) => Promise<T>): Promise<T> {
  const loaded = native();
  try {
    return await call(loaded);
  } catch (error) {
    throw fromNativeError(error);
  }
}

/** One step of an operation: returns its result, or with `async` a Promise of it. @internal */
export type Step = (async: boolean) => unknown;

/** A generator of batches of steps returning `R`. @internal */
export type Program<R> = Generator<readonly Step[], R, unknown[]>;

/** A native call as a step: `call` gets the addon and the form to use; errors are converted. @internal */
export function onAddon(call: (addon: NativeAddon, async: boolean) => unknown): Step {
  return (async) =>
    async ? callAsync(async (addon) => await call(addon, true)) : callSync((addon) => call(addon, false));
}

/** Calls a native function in the form `async` asks for. @internal */
export function dual<A extends unknown[], R>(fn: Dual<A, R>, async: boolean, ...args: A): R | Promise<R> {
  return async ? fn(...args, true) : fn(...args, false);
}

/** Runs `program` on the calling thread. @internal */
export function runSync<R>(program: Program<R>): R {
  let step = program.next([]);
  while (!step.done) step = program.next(step.value.map((s) => s(false)));
  return step.value;
}

/** Runs `program` off the main thread, at most `concurrency` steps of a batch at a time. @internal */
export async function runAsync<R>(program: Program<R>, concurrency = Infinity): Promise<R> {
  let step = program.next([]);
  while (!step.done) step = program.next(await inPool(step.value, concurrency));
  return step.value;
}

async function inPool(steps: readonly Step[], concurrency: number): Promise<unknown[]> {
  const results = new Array<unknown>(steps.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < steps.length) {
      const i = next++;
      results[i] = await (steps[i] as Step)(true);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
  return results;
}
