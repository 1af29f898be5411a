// What counts as right for a probe (see cases.mjs): a typed RepsimError with a
// stable code and a one-line message, or, where the input is valid, the
// right number. Everything else is 'silent wrong' (a number where there must
// be none, or the wrong one) or 'unclear' (an untyped error, INTERNAL, a
// message on several lines).
import { CallersOwnError, apiCases, fileProbeCases, valueOf } from './cases.mjs';
import { distributedCases } from './distributed-cases.mjs';
import { fileCases, writeTemp } from './file-cases.mjs';

export function allCases() {
  return [...apiCases(), ...fileProbeCases(fileCases, writeTemp), ...distributedCases(fileCases, writeTemp)];
}

// Every stable code is typed except these two: a bug, or no addon at all.
const UNTYPED = new Set(['INTERNAL', 'NATIVE_UNAVAILABLE']);

function errorOutcome(error) {
  const typed = error?.name === 'RepsimError' && !UNTYPED.has(error.code);
  const oneLine =
    typeof error?.message === 'string' && error.message.length > 0 && !error.message.includes('\n');
  if (typed && oneLine) return { outcome: 'ok', detail: error.code };
  return {
    outcome: 'unclear',
    detail: `${error?.name}: ${error?.code ?? ''} ${String(error?.message).split('\n')[0]}`,
  };
}

function finiteNumbers(result) {
  const v = valueOf(result);
  if (
    result instanceof Map ||
    (result && typeof result === 'object' && 'data' in result && 'shape' in result)
  )
    return true;
  return Number.isFinite(v);
}

export async function classify(c, repsim) {
  let result;
  try {
    result = await c.run(repsim);
  } catch (error) {
    if (c.expect === 'own error') {
      return error instanceof CallersOwnError
        ? { outcome: 'ok', detail: "the caller's own error, unchanged" }
        : { outcome: 'unclear', detail: `the caller's error replaced by ${error?.name} ${error?.message}` };
    }
    const typed = errorOutcome(error);
    if (c.expect === 'load' && typed.outcome === 'ok')
      return { outcome: 'unclear', detail: `refused a valid file: ${typed.detail}` };
    return typed;
  }
  switch (c.expect) {
    case 'refuse':
    case 'own error':
      return { outcome: 'silent wrong', detail: `accepted: ${String(valueOf(result))}` };
    case 'load':
    case 'either':
      return { outcome: 'ok', detail: 'loaded' };
    case 'finite':
      return finiteNumbers(result)
        ? { outcome: 'ok', detail: 'value' }
        : { outcome: 'silent wrong', detail: `non-finite ${valueOf(result)}` };
    case 'same': {
      const expected = valueOf(await c.baseline(repsim));
      const got = valueOf(result);
      const close = Math.abs(got - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
      return close
        ? { outcome: 'ok', detail: 'same value' }
        : { outcome: 'silent wrong', detail: `${got} instead of ${expected}` };
    }
    default:
      return { outcome: 'unclear', detail: `unknown expectation ${c.expect}` };
  }
}
