/**
 * An operation that makes native calls, written once and run on the calling
 * thread ({@link runSync}) or off it ({@link runAsync}): the `…Sync` function
 * and its Promise twin share every line but the runner.
 *
 * The operation is a generator that yields batches of native calls and
 * receives their results in the same order. `runAsync` starts a batch's calls
 * together (each on libuv's pool); `runSync` makes them one after another.
 * Errors from the calls become RepsimErrors, as with callSync / callAsync.
 */
import { callAsync, callSync, type Dual, type NativeAddon } from './load.js';

/** One native call: a function of the addon and of the form to use. @internal */
export type NativeCall = (addon: NativeAddon, async: boolean) => unknown;

/** A generator of batches of native calls returning `R`. @internal */
export type NativeProgram<R> = Generator<readonly NativeCall[], R, unknown[]>;

/** Calls a native function in the form `async` asks for. @internal */
export function dual<A extends unknown[], R>(fn: Dual<A, R>, async: boolean, ...args: A): R | Promise<R> {
  return async ? fn(...args, true) : fn(...args, false);
}

/** Runs `program` on the calling thread. @internal */
export function runSync<R>(program: NativeProgram<R>): R {
  let step = program.next([]);
  while (!step.done) {
    step = program.next(step.value.map((call) => callSync((addon) => call(addon, false))));
  }
  return step.value;
}

/** Runs `program` with its native calls off the main thread. @internal */
export async function runAsync<R>(program: NativeProgram<R>): Promise<R> {
  let step = program.next([]);
  while (!step.done) {
    const batch = step.value;
    step = program.next(
      await Promise.all(batch.map((call) => callAsync(async (addon) => await call(addon, true)))),
    );
  }
  return step.value;
}
