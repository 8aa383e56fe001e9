import { describeFailure } from './rpc.js';
import type { Session } from './session.js';

export type Result = 'pass' | 'fail' | 'skip';

export interface Verdict {
  result: Result;
  /** One line saying what was seen: why it passed, failed or does not apply. */
  why: string;
}

/** One contract check. It creates what it needs through the session, which removes it all when the run ends. */
export interface Check {
  name: string;
  run(session: Session): Promise<Verdict>;
}

/** Thrown inside a check to end it as failed. */
export class CheckFailed extends Error {}

/** Thrown inside a check to end it as not applicable (e.g. the sandboxer returned no task address). */
export class CheckSkipped extends Error {}

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
    return fail(describeFailure(call, error));
  }
}

export async function verdictOf(check: Check, session: Session): Promise<Verdict> {
  try {
    return await check.run(session);
  } catch (error) {
    if (error instanceof CheckSkipped) return { result: 'skip', why: error.message };
    if (error instanceof CheckFailed) return { result: 'fail', why: error.message };
    return { result: 'fail', why: describeFailure('the check', error) };
  }
}
