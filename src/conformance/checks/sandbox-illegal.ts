import { status } from '@grpc/grpc-js';
import { sandboxModel } from '../../transitions/models.js';
import type { Check } from '../check.js';
import { expect, ok, pass } from '../verdict.js';
import { liveStates, refusedCalls } from '../illegal.js';
import { codeName, codeOf } from '../rpc.js';
import type { Session } from '../session.js';

/** How the runner brings a new sandbox into each state of machines/sandbox.machine.ts. */
export const SANDBOX_DRIVERS: Record<string, (session: Session) => Promise<string>> = {
  created: (session) => session.createSandbox(),
  running: async (session) => (await session.startSandbox()).id,
  stopped: async (session) => {
    const { id } = await session.startSandbox();
    await ok('Stop', session.api.stop(id));
    return id;
  },
};

const CALLS: Record<string, (session: Session, id: string) => Promise<unknown>> = {
  Start: (session, id) => session.api.start(id),
  Stop: (session, id) => session.api.stop(id),
  Shutdown: (session, id) => session.api.shutdown(id),
  Update: (session, id) => session.api.updateLabel(id, 'conformance', 'illegal'),
};

function illegalCheck(state: string, calls: string[]): Check {
  return {
    name: `sandbox.illegal.${state}`,
    run: async (session) => {
      const drive = SANDBOX_DRIVERS[state];
      if (!drive) throw new Error(`no way to bring a sandbox into ${state}`);
      const id = await drive(session);
      const before = await ok('Status', session.api.status(id));
      const answers: string[] = [];
      for (const call of calls) {
        const send = CALLS[call];
        if (!send) throw new Error(`no Controller call for ${call}`);
        const code = await codeOf(send(session, id));
        expect(
          code !== status.OK,
          `${call} of a ${state} sandbox succeeded; the lifecycle allows it only elsewhere`,
        );
        answers.push(`${call} → ${codeName(code)}`);
      }
      const after = await ok('Status', session.api.status(id));
      expect(
        after.state === before.state,
        `Status went from ${before.state} to ${after.state} after refused calls`,
      );
      return pass(`a ${state} sandbox refuses ${answers.join(', ')}; Status unchanged`);
    },
  };
}

/** One check per sandbox state that refuses some Controller call (docs/transitions.md, derived from the machine). */
export const sandboxIllegalChecks: Check[] = liveStates(sandboxModel)
  .map((state) => ({ state, calls: refusedCalls(sandboxModel, state, Object.keys(CALLS)) }))
  .filter(({ calls }) => calls.length > 0)
  .map(({ state, calls }) => illegalCheck(state, calls));
