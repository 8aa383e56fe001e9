import { status } from '@grpc/grpc-js';
import { codeName, codeOf } from '../rpc.js';
import type { Check } from '../check.js';
import { expect, ok, pass } from '../verdict.js';

export const sandboxLifecycleChecks: Check[] = [
  {
    name: 'sandbox.create-start',
    run: async (session) => {
      const { started } = await session.startSandbox();
      return pass(`Create and Start of a CRI host-network pod succeeded (pid ${started.pid})`);
    },
  },
  {
    name: 'sandbox.status.ready',
    run: async (session) => {
      const { id } = await session.startSandbox();
      const { state } = await ok('Status', session.api.status(id));
      expect(
        state === 'SANDBOX_READY',
        `Status after Start says ${JSON.stringify(state)}, not "SANDBOX_READY"`,
      );
      return pass('Status after Start says "SANDBOX_READY"');
    },
  },
  {
    name: 'sandbox.status.notready-after-stop',
    run: async (session) => {
      const { id } = await session.startSandbox();
      await ok('Stop', session.api.stop(id));
      const { state } = await ok('Status', session.api.status(id));
      expect(
        state === 'SANDBOX_NOTREADY',
        `Status after Stop says ${JSON.stringify(state)}, not "SANDBOX_NOTREADY"`,
      );
      return pass('Status after Stop says "SANDBOX_NOTREADY" (the record is kept)');
    },
  },
  {
    name: 'sandbox.stop.idempotent',
    run: async (session) => {
      const { id } = await session.startSandbox();
      await ok('Stop', session.api.stop(id));
      await ok('a second Stop', session.api.stop(id));
      await ok('Status after two Stops', session.api.status(id));
      return pass('a second Stop succeeds and the sandbox still answers Status (contract A5)');
    },
  },
  {
    name: 'sandbox.shutdown.cleanup',
    run: async (session) => {
      const { id } = await session.startSandbox();
      await ok('Stop', session.api.stop(id));
      await ok('Shutdown', session.api.shutdown(id));
      const code = await codeOf(session.api.status(id));
      expect(code === status.NOT_FOUND, `Status after Shutdown answered ${codeName(code)}, not NOT_FOUND`);
      const again = await codeOf(session.api.shutdown(id));
      expect(
        again === status.OK || again === status.NOT_FOUND,
        `a second Shutdown answered ${codeName(again)}; containerd tolerates only OK or NOT_FOUND`,
      );
      return pass(
        `after Stop and Shutdown, Status answers NOT_FOUND; a second Shutdown answers ${codeName(again)}`,
      );
    },
  },
  {
    name: 'sandbox.shutdown.never-started',
    run: async (session) => {
      const id = await session.createSandbox();
      await ok('Shutdown of a created sandbox', session.api.shutdown(id));
      const code = await codeOf(session.api.status(id));
      expect(code === status.NOT_FOUND, `Status after Shutdown answered ${codeName(code)}, not NOT_FOUND`);
      return pass('a sandbox created but never started can be shut down (contract A2.5)');
    },
  },
  {
    name: 'sandbox.platform',
    run: async (session) => {
      const { id } = await session.startSandbox();
      const { platform } = await ok('Platform', session.api.platform(id));
      expect(platform?.os === 'linux', `Platform says os ${JSON.stringify(platform?.os)}, not "linux"`);
      return pass(`Platform says linux/${platform.architecture} (contract A7)`);
    },
  },
];
