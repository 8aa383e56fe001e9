import { status } from '@grpc/grpc-js';
import { codeName, codeOf, codeOfError } from '../rpc.js';
import type { Check } from '../check.js';
import { expect, pass } from '../verdict.js';

/** containerd ignores NotFound from Stop and Shutdown (contract A8), so success is as good. */
function tolerated(call: 'Stop' | 'Shutdown'): Check {
  return {
    name: `sandbox.not-found.${call.toLowerCase()}`,
    run: async (session) => {
      const id = session.newId('unknown');
      const code = await codeOf(call === 'Stop' ? session.api.stop(id) : session.api.shutdown(id));
      expect(
        code === status.OK || code === status.NOT_FOUND,
        `${call} of an unknown id answered ${codeName(code)}; containerd tolerates only OK or NOT_FOUND`,
      );
      return pass(`${call} of an unknown id answers ${codeName(code)} (tolerated by containerd)`);
    },
  };
}

export const sandboxNotFoundChecks: Check[] = [
  {
    name: 'sandbox.not-found.status',
    run: async (session) => {
      const code = await codeOf(session.api.status(session.newId('unknown')));
      expect(code === status.NOT_FOUND, `Status of an unknown id answered ${codeName(code)}, not NOT_FOUND`);
      return pass('Status of an unknown id answers NOT_FOUND (containerd then reports the pod NOTREADY)');
    },
  },
  {
    name: 'sandbox.not-found.wait',
    run: async (session) => {
      const outcome = await session.waitSandbox(session.newId('unknown')).within(session.options.answerMs);
      expect(outcome !== null, `Wait of an unknown id did not answer within ${session.options.answerMs} ms`);
      const code = 'error' in outcome ? codeOfError(outcome.error) : status.OK;
      expect(code === status.NOT_FOUND, `Wait of an unknown id answered ${codeName(code)}, not NOT_FOUND`);
      return pass('Wait of an unknown id answers NOT_FOUND at once');
    },
  },
  tolerated('Stop'),
  tolerated('Shutdown'),
];
