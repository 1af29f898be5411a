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
import { setMaxListeners } from 'node:events';

import { fromNativeError } from '../base/errors.js';
import type { CallControl } from '../base/options.js';
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

let lastCancelId = 0;

/** How often a running call's progress is read. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs an asynchronous native call, converting its errors. With a `signal`
 * or `onProgress`, the call gets an id as its mode (see
 * native/binding/cancel_registry): the signal firing cancels the native work
 * and the call rejects with the signal's reason; progress is read every
 * 100 ms and reported when it changed, and once more at the end (so even a
 * call shorter than 100 ms reports its units once). @internal
 */
export async function callAsync<T>(
  call: (addon: NativeAddon, mode: true | number) => Promise<T>,
  control: CallControl = {},
): Promise<T> {
  const { signal, onProgress } = control;
  const loaded = native();
  if (signal === undefined && onProgress === undefined) {
    try {
      return await call(loaded, true);
    } catch (error) {
      throw fromNativeError(error);
    }
  }
  signal?.throwIfAborted();
  const id = ++lastCancelId;
  const cancel = () => loaded.cancel(id);
  signal?.addEventListener('abort', cancel, { once: true });
  let reported = -1;
  let total = 0;
  const report = () => {
    const progress = loaded.progress(id);
    if (onProgress && progress && progress[1] > 0 && progress[0] !== reported) {
      [reported, total] = progress;
      onProgress(reported, total);
    }
  };
  const timer = onProgress ? setInterval(report, PROGRESS_INTERVAL_MS) : undefined;
  timer?.unref();
  try {
    const result = await call(loaded, id);
    if (onProgress) {
      report(); // the final count, which the binding keeps for a moment after the call
      if (total > 0 && reported < total) onProgress(total, total);
    }
    return result;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw fromNativeError(error);
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/** One step of an operation: returns its result, or with `async` a Promise of it. @internal */
export type Step = (async: boolean, control?: CallControl) => unknown;

/** A generator of batches of steps returning `R`. @internal */
export type Program<R> = Generator<readonly Step[], R, unknown[]>;

/** How a native function runs: `false` Sync, `true` Promise, a number a cancellable Promise. @internal */
export type CallMode = boolean | number;

/** A native call as a step: `call` gets the addon and the mode to call it in; errors are converted. @internal */
export function onAddon(call: (addon: NativeAddon, mode: CallMode) => unknown): Step {
  return (async, control) =>
    async
      ? callAsync(async (addon, mode) => await call(addon, mode), control)
      : callSync((addon) => call(addon, false));
}

/** Calls a native function in the mode asked for. @internal */
export function dual<A extends unknown[], R>(fn: Dual<A, R>, mode: CallMode, ...args: A): R | Promise<R> {
  return mode === false ? fn(...args, false) : fn(...args, mode);
}

/** Runs `program` on the calling thread. @internal */
export function runSync<R>(program: Program<R>): R {
  let step = program.next([]);
  while (!step.done) step = program.next(step.value.map((s) => s(false)));
  return step.value;
}

/**
 * Runs `program` off the main thread, at most `concurrency` steps of a batch
 * at a time; a `signal` cancels the native steps in flight and stops the
 * program before its next step; `onProgress` receives each native step's
 * progress. @internal
 */
export async function runAsync<R>(
  program: Program<R>,
  concurrency = Infinity,
  control: CallControl = {},
): Promise<R> {
  // One listener on the caller's signal, however many steps run at once
  // (a listener per step would pass Node's limit of 10 and warn).
  const inner = control.signal && new AbortController();
  const forward = () => inner?.abort(control.signal?.reason);
  if (inner) {
    setMaxListeners(Infinity, inner.signal);
    if (control.signal?.aborted) forward();
    control.signal?.addEventListener('abort', forward, { once: true });
  }
  const own: CallControl = { signal: inner?.signal, onProgress: control.onProgress };
  const stepControl = summedProgress(own);
  try {
    let step = program.next([]);
    while (!step.done) step = program.next(await inPool(step.value, concurrency, own, stepControl));
    return step.value;
  } finally {
    control.signal?.removeEventListener('abort', forward);
  }
}

/**
 * Progress of a program's native steps added up: each step reports its own
 * units, and the caller sees the sum over every step started so far (so the
 * total grows as later steps start, and `done` never goes back).
 */
function summedProgress(control: CallControl): () => CallControl {
  const { onProgress } = control;
  if (onProgress === undefined) return () => control;
  const steps = new Map<number, [number, number]>();
  return () => {
    const step = steps.size;
    steps.set(step, [0, 0]);
    return {
      signal: control.signal,
      onProgress: (done, total) => {
        steps.set(step, [done, total]);
        let sumDone = 0;
        let sumTotal = 0;
        for (const [d, t] of steps.values()) {
          sumDone += d;
          sumTotal += t;
        }
        onProgress(sumDone, sumTotal);
      },
    };
  };
}

async function inPool(
  steps: readonly Step[],
  concurrency: number,
  control: CallControl,
  stepControl: () => CallControl,
): Promise<unknown[]> {
  const results = new Array<unknown>(steps.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < steps.length) {
      control.signal?.throwIfAborted();
      const i = next++;
      results[i] = await (steps[i] as Step)(true, stepControl());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
  return results;
}
