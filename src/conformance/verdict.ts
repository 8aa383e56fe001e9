/**
 * How a check ends: a verdict, or one of the helpers a check (and the session it uses) calls to end it early. Kept
 * apart from check.ts so the session can use them without importing the checks that use the session.
 */
import { CheckFailed, CheckSkipped } from './check-errors.js';
import { describeFailure } from './rpc.js';

export { CheckFailed, CheckSkipped };

export type Result = 'pass' | 'fail' | 'skip';

export interface Verdict {
  result: Result;
  /** One line saying what was seen: why it passed, failed or does not apply. */
  why: string;
}

export const pass = (why: string): Verdict => ({ result: 'pass', why });

export function fail(why: string): never {
  throw new CheckFailed(why);
}

export function skip(why: string): never {
  throw new CheckSkipped(why);
}

export function expect(condition: boolean, why: string): asserts condition {
  if (!condition) fail(why);
}

/** The answer of a call that must succeed; otherwise the check fails saying which call answered what. */
export async function ok<T>(call: string, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof CheckFailed) throw error;
    return fail(describeFailure(call, error));
  }
}
