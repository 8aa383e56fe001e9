import type { Check } from '../check.js';
import { expect, fail, ok, pass, skip } from '../verdict.js';
import type { Session } from '../session.js';

/** containerd talks to a task address only for version 3 or later (contract 0.6). */
const MIN_TASK_API_VERSION = 3;

async function startedWithAddress(session: Session) {
  const { id, started } = await session.startSandbox();
  if (started.address === '') skip('Start returned no task address');
  return { id, started };
}

export const sandboxAddressChecks: Check[] = [
  {
    name: 'sandbox.address.version',
    run: async (session) => {
      const { started } = await startedWithAddress(session);
      expect(
        started.version >= MIN_TASK_API_VERSION,
        `Start returned address ${started.address} with version ${started.version}; containerd ignores an ` +
          `address below version ${MIN_TASK_API_VERSION} and execs a shim instead`,
      );
      return pass(`Start returned ${started.address} with version ${started.version}`);
    },
  },
  {
    name: 'sandbox.address.format',
    run: async (session) => {
      const { address } = (await startedWithAddress(session)).started;
      if (address.startsWith('ttrpc+')) return pass(`${address} is a ttrpc address containerd can dial`);
      if (/^grpc\+\//.test(address)) return pass(`${address} is grpc+<bare path>, which containerd can dial`);
      return fail(
        `${address} cannot be dialled by containerd: use grpc+/absolute/path or ttrpc+unix:///path (contract 0.7)`,
      );
    },
  },
  {
    name: 'sandbox.address.status-matches',
    run: async (session) => {
      const { id, started } = await startedWithAddress(session);
      const answer = await ok('Status', session.api.status(id));
      expect(
        answer.address === started.address && answer.version === started.version,
        `Status says ${answer.address} v${answer.version}, Start said ${started.address} v${started.version}; ` +
          'containerd rebuilds the task endpoint from Status after a restart (contract A9)',
      );
      return pass('Status returns the address and version Start returned');
    },
  },
  {
    name: 'sandbox.status.verbose-info',
    run: async (session) => {
      const { id } = await session.startSandbox();
      const { info } = await ok('verbose Status', session.api.status(id, true));
      const text = info['info'];
      if (text === undefined)
        skip('verbose Status returned no info["info"] (allowed: containerd then shows none)');
      try {
        JSON.parse(text);
      } catch (error) {
        return fail(
          `info["info"] is not JSON (${(error as Error).message}); crictl inspectp would fail (contract A4)`,
        );
      }
      return pass(`info["info"] is a JSON document of ${text.length} bytes`);
    },
  },
];
