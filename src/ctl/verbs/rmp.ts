import { removeBundle } from '../bundle.js';
import { CtlError } from '../errors.js';
import { resolveSandbox } from '../resolve.js';
import { flag, type Verb } from '../verb.js';

export const rmp: Verb = {
  name: 'rmp',
  args: 'POD_ID...',
  summary: 'remove pod sandboxes and their containers',
  description:
    'Controller.Shutdown for each pod, which deletes it, its containers and its files. As with crictl, a pod\n' +
    'that is not stopped is refused unless --force is given. Bundles the ctl wrote for its containers are removed.',
  options: { force: { type: 'boolean', short: 'f' } },
  optionHelp: [['-f, --force', 'remove the pod even when it is not stopped']],
  minArgs: 1,
  maxArgs: Infinity,
  defaultOutput: 'table',
  async run({ api, io, bundleDir }, ids, values) {
    for (const prefix of ids) {
      const sandbox = await resolveSandbox(api, prefix);
      if (sandbox.state !== 'stopped' && !flag(values, 'force')) {
        throw new CtlError(
          `pod sandbox ${sandbox.id} is ${sandbox.state}: stop it first (stopp) or use --force`,
          'FAILED_PRECONDITION',
        );
      }
      await api.shutdownSandbox(sandbox.id);
      for (const container of sandbox.containers) await removeBundle(bundleDir, container.bundle);
      io.stdout(`Removed sandbox ${sandbox.id}\n`);
    }
  },
};
