import { removeBundle } from '../bundle.js';
import { CtlError } from '../errors.js';
import { resolveContainer } from '../resolve.js';
import { flag, type Verb } from '../verb.js';
import { stopContainer } from './stop.js';

export const rm: Verb = {
  name: 'rm',
  args: 'CONTAINER_ID...',
  summary: 'remove containers',
  description:
    "The task API's Delete for each container, and its bundle if the ctl wrote it. As with crictl, a running or\n" +
    'paused container is refused unless --force is given (which stops it first, with SIGKILL).',
  options: { force: { type: 'boolean', short: 'f' } },
  optionHelp: [['-f, --force', 'stop the container first if it is running or paused']],
  minArgs: 1,
  maxArgs: Infinity,
  defaultOutput: 'table',
  async run({ api, io, bundleDir }, ids, values) {
    for (const prefix of ids) {
      const container = await resolveContainer(api, prefix);
      if (container.state === 'running' || container.state === 'paused') {
        if (!flag(values, 'force')) {
          throw new CtlError(
            `container ${container.id} is ${container.state}: stop it first or use --force`,
            'FAILED_PRECONDITION',
          );
        }
        await stopContainer(api, container.sandboxId, container.id, 0);
      }
      await api.deleteTask(container.sandboxId, container.id);
      await removeBundle(bundleDir, container.bundle);
      io.stdout(container.id + '\n');
    }
  },
};
