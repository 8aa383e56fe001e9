import { describeFailure } from './rpc.js';
import type { Session } from './session.js';
import { CheckFailed, CheckSkipped, type Verdict } from './verdict.js';

/** One contract check. It creates what it needs through the session, which removes it all when the run ends. */
export interface Check {
  name: string;
  run(session: Session): Promise<Verdict>;
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
