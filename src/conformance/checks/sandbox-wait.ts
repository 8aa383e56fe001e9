import { describeFailure } from '../rpc.js';
import type { Check } from '../check.js';
import { expect, fail, ok, pass } from '../verdict.js';
import { sleep, type Watched } from '../watch.js';

/** What a Wait that should have returned did instead, for a failure message. */
async function exitOf(wait: Watched<{ exitStatus: number }>, ms: number, what: string): Promise<number> {
  const outcome = await wait.within(ms);
  if (outcome === null) return fail(`${what} did not return within ${ms} ms`);
  if ('error' in outcome) return fail(describeFailure(what, outcome.error));
  return outcome.answer.exitStatus;
}

export const sandboxWaitChecks: Check[] = [
  {
    name: 'sandbox.wait.blocks',
    run: async (session) => {
      const { id } = await session.startSandbox();
      const wait = session.waitSandbox(id);
      await sleep(session.options.waitWindowMs);
      expect(
        !wait.settled,
        'Wait returned while the sandbox is running; it must block until Stop (contract A3)',
      );
      return pass(`Wait still pending ${session.options.waitWindowMs} ms after Start`);
    },
  },
  {
    name: 'sandbox.wait.released-by-stop',
    run: async (session) => {
      const { id } = await session.startSandbox();
      const wait = session.waitSandbox(id);
      await ok('Status', session.api.status(id));
      expect(!wait.settled, 'Wait returned before Stop was sent, so Stop cannot be what released it');
      await ok('Stop', session.api.stop(id));
      const exit = await exitOf(wait, session.options.answerMs, 'a Wait pending at Stop');
      return pass(`a Wait pending at Stop returned exit status ${exit} after it`);
    },
  },
  {
    name: 'sandbox.wait.after-stop',
    run: async (session) => {
      const { id } = await session.startSandbox();
      await ok('Stop', session.api.stop(id));
      const exit = await exitOf(session.waitSandbox(id), session.options.answerMs, 'a Wait sent after Stop');
      return pass(`a Wait sent after Stop returns at once (exit status ${exit})`);
    },
  },
];
